import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import { anonymous, type Actor } from '../../domain/access.js';
import { AppError } from '../../services/errors.js';
import { resolveSession, type ResolvedSession, type SessionInfo } from '../../services/sessions.js';
import type { Policy } from './policy.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: a signed-in person or the anonymous public. Set before any policy runs. */
    actor: Actor;
    session: ResolvedSession | null;
  }
  interface FastifyContextConfig {
    policy?: Policy;
  }
}

export const sessionCookie = 'fridplan_session';
export const csrfHeader = 'x-csrf-token';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Cookies are Secure when Fridplan is served over https (directly or, with trust proxy, behind one). */
export function isHttps(request: FastifyRequest, config: AuthConfig): boolean {
  return request.protocol === 'https' || (config.publicUrl?.startsWith('https://') ?? false);
}

export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, session: SessionInfo, config: AuthConfig): void {
  reply.setCookie(sessionCookie, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request, config),
    expires: new Date(session.expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest, config: AuthConfig): void {
  reply.clearCookie(sessionCookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(request, config) });
}

/**
 * Resolves the session cookie into `request.actor` on every request, and checks the CSRF token on
 * every cookie-authenticated change: the client sends the session's token (from GET /auth/session)
 * in the X-CSRF-Token header, which a page on another site cannot read or set.
 */
export function registerAuthentication(app: FastifyInstance, db: Db, config: AuthConfig): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    request.actor = anonymous;
    request.session = null;
    const token = request.cookies[sessionCookie];
    if (!token) return;
    const session = await resolveSession(db, token, config);
    if (!session) return;
    request.session = session;
    request.actor = session.actor;
    if (unsafeMethods.has(request.method) && request.headers[csrfHeader] !== session.csrfToken) {
      throw new AppError(403, 'csrf_failed');
    }
  });
}
