import type { Db } from '../db/database.js';
import type { Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { findPlan, lockPlan } from '../db/repositories/plans.js';
import * as repo from '../db/repositories/versions.js';
import { diffPlanContent } from '../domain/diff.js';
import type { PlanContent } from '../domain/plan-content.js';
import { notFound, ProblemList } from './errors.js';
import { readPlanContent } from './plan-content.js';
import { inTransaction } from './transaction.js';

export async function listPlanVersions(db: Db, planId: string) {
  await readPlanExists(db, planId);
  return repo.listVersions(db, planId);
}

async function readPlanExists(db: Db, planId: string) {
  const plan = await findPlan(db, planId);
  if (!plan) throw notFound('plan');
  return plan;
}

export async function getPlanVersion(db: Db, planId: string, versionId: string) {
  const version = await repo.findVersion(db, versionId);
  if (!version || version.planId !== planId) throw notFound('version');
  return version;
}

/** Freezes the current content on request ("before the steering group meeting"). */
export async function createSnapshot(db: Db, actor: Actor, planId: string, label: string | null) {
  return inTransaction(db, async (tx) => {
    const plan = await lockPlan(tx, planId);
    if (!plan) throw notFound('plan');
    const content = await readPlanContent(tx, planId);
    const version = await repo.insertVersion(tx, { organizationId: plan.organizationId, planId, reason: 'snapshot', label, status: plan.status, content });
    const { content: _content, ...summary } = version;
    await recordAudit(tx, actor, { organizationId: plan.organizationId, planId, entity: 'version', entityId: version.id, action: 'create', after: summary });
    return version;
  });
}

/** `from` and `to` are version ids of this plan or "current" (the working content). */
export async function diffPlanVersions(db: Db, planId: string, from: string, to: string) {
  await readPlanExists(db, planId);
  const problems = new ProblemList();
  const resolve = async (ref: string, field: string): Promise<{ content: PlanContent; version: Awaited<ReturnType<typeof repo.findVersion>> | null } | undefined> => {
    if (ref === 'current') return { content: await readPlanContent(db, planId), version: null };
    const version = /^[0-9a-f-]{36}$/i.test(ref) ? await repo.findVersion(db, ref) : undefined;
    if (!version || version.planId !== planId) {
      problems.add(`querystring.${field}`, 'unknown_reference', { value: ref });
      return undefined;
    }
    return { content: version.content, version };
  };
  const before = await resolve(from, 'from');
  const after = await resolve(to, 'to');
  problems.throwIfAny();
  const describe = (r: NonNullable<typeof before>) =>
    r.version ? { id: r.version.id, number: r.version.number, reason: r.version.reason, label: r.version.label, createdAt: r.version.createdAt } : { id: 'current', number: null, reason: null, label: null, createdAt: null };
  return { from: describe(before!), to: describe(after!), diff: diffPlanContent(before!.content, after!.content) };
}
