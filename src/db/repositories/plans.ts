import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
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
  limit: number;
  offset: number;
}

export async function listPlans(db: Db, filter: PlanListFilter) {
  const where: SQL[] = [];
  if (filter.organizationId) where.push(eq(plans.organizationId, filter.organizationId));
  if (filter.status?.length) where.push(inArray(plans.status, filter.status));
  if (filter.kind?.length) where.push(inArray(plans.kind, filter.kind));
  if (filter.parentPlanId) where.push(eq(plans.parentPlanId, filter.parentPlanId));
  for (const p of filter.likePatterns ?? []) where.push(sql`${plans.searchText} LIKE ${p}`);
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
