import type { Db } from '../db/database.js';
import { canReadPlan, type Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import * as repo from '../db/repositories/content.js';
import { findPlan } from '../db/repositories/plans.js';
import { planMoveMeasure } from '../domain/tree.js';
import type { PlanStatus } from '../domain/vocabulary.js';
import { checkContentReferences, measureSearchText, measureValues, unitLinks, type MeasureInput } from './content-input.js';
import { AppError, notFound, ProblemList, versionConflict } from './errors.js';
import { lockEditablePlan } from './plan-guard.js';
import { presentMeasure, readPlanContent } from './plan-content.js';
import { inTransaction } from './transaction.js';
import { loadVocabulary } from './vocabulary-check.js';

const unitIds = (m: { leadUnitIds?: string[] | undefined; coUnitIds?: string[] | undefined }) => ({ leadUnitIds: m.leadUnitIds ?? [], coUnitIds: m.coUnitIds ?? [] });
const linkIds = (links: { unitId: string; role: string }[]) => ({
  leadUnitIds: links.filter((l) => l.role === 'lead').map((l) => l.unitId),
  coUnitIds: links.filter((l) => l.role === 'co').map((l) => l.unitId),
});

/** A measure with its place (plan, goal), its units by name, and the measures that break it down. */
export async function getMeasure(db: Db, id: string, actor: Actor) {
  const row = await repo.findMeasure(db, id);
  if (!row) throw notFound('measure');
  const [links, node, plan, children] = [
    await repo.loadMeasureUnits(db, [id]),
    await repo.findNode(db, row.nodeId),
    await findPlan(db, row.planId),
    await repo.findChildMeasures(db, [id]),
  ];
  const parent = row.parentMeasureId ? await repo.findMeasure(db, row.parentMeasureId) : undefined;
  // Breakdowns in plans the actor may not read (another unit's unpublished draft) are left out.
  const childPlans = new Map<string, string | null>();
  for (const c of children) {
    if (childPlans.has(c.planId)) continue;
    const childPlan = await findPlan(db, c.planId);
    childPlans.set(c.planId, childPlan && canReadPlan(actor, childPlan) ? childPlan.title : null);
  }
  const parentVisible = parent ? ((p) => !!p && canReadPlan(actor, p))(await findPlan(db, parent.planId)) : false;
  return {
    ...presentMeasure(row, links),
    planId: row.planId,
    organizationId: row.organizationId,
    units: links.map((l) => ({ id: l.unitId, name: l.name, role: l.role as 'lead' | 'co' })),
    node: { id: node!.id, number: node!.number, label: node!.label, text: node!.text },
    plan: { id: plan!.id, title: plan!.title, status: plan!.status as PlanStatus },
    parentMeasure: parent && parentVisible ? { id: parent.id, planId: parent.planId, code: parent.code, text: parent.text } : null,
    breakdowns: children.filter((c) => childPlans.get(c.planId) != null).map((c) => ({ id: c.id, planId: c.planId, planTitle: childPlans.get(c.planId) ?? '', code: c.code, text: c.text })),
  };
}

/** Locks the measure's plan for a content edit, then reads the measure (see lockNodeForEdit). */
async function lockMeasureForEdit(tx: Db, id: string) {
  const found = await repo.findMeasure(tx, id);
  if (!found) throw notFound('measure');
  const plan = await lockEditablePlan(tx, found.planId);
  const current = await repo.findMeasure(tx, id);
  if (!current) throw notFound('measure');
  return { plan, current };
}

async function checkMeasure(db: Db, organizationId: string, planId: string, input: Partial<MeasureInput>) {
  const problems = new ProblemList();
  await checkContentReferences(db, { organizationId, planId }, await loadVocabulary(db, organizationId), problems, [{ path: 'body', measure: input }]);
  problems.throwIfAny();
}

export async function createMeasure(db: Db, actor: Actor, nodeId: string, input: MeasureInput & { position?: number | undefined }) {
  return inTransaction(db, async (tx) => {
    const found = await repo.findNode(tx, nodeId);
    if (!found) throw notFound('node');
    const plan = await lockEditablePlan(tx, found.planId);
    // Deleted while this request waited for the plan?
    if (!(await repo.findNode(tx, nodeId))) throw notFound('node');
    const { position, ...measure } = input;
    await checkMeasure(tx, plan.organizationId, plan.id, measure);
    const siblings = await repo.listNodeMeasures(tx, nodeId);
    const at = Math.min(position ?? siblings.length, siblings.length);
    await repo.setMeasurePositions(tx, siblings.slice(at).map((s, i) => ({ id: s.id, nodeId, position: at + i + 1 })));
    const [row] = await repo.insertMeasures(tx, [measureValues({ organizationId: plan.organizationId, planId: plan.id }, nodeId, at, measure)]);
    await repo.insertMeasureUnits(tx, unitLinks(row!.id, measure));
    await recordAudit(tx, actor, { organizationId: plan.organizationId, planId: plan.id, entity: 'measure', entityId: row!.id, action: 'create', after: { ...row!, ...unitIds(measure) } });
    return row!.id;
  });
}

export type MeasureUpdate = Partial<MeasureInput> & { version: number };

export async function updateMeasure(db: Db, actor: Actor, id: string, input: MeasureUpdate) {
  return inTransaction(db, async (tx) => {
    const { plan, current } = await lockMeasureForEdit(tx, id);
    const currentLinks = await repo.loadMeasureUnits(tx, [id]);
    if (current.version !== input.version) throw versionConflict(presentMeasure(current, currentLinks));
    const { version, leadUnitIds, coUnitIds, ...fields } = input;
    const links = {
      leadUnitIds: leadUnitIds ?? currentLinks.filter((l) => l.role === 'lead').map((l) => l.unitId),
      coUnitIds: coUnitIds ?? currentLinks.filter((l) => l.role === 'co').map((l) => l.unitId),
    };
    await checkMeasure(tx, plan.organizationId, plan.id, { ...fields, ...links });
    const merged = { ...current, ...fields };
    const updated = await repo.updateMeasure(tx, id, version, { ...fields, searchText: measureSearchText(merged) });
    if (!updated) throw versionConflict(presentMeasure(current, currentLinks));
    if (leadUnitIds || coUnitIds) await repo.replaceMeasureUnits(tx, id, unitLinks(id, links));
    await recordAudit(tx, actor, {
      organizationId: plan.organizationId,
      planId: plan.id,
      entity: 'measure',
      entityId: id,
      action: 'update',
      before: { ...current, ...linkIds(currentLinks) },
      after: { ...updated, ...links },
    });
    return id;
  });
}

export async function deleteMeasure(db: Db, actor: Actor, id: string, version: number) {
  return inTransaction(db, async (tx) => {
    const { current } = await lockMeasureForEdit(tx, id);
    const currentLinks = await repo.loadMeasureUnits(tx, [id]);
    if (current.version !== version) throw versionConflict(presentMeasure(current, currentLinks));
    await repo.deleteMeasure(tx, id, version);
    await recordAudit(tx, actor, { organizationId: current.organizationId, planId: current.planId, entity: 'measure', entityId: id, action: 'delete', before: { ...current, ...linkIds(currentLinks) } });
    const siblings = await repo.listNodeMeasures(tx, current.nodeId);
    await repo.setMeasurePositions(tx, siblings.map((s, i) => ({ id: s.id, nodeId: current.nodeId, position: i })));
  });
}

export async function moveMeasure(db: Db, actor: Actor, id: string, input: { version: number; nodeId: string; position: number }) {
  return inTransaction(db, async (tx) => {
    const { current } = await lockMeasureForEdit(tx, id);
    if (current.version !== input.version) throw versionConflict(presentMeasure(current, await repo.loadMeasureUnits(tx, [id])));
    const content = await readPlanContent(tx, current.planId);
    const plan = planMoveMeasure(content.nodes, id, input.nodeId, input.position);
    if (!plan.ok) throw new AppError(400, 'validation_failed', { fields: [{ path: 'body.nodeId', code: 'unknown_reference', params: { value: input.nodeId } }] });
    await repo.setMeasurePositions(tx, plan.positions);
    await repo.updateMeasure(tx, id, input.version, {});
    await recordAudit(tx, actor, {
      organizationId: current.organizationId,
      planId: current.planId,
      entity: 'measure',
      entityId: id,
      action: 'move',
      before: { nodeId: current.nodeId, position: current.position },
      after: { nodeId: input.nodeId, position: input.position },
    });
    return id;
  });
}
