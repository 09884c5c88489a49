import type { Db } from '../db/database.js';
import { lockPlan, touchPlan, type PlanRow } from '../db/repositories/plans.js';
import { isContentEditable } from '../domain/lifecycle.js';
import type { PlanStatus } from '../domain/vocabulary.js';
import { notFound, stateConflict } from './errors.js';

/**
 * Locks a plan for a content edit and refuses when its status freezes the content (an adopted
 * plan changes only through a new revision). Serialising edits per plan keeps positions consistent.
 */
export async function lockEditablePlan(db: Db, planId: string): Promise<PlanRow> {
  const plan = await lockPlan(db, planId);
  if (!plan) throw notFound('plan');
  if (!isContentEditable(plan.status as PlanStatus)) throw stateConflict('plan_not_editable', { status: plan.status });
  await touchPlan(db, planId);
  return plan;
}
