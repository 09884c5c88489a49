import { asc, count, eq, sql } from 'drizzle-orm';
import { publishedPlanStatuses } from '../../domain/access.js';
import type { Db } from '../database.js';
import { organizations } from '../schema.js';

export type OrganizationRow = typeof organizations.$inferSelect;

/** Each organization with its number of plans: all of them where `readable` says so, else the published ones. */
export async function listOrganizations(db: Db, readable: 'all' | string[]) {
  const published = sql.join(publishedPlanStatuses.map((s) => sql`${s}`), sql`, `);
  const everything = readable === 'all' ? sql`true` : readable.length > 0 ? sql`"organizations"."id" IN (${sql.join(readable.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`;
  return db
    .select({
      organization: organizations,
      planCount: sql<number>`(SELECT count(*)::int FROM plans p WHERE p.organization_id = "organizations"."id" AND (${everything} OR p.status IN (${published})))`,
    })
    .from(organizations)
    .orderBy(asc(organizations.name));
}

export async function findOrganization(db: Db, id: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row;
}

export async function findOrganizationByCode(db: Db, code: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.code, code));
  return row;
}

export async function insertOrganization(db: Db, values: typeof organizations.$inferInsert): Promise<OrganizationRow> {
  const [row] = await db.insert(organizations).values(values).returning();
  return row!;
}

/** Returns undefined when the version is stale (or the row is gone): the caller tells which. */
export async function updateOrganization(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<Pick<OrganizationRow, 'name' | 'kind'>>,
): Promise<OrganizationRow | undefined> {
  const [row] = await db
    .update(organizations)
    .set({ ...values, version: sql`${organizations.version} + 1`, updatedAt: sql`now()` })
    .where(sql`${organizations.id} = ${id} AND ${organizations.version} = ${expectedVersion}`)
    .returning();
  return row;
}

export async function countOrganizations(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(organizations);
  return row?.n ?? 0;
}
