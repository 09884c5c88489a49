import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { organizations, ssoLoginStates, ssoProviders } from '../schema.js';

export type SsoProviderRow = typeof ssoProviders.$inferSelect;
export type SsoLoginStateRow = typeof ssoLoginStates.$inferSelect;

export async function findSsoProvider(db: Db, organizationId: string): Promise<SsoProviderRow | undefined> {
  const [row] = await db.select().from(ssoProviders).where(eq(ssoProviders.organizationId, organizationId));
  return row;
}

/** Organizations whose single sign-on is switched on, for the login page. */
export async function listEnabledSsoOrganizations(db: Db) {
  return db
    .select({ organizationId: organizations.id, name: organizations.name, code: organizations.code })
    .from(ssoProviders)
    .innerJoin(organizations, eq(organizations.id, ssoProviders.organizationId))
    .where(eq(ssoProviders.enabled, true))
    .orderBy(asc(organizations.name));
}

/** Inserts the organization's first configuration; nothing when one was added concurrently. */
export async function insertSsoProvider(db: Db, values: typeof ssoProviders.$inferInsert): Promise<SsoProviderRow | undefined> {
  const [row] = await db.insert(ssoProviders).values(values).onConflictDoNothing({ target: ssoProviders.organizationId }).returning();
  return row;
}

export async function updateSsoProvider(
  db: Db,
  organizationId: string,
  expectedVersion: number,
  values: Partial<Omit<typeof ssoProviders.$inferInsert, 'organizationId' | 'version'>>,
): Promise<SsoProviderRow | undefined> {
  const [row] = await db
    .update(ssoProviders)
    .set({ ...values, version: sql`${ssoProviders.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(ssoProviders.organizationId, organizationId), eq(ssoProviders.version, expectedVersion)))
    .returning();
  return row;
}

// --- logins in flight -----------------------------------------------------------------------------

export async function insertLoginState(db: Db, values: typeof ssoLoginStates.$inferInsert): Promise<void> {
  await db.insert(ssoLoginStates).values(values);
}

/** Removes and returns a login state: each can be used once, expired or not (the caller checks expiry). */
export async function takeLoginState(db: Db, state: string): Promise<SsoLoginStateRow | undefined> {
  const [row] = await db.delete(ssoLoginStates).where(eq(ssoLoginStates.state, state)).returning();
  return row;
}

export async function deleteExpiredLoginStates(db: Db): Promise<void> {
  await db.delete(ssoLoginStates).where(lte(ssoLoginStates.expiresAt, sql`now()`));
}
