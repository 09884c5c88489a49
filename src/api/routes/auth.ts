import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import { changePassword, login, redeemPasswordReset } from '../../services/accounts.js';
import { getAccount, updateAccount } from '../../services/account-profile.js';
import { endSession } from '../../services/sessions.js';
import { clearSessionCookie, setSessionCookie } from '../access/authentication.js';
import { publicAccess, signedIn } from '../access/policy.js';
import { presentAccount, presentSessionState } from '../presenters-auth.js';
import * as s from '../schemas.js';
import * as a from '../schemas-auth.js';

export const authRoutes: FastifyPluginAsyncZod<{ db: Db; auth: AuthConfig }> = async (app, { db, auth }) => {
  const limited = { rateLimit: { max: auth.authRateLimit, timeWindow: '1 minute' } };

  app.get('/auth/session', {
    config: { policy: publicAccess },
    schema: { tags: ['auth'], summary: 'Who is signed in (user null for the public), with the CSRF token for changes', response: { 200: a.sessionState } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return presentSessionState(db, req.session, auth);
    },
  });

  app.post('/auth/login', {
    config: { policy: publicAccess, ...limited },
    schema: { tags: ['auth'], summary: 'Sign in with e-mail and password; sets the session cookie', body: a.loginBody, response: { 200: a.sessionState, ...a.authErrors } },
    handler: async (req, reply) => {
      const { session } = await login(db, { email: req.body.email, password: req.body.password, address: req.ip }, auth);
      setSessionCookie(reply, req, session, auth);
      reply.header('cache-control', 'no-store');
      return presentSessionState(db, session, auth);
    },
  });

  app.post('/auth/logout', {
    config: { policy: publicAccess },
    schema: { tags: ['auth'], summary: 'End the session', response: { 204: s.empty, ...a.authErrors } },
    handler: async (req, reply) => {
      if (req.session) await endSession(db, req.session.idHash);
      clearSessionCookie(reply, req, auth);
      return reply.code(204).send(null);
    },
  });

  app.post('/auth/password', {
    config: { policy: signedIn, ...limited },
    schema: { tags: ['auth'], summary: 'Change your own password (your other sessions end)', body: a.changePasswordBody, response: { 204: s.empty, ...a.authErrors } },
    handler: async (req, reply) => {
      if (req.actor.kind !== 'user' || !req.session) return reply.code(401).send(null as never);
      await changePassword(db, req.actor, req.session.idHash, req.body);
      return reply.code(204).send(null);
    },
  });

  app.post('/auth/password-reset', {
    config: { policy: publicAccess, ...limited },
    schema: { tags: ['auth'], summary: 'Set a new password with a reset link an admin issued (single use)', body: a.redeemResetBody, response: { 204: s.empty, ...a.authErrors } },
    handler: async (req, reply) => {
      await redeemPasswordReset(db, req.body);
      return reply.code(204).send(null);
    },
  });

  app.get('/account', {
    config: { policy: signedIn },
    schema: { tags: ['auth'], summary: 'Your own account', response: { 200: a.account, ...a.authErrors } },
    handler: async (req) => presentAccount(await getAccount(db, req.actor)),
  });

  app.patch('/account', {
    config: { policy: signedIn },
    schema: { tags: ['auth'], summary: 'Change your name or preferred language', body: a.updateAccountBody, response: { 200: a.account, ...a.authErrors } },
    handler: async (req) => presentAccount(await updateAccount(db, req.actor, req.body)),
  });
};
