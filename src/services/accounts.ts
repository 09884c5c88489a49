import type { AuthConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/accounts.js';
import type { Actor, SignedInActor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { AppError, invalidFields } from './errors.js';
import { decoyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { createSession, newToken, tokenHash, type SessionInfo } from './sessions.js';
import { inTransaction } from './transaction.js';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const lockoutWindowMs = 15 * 60_000;

/** The same answer whether the e-mail names an account or not. */
const invalidCredentials = () => new AppError(401, 'invalid_credentials');
const tooManyAttempts = () => new AppError(429, 'too_many_attempts', { params: { minutes: 15 } });

/**
 * Checks e-mail and password and opens a session. After `loginMaxFailures` failures for one e-mail
 * address (whether or not it names an account), or ten times as many from one client address,
 * within 15 minutes, logins are refused for a while: even with the right password.
 */
export async function login(db: Db, input: { email: string; password: string; address: string }, config: AuthConfig): Promise<{ session: SessionInfo; userId: string }> {
  const email = normalizeEmail(input.email);
  const counts = await repo.countRecentLoginFailures(db, new Date(Date.now() - lockoutWindowMs).toISOString());
  if ((await counts.byEmail(email)) >= config.loginMaxFailures || (await counts.byAddress(input.address)) >= config.loginMaxFailures * 10) {
    throw tooManyAttempts();
  }
  const user = await repo.findUserByEmail(db, email);
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await decoyPasswordHash(), input.password), false);
  if (!user || !ok || user.disabledAt) {
    await repo.insertLoginFailure(db, email, input.address);
    throw invalidCredentials();
  }
  return inTransaction(db, async (tx) => {
    await repo.clearLoginFailures(tx, email);
    await repo.updateUser(tx, user.id, { lastLoginAt: new Date().toISOString() });
    const session = await createSession(tx, user.id, 'password', config);
    return { session, userId: user.id };
  });
}

/** Changes the signed-in person's own password; their other sessions end. */
export async function changePassword(db: Db, actor: SignedInActor, sessionIdHash: string, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const user = await repo.findUser(db, actor.userId);
  if (!user) throw invalidCredentials();
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw invalidFields([{ path: 'body.currentPassword', code: 'wrong_password' }]);
  }
  const problem = passwordProblem(input.newPassword, user);
  if (problem) throw invalidFields([{ path: 'body.newPassword', code: problem }]);
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(db, async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash });
    await repo.deleteSessionsOfUser(tx, user.id, sessionIdHash);
    await recordAudit(tx, actor, { organizationId: null, entity: 'user', entityId: user.id, action: 'change_password' });
  });
}

export const resetLinkHours = 72;

/** A single-use link an admin hands to a person to set a (new) password. Returns the token; only its hash is stored. */
export async function issuePasswordReset(tx: Db, actor: Actor, userId: string): Promise<{ token: string; expiresAt: string }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + resetLinkHours * 3600_000).toISOString();
  await repo.insertPasswordReset(tx, { tokenHash: tokenHash(token), userId, createdBy: actor.kind === 'user' ? actor.userId : null, expiresAt });
  return { token, expiresAt };
}

/** Sets a new password from a reset link; the link is used up and every session of the account ends. */
export async function redeemPasswordReset(db: Db, input: { token: string; newPassword: string }): Promise<void> {
  await inTransaction(db, async (tx) => {
    const reset = await repo.consumePasswordReset(tx, tokenHash(input.token));
    if (!reset) throw new AppError(400, 'validation_failed', { fields: [{ path: 'body.token', code: 'reset_link_invalid' }] });
    const user = await repo.findUser(tx, reset.userId);
    if (!user || user.disabledAt) throw new AppError(400, 'validation_failed', { fields: [{ path: 'body.token', code: 'reset_link_invalid' }] });
    const problem = passwordProblem(input.newPassword, user);
    if (problem) throw invalidFields([{ path: 'body.newPassword', code: problem }]);
    await repo.updateUser(tx, user.id, { passwordHash: await hashPassword(input.newPassword) });
    await repo.deleteSessionsOfUser(tx, user.id);
    await repo.clearLoginFailures(tx, user.email);
    await recordAudit(tx, { kind: 'user', userId: user.id, displayName: user.displayName, email: user.email, isSystemAdmin: user.isSystemAdmin, memberships: [] }, {
      organizationId: null,
      entity: 'user',
      entityId: user.id,
      action: 'reset_password',
    });
  });
}
