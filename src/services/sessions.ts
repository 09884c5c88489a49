import { createHash, randomBytes } from 'node:crypto';
import type { AuthConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/accounts.js';
import { roles, type Role, type SignedInActor } from '../domain/access.js';

/** 256 random bits, URL-safe. Only its SHA-256 is stored, so a leaked table holds no usable session. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface SessionInfo {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(db: Db, userId: string, method: 'password' | 'sso', config: AuthConfig): Promise<SessionInfo> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + config.sessionMaxHours * 3600_000).toISOString();
  await repo.insertSession(db, { idHash: tokenHash(token), userId, csrfToken, method, expiresAt });
  return { token, csrfToken, expiresAt };
}

const idleCutoff = (config: AuthConfig) => new Date(Date.now() - config.sessionIdleMinutes * 60_000).toISOString();

export interface ResolvedSession {
  idHash: string;
  actor: SignedInActor;
  csrfToken: string;
  expiresAt: string;
  /** When the session ends if nothing more happens. */
  idleExpiresAt: string;
}

/** The signed-in person behind a session token, or null when the token is unknown, expired, idle too long or the account disabled. */
export async function resolveSession(db: Db, token: string, config: AuthConfig): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const idHash = tokenHash(token);
  const session = await repo.findLiveSession(db, idHash, idleCutoff(config));
  if (!session) return null;
  const actor = await loadActor(db, session.userId);
  if (!actor) return null;
  // Written at most once a minute: most requests only read.
  if (Date.now() - new Date(session.lastSeenAt).getTime() > 60_000) await repo.touchSession(db, idHash);
  const idleExpiresAt = new Date(Math.min(Date.now() + config.sessionIdleMinutes * 60_000, new Date(session.expiresAt).getTime())).toISOString();
  return { idHash, actor, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString(), idleExpiresAt };
}

export async function loadActor(db: Db, userId: string): Promise<SignedInActor | null> {
  const user = await repo.findUser(db, userId);
  if (!user || user.disabledAt) return null;
  const rows = await repo.listMembershipsOfUser(db, userId);
  return {
    kind: 'user',
    userId: user.id,
    displayName: user.displayName,
    email: user.email,
    isSystemAdmin: user.isSystemAdmin,
    memberships: rows
      .filter((r) => (roles as readonly string[]).includes(r.membership.role))
      .map((r) => ({ organizationId: r.membership.organizationId, role: r.membership.role as Role, unitIds: r.membership.unitIds })),
  };
}

export const endSession = (db: Db, idHash: string) => repo.deleteSession(db, idHash);

/** Housekeeping: expired sessions and old failed-login records. */
export async function purgeExpired(db: Db, config: AuthConfig): Promise<void> {
  await repo.deleteExpiredSessions(db, idleCutoff(config));
  await repo.deleteOldLoginFailures(db, new Date(Date.now() - 24 * 3600_000).toISOString());
}
