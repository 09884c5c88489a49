import { eq } from 'drizzle-orm';
import type { Db } from '../database.js';
import { goalNodes, measures, organizations, plans, units } from '../schema.js';

/** What an authorization decision needs to know about a plan: one indexed read, no content. */
const planFacts = {
  organizationId: plans.organizationId,
  status: plans.status,
  ownerUnitId: plans.ownerUnitId,
  parentPlanId: plans.parentPlanId,
};

export type PlanFactsRow = { organizationId: string; status: string; ownerUnitId: string | null; parentPlanId: string | null };

export async function planFactsById(db: Db, id: string): Promise<PlanFactsRow | undefined> {
  const [row] = await db.select(planFacts).from(plans).where(eq(plans.id, id));
  return row;
}

export async function planFactsByNode(db: Db, nodeId: string): Promise<PlanFactsRow | undefined> {
  const [row] = await db.select(planFacts).from(goalNodes).innerJoin(plans, eq(plans.id, goalNodes.planId)).where(eq(goalNodes.id, nodeId));
  return row;
}

export async function planFactsByMeasure(db: Db, measureId: string): Promise<PlanFactsRow | undefined> {
  const [row] = await db.select(planFacts).from(measures).innerJoin(plans, eq(plans.id, measures.planId)).where(eq(measures.id, measureId));
  return row;
}

export async function unitOrganization(db: Db, unitId: string): Promise<string | undefined> {
  const [row] = await db.select({ organizationId: units.organizationId }).from(units).where(eq(units.id, unitId));
  return row?.organizationId;
}

export async function organizationExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id));
  return !!row;
}
