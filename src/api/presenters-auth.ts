import type { FastifyRequest } from 'fastify';
import type { AuthConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/accounts.js';
import type { Role } from '../domain/access.js';
import { resolveSession, type ResolvedSession, type SessionInfo } from '../services/sessions.js';
import { iso } from './presenters.js';

const language = (value: string | null): 'sv' | 'en' | null => (value === 'sv' || value === 'en' ? value : null);

/** The session as the client needs it: the person, their organizations and roles, the CSRF token, the expiry. */
export async function presentSessionState(db: Db, session: ResolvedSession | SessionInfo | null, auth: AuthConfig) {
  const resolved = session && 'token' in session ? await resolveSession(db, session.token, auth) : session;
  if (!resolved) return { user: null, csrfToken: null, expiresAt: null, idleExpiresAt: null, idleMinutes: auth.sessionIdleMinutes };
  const user = await repo.findUser(db, resolved.actor.userId);
  const memberships = await repo.listMembershipsOfUser(db, resolved.actor.userId);
  return {
    user: {
      id: resolved.actor.userId,
      email: resolved.actor.email,
      displayName: resolved.actor.displayName,
      isSystemAdmin: resolved.actor.isSystemAdmin,
      preferredLanguage: language(user?.preferredLanguage ?? null),
      memberships: memberships.map((m) => ({ organization: m.organization, role: m.membership.role as Role, unitIds: m.membership.unitIds })),
    },
    csrfToken: resolved.csrfToken,
    expiresAt: resolved.expiresAt,
    idleExpiresAt: resolved.idleExpiresAt,
    idleMinutes: auth.sessionIdleMinutes,
  };
}

export const presentAccount = (user: repo.UserRow) => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  preferredLanguage: language(user.preferredLanguage),
  hasPassword: user.passwordHash !== null,
  lastLoginAt: user.lastLoginAt ? iso(user.lastLoginAt) : null,
  version: user.version,
});

/**
 * Where people reach Fridplan: FRIDPLAN_PUBLIC_URL when set (behind a proxy the request may name an
 * internal address), otherwise the address the request came to.
 */
export function publicOrigin(request: FastifyRequest, auth: AuthConfig): string {
  return auth.publicUrl ?? `${request.protocol}://${request.host}`;
}

/** The token goes in the fragment, which browsers never send to a server: it stays out of every log. */
export const presentResetLink = (origin: string, reset: { token: string; expiresAt: string }) => ({
  url: `${origin}/reset-password#token=${encodeURIComponent(reset.token)}`,
  token: reset.token,
  expiresAt: iso(reset.expiresAt),
});
