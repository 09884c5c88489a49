import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { publishedPlanStatuses } from '../../domain/access.js';
import type { Db } from '../database.js';
import { plans } from '../schema.js';

export type PlanRow = typeof plans.$inferSelect;
export type PlanInsert = typeof plans.$inferInsert;

export interface PlanListFilter {
  organizationId?: string | undefined;
  status?: string[] | undefined;
  kind?: string[] | undefined;
  parentPlanId?: string | undefined;
  likePatterns?: string[] | undefined;
  /** Organizations whose unpublished plans are included; others contribute only published plans. */
  readableOrganizations: 'all' | string[];
  limit: number;
  offset: number;
}

/** Published plans, and every plan of the given organizations. */
export function visiblePlans(organizationIds: string[]): SQL {
  const published = inArray(plans.status, publishedPlanStatuses);
  return organizationIds.length > 0 ? or(published, inArray(plans.organizationId, organizationIds))! : published;
}

export async function listPlans(db: Db, filter: PlanListFilter) {
  const where: SQL[] = [];
  if (filter.organizationId) where.push(eq(plans.organizationId, filter.organizationId));
  if (filter.status?.length) where.push(inArray(plans.status, filter.status));
  if (filter.kind?.length) where.push(inArray(plans.kind, filter.kind));
  if (filter.parentPlanId) where.push(eq(plans.parentPlanId, filter.parentPlanId));
  for (const p of filter.likePatterns ?? []) where.push(sql`${plans.searchText} LIKE ${p}`);
  if (filter.readableOrganizations !== 'all') where.push(visiblePlans(filter.readableOrganizations));
  const condition = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        plan: plans,
        goalCount: sql<number>`(SELECT count(*)::int FROM goal_nodes g WHERE g.plan_id = "plans"."id" AND g.role = 'goal')`,
        measureCount: sql<number>`(SELECT count(*)::int FROM measures m WHERE m.plan_id = "plans"."id")`,
      })
      .from(plans)
      .where(condition)
      .orderBy(asc(plans.organizationId), desc(plans.validFrom), asc(plans.title))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(plans).where(condition),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id));
  return row;
}

/** Locks the plan row for the rest of the transaction, so concurrent content edits serialise. */
export async function lockPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(plans).where(eq(plans.id, id)).for('update');
  return row;
}

export async function insertPlan(db: Db, values: PlanInsert): Promise<PlanRow> {
  const [row] = await db.insert(plans).values(values).returning();
  return row!;
}

export async function updatePlan(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<PlanInsert>,
): Promise<PlanRow | undefined> {
  const [row] = await db
    .update(plans)
    .set({ ...values, version: sql`${plans.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(plans.id, id), eq(plans.version, expectedVersion)))
    .returning();
  return row;
}

/** Content edits (nodes, measures) bump the plan's updated time but not its metadata version. */
export async function touchPlan(db: Db, id: string): Promise<void> {
  await db.update(plans).set({ updatedAt: sql`now()` }).where(eq(plans.id, id));
}

export async function deletePlan(db: Db, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(plans)
    .where(and(eq(plans.id, id), eq(plans.version, expectedVersion)))
    .returning({ id: plans.id });
  return rows.length > 0;
}

export async function findChildPlans(db: Db, parentPlanId: string): Promise<PlanRow[]> {
  return db.select().from(plans).where(eq(plans.parentPlanId, parentPlanId)).orderBy(asc(plans.title));
}

/**
 * Everything a plan's tree and coverage depend on, in one cheap query: the plan row's version and
 * update time (content edits touch it), the organization's units and terms (names and labels), and
 * the links that foreign-key deletes elsewhere can clear without touching this plan.
 */
export async function readPlanStamp(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db
    .select({
      stamp: sql<string>`concat_ws('|',
        "plans"."version", "plans"."updated_at", "plans"."replaces_plan_id", "plans"."parent_plan_id", "plans"."owner_unit_id",
        (SELECT concat(count(*), '/', max(u.updated_at)) FROM units u WHERE u.organization_id = "plans"."organization_id"),
        (SELECT concat(count(*), '/', max(t.updated_at)) FROM taxonomy_terms t WHERE t.organization_id = "plans"."organization_id" OR t.organization_id IS NULL),
        (SELECT concat(count(m.parent_measure_id), '/', count(*)) FROM measures m WHERE m.plan_id = "plans"."id"),
        (SELECT count(n.source_node_id) FROM goal_nodes n WHERE n.plan_id = "plans"."id"))`,
    })
    .from(plans)
    .where(eq(plans.id, id));
  return row?.stamp;
}
