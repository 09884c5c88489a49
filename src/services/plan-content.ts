import type { Db } from '../db/database.js';
import { loadPlanRows, type MeasureRow, type NodeRow } from '../db/repositories/content.js';
import { findPlan, type PlanRow } from '../db/repositories/plans.js';
import type { MeasureContent, NodeContent, PlanContent, PlanMetadata, UnitName } from '../domain/plan-content.js';
import type { FollowUpCadence, MeasureScope, NodeRole, PlanKind, PlanStatus } from '../domain/vocabulary.js';
import { notFound } from './errors.js';

export function presentPlanMetadata(row: PlanRow): PlanMetadata {
  return {
    id: row.id,
    organizationId: row.organizationId,
    title: row.title,
    kind: row.kind as PlanKind,
    status: row.status as PlanStatus,
    validFrom: row.validFrom,
    validTo: row.validTo,
    validityNote: row.validityNote,
    decision: {
      body: row.decisionBody,
      date: row.decisionDate,
      paragraph: row.decisionParagraph,
      registryNumber: row.registryNumber,
    },
    registryNumber: row.registryNumber,
    replacesPlanId: row.replacesPlanId,
    replacesReference: row.replacesReference,
    parentPlanId: row.parentPlanId,
    ownerUnitId: row.ownerUnitId,
    followUpCadence: row.followUpCadence as FollowUpCadence,
    followUpDescription: row.followUpDescription,
    summary: row.summary,
    sections: row.sections,
    violenceForms: row.violenceForms,
    targetGroups: row.targetGroups,
    vulnerableGroups: row.vulnerableGroups,
    perspectives: row.perspectives,
    frameworkLinks: row.frameworkLinks,
    version: row.version,
  };
}

export function presentMeasure(row: MeasureRow, links: { unitId: string; role: string }[]): MeasureContent {
  return {
    id: row.id,
    nodeId: row.nodeId,
    code: row.code,
    text: row.text,
    description: row.description,
    responsibilityText: row.responsibilityText,
    leadUnitIds: links.filter((l) => l.role === 'lead').map((l) => l.unitId),
    coUnitIds: links.filter((l) => l.role === 'co').map((l) => l.unitId),
    preventionLevels: row.preventionLevels,
    targetGroups: row.targetGroups,
    violenceForms: row.violenceForms,
    vulnerableGroups: row.vulnerableGroups,
    perspectives: row.perspectives,
    scope: row.scope as MeasureScope | null,
    timeFrame: row.timeFrame,
    examples: row.examples,
    frameworkLinks: row.frameworkLinks,
    parentMeasureId: row.parentMeasureId,
    position: row.position,
    version: row.version,
  };
}

export function presentNode(row: NodeRow): NodeContent {
  return {
    id: row.id,
    parentId: row.parentId,
    role: row.role as NodeRole,
    label: row.label,
    number: row.number,
    text: row.text,
    description: row.description,
    preventionLevels: row.preventionLevels,
    frameworkLinks: row.frameworkLinks,
    sourceNodeId: row.sourceNodeId,
    position: row.position,
    version: row.version,
    children: [],
    measures: [],
  };
}

/** Builds the nested tree in document order from flat rows. */
export function assemblePlanContent(
  plan: PlanRow,
  nodeRows: NodeRow[],
  measureRows: MeasureRow[],
  links: { measureId: string; unitId: string; role: string; name: string }[],
): PlanContent {
  const nodes = new Map(nodeRows.map((r) => [r.id, presentNode(r)]));
  const linksByMeasure = new Map<string, { unitId: string; role: string }[]>();
  for (const l of links) linksByMeasure.set(l.measureId, [...(linksByMeasure.get(l.measureId) ?? []), l]);
  const roots: NodeContent[] = [];
  for (const node of [...nodes.values()].sort((a, b) => a.position - b.position)) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  for (const row of [...measureRows].sort((a, b) => a.position - b.position)) {
    nodes.get(row.nodeId)?.measures.push(presentMeasure(row, linksByMeasure.get(row.id) ?? []));
  }
  const unitNames = new Map<string, UnitName>();
  for (const l of links) unitNames.set(l.unitId, { id: l.unitId, name: l.name });
  return { plan: presentPlanMetadata(plan), units: [...unitNames.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv')), nodes: roots };
}

export async function readPlanContent(db: Db, planId: string): Promise<PlanContent> {
  const plan = await findPlan(db, planId);
  if (!plan) throw notFound('plan');
  const { nodeRows, measureRows, links } = await loadPlanRows(db, planId);
  return assemblePlanContent(plan, nodeRows, measureRows, links);
}
