import { and, asc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { loginFailures, memberships, organizations, passwordResets, sessions, users } from '../schema.js';

export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function updateUser(db: Db, id: string, values: Partial<typeof users.$inferInsert>, expectedVersion?: number): Promise<UserRow | undefined> {
  const where = expectedVersion === undefined ? eq(users.id, id) : and(eq(users.id, id), eq(users.version, expectedVersion));
  const [row] = await db
    .update(users)
    .set({ ...values, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(where)
    .returning();
  return row;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function listMembershipsOfUser(db: Db, userId: string) {
  return db
    .select({ membership: memberships, organization: { id: organizations.id, code: organizations.code, name: organizations.name } })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function listMembershipsOfOrganization(db: Db, organizationId: string) {
  return db
    .select({ membership: memberships, user: users })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.displayName), asc(users.email));
}

export async function findMembership(db: Db, userId: string, organizationId: string): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, organizationId)));
  return row;
}

export async function insertMembership(db: Db, values: typeof memberships.$inferInsert): Promise<MembershipRow> {
  const [row] = await db.insert(memberships).values(values).returning();
  return row!;
}

export async function updateMembership(db: Db, id: string, expectedVersion: number, values: Partial<Pick<MembershipRow, 'role' | 'unitIds'>>): Promise<MembershipRow | undefined> {
  const [row] = await db
    .update(memberships)
    .set({ ...values, version: sql`${memberships.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(memberships.id, id), eq(memberships.version, expectedVersion)))
    .returning();
  return row;
}

export async function deleteMembership(db: Db, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(memberships)
    .where(and(eq(memberships.id, id), eq(memberships.version, expectedVersion)))
    .returning({ id: memberships.id });
  return rows.length > 0;
}

// --- sessions -------------------------------------------------------------------------------------

export async function insertSession(db: Db, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

export async function findLiveSession(db: Db, idHash: string, idleCutoff: string): Promise<SessionRow | undefined> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, sql`now()`), gt(sessions.lastSeenAt, idleCutoff)));
  return row;
}

export async function touchSession(db: Db, idHash: string): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Ends every session of a user, or every other one when `keep` is given (after a password change). */
export async function deleteSessionsOfUser(db: Db, userId: string, keep?: string): Promise<void> {
  await db.delete(sessions).where(keep ? and(eq(sessions.userId, userId), ne(sessions.idHash, keep)) : eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db, idleCutoff: string): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.expiresAt} <= now() OR ${sessions.lastSeenAt} <= ${idleCutoff}`);
}

// --- password resets ------------------------------------------------------------------------------

export async function insertPasswordReset(db: Db, values: typeof passwordResets.$inferInsert): Promise<void> {
  await db.insert(passwordResets).values(values);
}

/** Marks a live reset token used and returns it; a used, expired or unknown token returns nothing. */
export async function consumePasswordReset(db: Db, tokenHash: string) {
  const [row] = await db
    .update(passwordResets)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, sql`now()`)))
    .returning();
  return row;
}

// --- failed logins --------------------------------------------------------------------------------

export async function insertLoginFailure(db: Db, email: string, address: string): Promise<void> {
  await db.insert(loginFailures).values({ email, address });
}

export async function countRecentLoginFailures(db: Db, since: string) {
  return {
    byEmail: async (email: string) =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(loginFailures).where(and(eq(loginFailures.email, email), gt(loginFailures.at, since))))[0]?.n ?? 0,
    byAddress: async (address: string) =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(loginFailures).where(and(eq(loginFailures.address, address), gt(loginFailures.at, since))))[0]?.n ?? 0,
  };
}

export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
}

export async function deleteOldLoginFailures(db: Db, before: string): Promise<void> {
  await db.delete(loginFailures).where(lt(loginFailures.at, before));
}

// --- administering members ------------------------------------------------------------------------

/** Inserts a person unless the e-mail is taken (also by a concurrent request); returns nothing then. */
export async function insertUserIfAbsent(db: Db, values: typeof users.$inferInsert): Promise<UserRow | undefined> {
  const [row] = await db.insert(users).values(values).onConflictDoNothing({ target: users.email }).returning();
  return row;
}

/** Inserts a membership unless the person already has one in the organization (also one added concurrently). */
export async function insertMembershipIfAbsent(db: Db, values: typeof memberships.$inferInsert): Promise<MembershipRow | undefined> {
  const [row] = await db
    .insert(memberships)
    .values(values)
    .onConflictDoNothing({ target: [memberships.userId, memberships.organizationId] })
    .returning();
  return row;
}

/**
 * The organization's admin memberships, locked until the transaction ends: two admins demoting or
 * removing each other at once then serialise, and the second sees that only one admin is left.
 */
export async function lockAdminMemberships(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'admin')))
    .for('update');
  return rows.map((r) => r.id);
}
