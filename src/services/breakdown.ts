import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { canReadPlan, type Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { findMeasuresByIds, findNodesByIds } from '../db/repositories/content.js';
import { findPlan, insertPlan, lockPlan } from '../db/repositories/plans.js';
import { findUnit, findUnitsByIds } from '../db/repositories/units.js';
import { goalNodes, measures, plans } from '../db/schema.js';
import { displayNumbers } from '../domain/numbering.js';
import type { MeasureContent, NodeContent, PlanContent } from '../domain/plan-content.js';
import { buildMeasureSearchText } from '../domain/search-text.js';
import { flattenMeasures, flattenNodes, inDocumentOrder } from '../domain/tree.js';
import type { PlanKind } from '../domain/vocabulary.js';
import { insertNodeTree, type MeasureInput, type NodeInput } from './content-input.js';
import { notFound, ProblemList } from './errors.js';
import { readPlanContent } from './plan-content.js';
import { inTransaction } from './transaction.js';

/*
 * Breaking a plan down (flow 4 of the design): a unit creates its own plan under a city-wide plan.
 * Its goals mirror the chosen city-wide goals (sourceNodeId) with their strategies and conditions,
 * and each city-wide measure under them gets a measure of the unit's own that points at it
 * (parentMeasureId) — a starting point the unit then rewrites into its own activities.
 */

export interface CreateBreakdownInput {
  ownerUnitId: string;
  title: string;
  kind: PlanKind;
  nodeIds: string[];
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
}

/** The chosen nodes in document order, leaving out any that sit under another chosen node (its subtree is copied anyway). */
function chosenRoots(nodes: readonly NodeContent[], chosen: ReadonlySet<string>): NodeContent[] {
  const roots: NodeContent[] = [];
  const visit = (siblings: readonly NodeContent[]): void => {
    for (const node of inDocumentOrder(siblings)) {
      if (chosen.has(node.id)) roots.push(node);
      else visit(node.children);
    }
  };
  visit(nodes);
  return roots;
}

function mirrorMeasure(measure: MeasureContent, ownerUnitId: string): MeasureInput {
  return {
    code: measure.code,
    text: measure.text,
    leadUnitIds: [ownerUnitId],
    preventionLevels: measure.preventionLevels,
    targetGroups: measure.targetGroups,
    violenceForms: measure.violenceForms,
    vulnerableGroups: measure.vulnerableGroups,
    perspectives: measure.perspectives,
    parentMeasureId: measure.id,
  };
}

function mirrorNode(node: NodeContent, ownerUnitId: string): NodeInput {
  return {
    role: node.role,
    label: node.label,
    number: node.number,
    text: node.text,
    preventionLevels: node.preventionLevels,
    sourceNodeId: node.id,
    measures: inDocumentOrder(node.measures).map((m) => mirrorMeasure(m, ownerUnitId)),
    children: inDocumentOrder(node.children).map((child) => mirrorNode(child, ownerUnitId)),
  };
}

/** Creates the unit's draft plan under `planId`, in one transaction: the plan, the mirrored goals and the measures. */
export async function createBreakdown(db: Db, actor: Actor, planId: string, input: CreateBreakdownInput) {
  return inTransaction(db, async (tx) => {
    // Locked so the goal tree cannot change while it is copied.
    const source = await lockPlan(tx, planId);
    if (!source) throw notFound('plan');
    const problems = new ProblemList();
    const unit = await findUnit(tx, input.ownerUnitId);
    if (!unit || unit.organizationId !== source.organizationId) problems.add('body.ownerUnitId', 'unknown_reference', { value: input.ownerUnitId });

    const content = await readPlanContent(tx, planId);
    const inPlan = new Set(flattenNodes(content.nodes).map(({ node }) => node.id));
    input.nodeIds.forEach((id, i) => {
      if (!inPlan.has(id)) problems.add(`body.nodeIds.${i}`, 'unknown_reference', { value: id });
    });
    if (new Set(input.nodeIds).size !== input.nodeIds.length) problems.add('body.nodeIds', 'duplicate_values');
    if (input.validFrom && input.validTo && input.validFrom > input.validTo) problems.add('body.validTo', 'before_valid_from');
    problems.throwIfAny();

    const plan = await insertPlan(tx, {
      organizationId: source.organizationId,
      title: input.title,
      kind: input.kind,
      status: 'draft',
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      parentPlanId: source.id,
      ownerUnitId: unit!.id,
      followUpCadence: source.followUpCadence,
      searchText: buildMeasureSearchText([input.title]),
    });
    const roots = chosenRoots(content.nodes, new Set(input.nodeIds));
    await insertNodeTree(tx, { organizationId: source.organizationId, planId: plan.id }, null, roots.map((node) => mirrorNode(node, unit!.id)));
    await recordAudit(tx, actor, { organizationId: plan.organizationId, planId: plan.id, entity: 'plan', entityId: plan.id, action: 'break_down', after: { ...plan, nodeIds: input.nodeIds } });
    return plan;
  });
}

const nodeCount = (content: PlanContent) => flattenNodes(content.nodes).length;
const subtreeMeasureCount = (node: NodeContent) => flattenNodes([node]).reduce((n, { node: inner }) => n + inner.measures.length, 0);

/**
 * The plans that break this plan down, and per node and measure of this plan the nodes and measures
 * of those plans that point at it; also what this plan itself breaks down. Only plans of the same
 * organization take part (references across organizations are refused when written).
 */
export async function getBreakdowns(db: Db, actor: Actor, planId: string) {
  const content = await readPlanContent(db, planId);
  const { plan } = content;
  const numbers = displayNumbers(content.nodes);
  const flat = flattenNodes(content.nodes);
  const flatMeasures = flattenMeasures(content.nodes);
  const nodeIds = flat.map(({ node }) => node.id);
  const measureIds = flatMeasures.map(({ measure }) => measure.id);

  // Plans that name this one as their parent, or point at any of its nodes or measures.
  const related = new Set<string>();
  for (const row of await db.select({ id: plans.id }).from(plans).where(eq(plans.parentPlanId, planId))) related.add(row.id);
  if (nodeIds.length) {
    for (const row of await db.selectDistinct({ planId: goalNodes.planId }).from(goalNodes).where(inArray(goalNodes.sourceNodeId, nodeIds))) related.add(row.planId);
  }
  if (measureIds.length) {
    for (const row of await db.selectDistinct({ planId: measures.planId }).from(measures).where(inArray(measures.parentMeasureId, measureIds))) related.add(row.planId);
  }
  related.delete(planId);

  const children: PlanContent[] = [];
  for (const id of related) {
    const child = await readPlanContent(db, id);
    // Another unit's unpublished draft is not shown to the public.
    if (child.plan.organizationId === plan.organizationId && canReadPlan(actor, child.plan)) children.push(child);
  }
  const ownerIds = [...new Set(children.map((c) => c.plan.ownerUnitId).filter((id): id is string => id !== null))];
  const owners = new Map((await findUnitsByIds(db, ownerIds)).map((u) => [u.id, { id: u.id, name: u.name }]));
  const ownerOf = (c: PlanContent) => (c.plan.ownerUnitId ? (owners.get(c.plan.ownerUnitId) ?? null) : null);
  children.sort((a, b) => (ownerOf(a)?.name ?? '\uffff').localeCompare(ownerOf(b)?.name ?? '\uffff', 'sv') || a.plan.title.localeCompare(b.plan.title, 'sv'));

  type NodeBreakdown = { nodeId: string; planId: string; planTitle: string; unit: { id: string; name: string } | null; label: string | null; number: string | null; text: string; measureCount: number };
  type MeasureBreakdown = { measureId: string; planId: string; planTitle: string; unit: { id: string; name: string } | null; leadUnits: { id: string; name: string }[]; code: string | null; text: string };
  const byNode = new Map<string, NodeBreakdown[]>();
  /** Per node of this plan, per child plan: the ids of that plan's measures under its nodes that point at the node. */
  const measuresByNode = new Map<string, Map<string, Set<string>>>();
  const byMeasure = new Map<string, MeasureBreakdown[]>();
  for (const child of children) {
    const unit = ownerOf(child);
    const unitNames = new Map(child.units.map((u) => [u.id, u.name]));
    for (const { node } of flattenNodes(child.nodes)) {
      if (!node.sourceNodeId) continue;
      const list = byNode.get(node.sourceNodeId) ?? [];
      list.push({ nodeId: node.id, planId: child.plan.id, planTitle: child.plan.title, unit, label: node.label, number: node.number, text: node.text, measureCount: subtreeMeasureCount(node) });
      byNode.set(node.sourceNodeId, list);
      const perPlan = measuresByNode.get(node.sourceNodeId) ?? new Map<string, Set<string>>();
      const ids = perPlan.get(child.plan.id) ?? new Set<string>();
      for (const { node: inner } of flattenNodes([node])) for (const m of inner.measures) ids.add(m.id);
      perPlan.set(child.plan.id, ids);
      measuresByNode.set(node.sourceNodeId, perPlan);
    }
    for (const { measure } of flattenMeasures(child.nodes)) {
      if (!measure.parentMeasureId) continue;
      const list = byMeasure.get(measure.parentMeasureId) ?? [];
      list.push({
        measureId: measure.id,
        planId: child.plan.id,
        planTitle: child.plan.title,
        unit,
        leadUnits: measure.leadUnitIds.map((id) => ({ id, name: unitNames.get(id) ?? id })),
        code: measure.code,
        text: measure.text,
      });
      byMeasure.set(measure.parentMeasureId, list);
    }
  }

  // What this plan breaks down.
  const parent = plan.parentPlanId ? await findPlan(db, plan.parentPlanId) : undefined;
  const sourceNodes = new Map((await findNodesByIds(db, flat.flatMap(({ node }) => (node.sourceNodeId ? [node.sourceNodeId] : [])))).map((n) => [n.id, n]));
  const sourceMeasures = new Map((await findMeasuresByIds(db, flatMeasures.flatMap(({ measure }) => (measure.parentMeasureId ? [measure.parentMeasureId] : [])))).map((m) => [m.id, m]));
  const sourcePlanIds = new Set([...[...sourceNodes.values()].map((n) => n.planId), ...[...sourceMeasures.values()].map((m) => m.planId)]);
  const sourcePlans = new Map<string, { id: string; title: string }>();
  for (const id of sourcePlanIds) {
    const row = id === parent?.id ? parent : await findPlan(db, id);
    if (row && row.organizationId === plan.organizationId && canReadPlan(actor, row)) sourcePlans.set(row.id, { id: row.id, title: row.title });
  }

  // Totals over each node's subtree: a measure under a mirrored goal and its mirrored strategy counts once.
  const planTotals = new Map<string, Map<string, Set<string>>>();
  const total = (node: NodeContent): Map<string, Set<string>> => {
    const sum = new Map<string, Set<string>>();
    const add = (from: Map<string, Set<string>> | undefined) => {
      for (const [id, ids] of from ?? []) sum.set(id, new Set([...(sum.get(id) ?? []), ...ids]));
    };
    add(measuresByNode.get(node.id));
    for (const child of node.children) add(total(child));
    planTotals.set(node.id, sum);
    return sum;
  };
  content.nodes.forEach(total);
  const planOrder = new Map(children.map((c, i) => [c.plan.id, i]));

  const isTopGoal = new Set<string>();
  const markTopGoals = (siblings: readonly NodeContent[]): void => {
    for (const node of siblings) {
      if (node.role === 'goal') isTopGoal.add(node.id);
      else markTopGoals(node.children);
    }
  };
  markTopGoals(content.nodes);

  return {
    plan: { id: plan.id, organizationId: plan.organizationId, title: plan.title, parentPlanId: plan.parentPlanId },
    plans: children.map((c) => ({
      id: c.plan.id,
      title: c.plan.title,
      kind: c.plan.kind,
      status: c.plan.status,
      ownerUnit: ownerOf(c),
      validFrom: c.plan.validFrom,
      validTo: c.plan.validTo,
      isChildPlan: c.plan.parentPlanId === planId,
      nodeCount: nodeCount(c),
      measureCount: flattenMeasures(c.nodes).length,
    })),
    nodes: flat.map(({ node, depth }) => ({
      nodeId: node.id,
      parentId: node.parentId,
      depth,
      role: node.role,
      label: node.label,
      number: numbers.get(node.id) ?? '',
      text: node.text,
      isTopGoal: isTopGoal.has(node.id),
      breakdowns: byNode.get(node.id) ?? [],
      planTotals: [...(planTotals.get(node.id) ?? [])]
        .sort(([a], [b]) => planOrder.get(a)! - planOrder.get(b)!)
        .map(([id, ids]) => ({ planId: id, measureCount: ids.size })),
    })),
    measures: flatMeasures.map(({ measure }) => ({
      measureId: measure.id,
      nodeId: measure.nodeId,
      number: numbers.get(measure.id) ?? '',
      text: measure.text,
      breakdowns: byMeasure.get(measure.id) ?? [],
    })),
    breaksDown: {
      parentPlan: parent && parent.organizationId === plan.organizationId ? { id: parent.id, title: parent.title, status: parent.status as PlanContent['plan']['status'] } : null,
      nodes: flat.flatMap(({ node }) => {
        const source = node.sourceNodeId ? sourceNodes.get(node.sourceNodeId) : undefined;
        const sourcePlan = source ? sourcePlans.get(source.planId) : undefined;
        if (!source || !sourcePlan) return [];
        return [{ nodeId: node.id, number: numbers.get(node.id) ?? '', text: node.text, source: { nodeId: source.id, plan: sourcePlan, label: source.label, number: source.number, text: source.text } }];
      }),
      measures: flatMeasures.flatMap(({ measure }) => {
        const source = measure.parentMeasureId ? sourceMeasures.get(measure.parentMeasureId) : undefined;
        const sourcePlan = source ? sourcePlans.get(source.planId) : undefined;
        if (!source || !sourcePlan) return [];
        return [{ measureId: measure.id, number: numbers.get(measure.id) ?? '', text: measure.text, source: { measureId: source.id, plan: sourcePlan, code: source.code, text: source.text } }];
      }),
    },
  };
}
