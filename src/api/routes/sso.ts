import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import * as sso from '../../services/sso.js';
import { endSession } from '../../services/sessions.js';
import { isHttps, setSessionCookie } from '../access/authentication.js';
import * as policy from '../access/policy.js';
import { publicOrigin } from '../presenters-auth.js';
import * as s from '../schemas.js';
import * as a from '../schemas-auth.js';

const redirect = z.null().describe('A redirect (Location header)');

/**
 * Single sign-on: the organization admin's configuration, the choices on the login page, and the
 * two legs of the browser's trip to the provider and back. The browser legs always answer with a
 * redirect: to the provider, to where the person was going, or to the login page with a reason.
 */
export const ssoRoutes: FastifyPluginAsyncZod<{ db: Db; auth: AuthConfig }> = async (app, { db, auth }) => {
  const limited = { rateLimit: { max: auth.authRateLimit, timeWindow: '1 minute' } };
  const callbackPath = '/api/v1/auth/sso/callback';
  /** The state of the login this browser started, readable only by the callback. */
  const stateCookie = 'fridplan_sso_state';
  const stateCookieOptions = (req: Parameters<typeof isHttps>[0]) => ({ path: callbackPath, httpOnly: true, sameSite: 'lax' as const, secure: isHttps(req, auth) });

  app.get('/organizations/:organizationId/sso', {
    config: { policy: policy.organization('admin') },
    schema: { tags: ['sso'], summary: "The organization's single sign-on (404 when none is configured)", params: s.organizationParams, response: { 200: a.ssoProvider, ...a.authErrors } },
    handler: async (req) => sso.presentSsoProvider(await sso.getSsoProvider(db, req.params.organizationId)),
  });

  app.put('/organizations/:organizationId/sso', {
    config: { policy: policy.organization('admin') },
    schema: {
      tags: ['sso'],
      summary: "Create or change the organization's single sign-on (the client secret is write-only)",
      params: s.organizationParams,
      body: a.putSsoProviderBody,
      response: { 200: a.ssoProvider, ...a.authErrors },
    },
    handler: async (req) => sso.presentSsoProvider(await sso.putSsoProvider(db, req.actor, req.params.organizationId, req.body)),
  });

  app.get('/auth/sso/providers', {
    config: { policy: policy.publicAccess },
    schema: { tags: ['auth'], summary: 'Organizations that offer single sign-on, for the login page', response: { 200: a.ssoChoices } },
    handler: async () => sso.listSsoChoices(db),
  });

  app.get('/auth/sso/start', {
    config: { policy: policy.publicAccess, ...limited },
    schema: { tags: ['auth'], summary: "Go to the organization's identity provider to sign in", querystring: a.ssoStartQuery, response: { 302: redirect, ...a.authErrors } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        const { url, state } = await sso.startSsoLogin(db, { organizationId: req.query.organization, returnTo: req.query.returnTo, redirectUri: publicOrigin(req, auth) + callbackPath });
        // Lax: sent on the provider's top-level redirect back to the callback, not on cross-site subrequests.
        reply.setCookie(stateCookie, state, { ...stateCookieOptions(req), maxAge: 600 });
        return reply.redirect(url.href, 302);
      } catch (error) {
        return reply.redirect(refusalTarget(req.log, error), 302);
      }
    },
  });

  app.get('/auth/sso/callback', {
    config: { policy: policy.publicAccess, ...limited },
    schema: { tags: ['auth'], summary: 'Where the identity provider sends the browser back; signs in and goes on', querystring: a.ssoCallbackQuery, response: { 302: redirect, ...a.authErrors } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      // The provider's whole answer (code, state, iss …) on the redirect URI it was given: openid-client checks all of it.
      const callbackUrl = new URL(publicOrigin(req, auth) + callbackPath);
      callbackUrl.search = new URL(req.url, 'http://fridplan.invalid').search;
      reply.clearCookie(stateCookie, stateCookieOptions(req));
      try {
        const { session, returnTo } = await sso.finishSsoLogin(db, { state: req.query.state, browserState: req.cookies[stateCookie], error: req.query.error, callbackUrl }, auth);
        // A session this browser had before (perhaps another person's) ends with the new login.
        if (req.session) await endSession(db, req.session.idHash);
        setSessionCookie(reply, req, session, auth);
        return reply.redirect(returnTo, 302);
      } catch (error) {
        return reply.redirect(refusalTarget(req.log, error), 302);
      }
    },
  });
};

/** Any failure of a browser leg ends on the login page with a reason; the log says why, without tokens. */
function refusalTarget(log: { warn: (obj: object, msg: string) => void }, error: unknown): string {
  const code = error instanceof sso.SsoRefusal ? error.code : 'sso_failed';
  const detail = error instanceof sso.SsoRefusal ? error.detail : error instanceof Error ? `${error.name}: ${(error as { code?: string }).code ?? ''} ${error.message}` : String(error);
  log.warn({ sso: code, detail }, 'single sign-on refused');
  return `/login?error=${code}`;
}
