import { and, asc, eq, sql } from 'drizzle-orm';
import type { PlanContent } from '../../domain/plan-content.js';
import type { Db } from '../database.js';
import { planVersions } from '../schema.js';

export type PlanVersionRow = typeof planVersions.$inferSelect;

export async function listVersions(db: Db, planId: string) {
  return db
    .select({
      id: planVersions.id,
      planId: planVersions.planId,
      number: planVersions.number,
      reason: planVersions.reason,
      label: planVersions.label,
      status: planVersions.status,
      createdAt: planVersions.createdAt,
    })
    .from(planVersions)
    .where(eq(planVersions.planId, planId))
    .orderBy(asc(planVersions.number));
}

export async function findVersion(db: Db, id: string): Promise<PlanVersionRow | undefined> {
  const [row] = await db.select().from(planVersions).where(eq(planVersions.id, id));
  return row;
}

export async function findVersionByNumber(db: Db, planId: string, number: number): Promise<PlanVersionRow | undefined> {
  const [row] = await db.select().from(planVersions).where(and(eq(planVersions.planId, planId), eq(planVersions.number, number)));
  return row;
}

/** Numbers versions 1, 2, 3 … per plan; the caller holds the plan row lock. */
export async function insertVersion(
  db: Db,
  values: { organizationId: string; planId: string; reason: string; label: string | null; status: string; content: PlanContent },
): Promise<PlanVersionRow> {
  const [next] = await db
    .select({ n: sql<number>`coalesce(max(${planVersions.number}), 0)::int + 1` })
    .from(planVersions)
    .where(eq(planVersions.planId, values.planId));
  const [row] = await db
    .insert(planVersions)
    .values({ ...values, number: next?.n ?? 1 })
    .returning();
  return row!;
}
