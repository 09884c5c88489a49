import type { Db } from '../db/database.js';
import { findMeasuresByIds, findNodesByIds, insertMeasureUnits, insertMeasures, insertNodes, type MeasureInsert } from '../db/repositories/content.js';
import { findUnitsByIds } from '../db/repositories/units.js';
import { buildMeasureSearchText } from '../domain/search-text.js';
import type { MeasureScope, NodeRole } from '../domain/vocabulary.js';
import type { ProblemList } from './errors.js';
import { checkFrameworkLinks, checkTerms, type Vocabulary } from './vocabulary-check.js';

/** A measure as the API accepts it (create and full update). */
export interface MeasureInput {
  code?: string | null | undefined;
  text: string;
  description?: string | null | undefined;
  responsibilityText?: string | null | undefined;
  leadUnitIds?: string[] | undefined;
  coUnitIds?: string[] | undefined;
  preventionLevels?: string[] | undefined;
  targetGroups?: string[] | undefined;
  violenceForms?: string[] | undefined;
  vulnerableGroups?: string[] | undefined;
  perspectives?: string[] | undefined;
  scope?: MeasureScope | null | undefined;
  timeFrame?: string | null | undefined;
  examples?: string[] | undefined;
  frameworkLinks?: string[] | undefined;
  parentMeasureId?: string | null | undefined;
}

export interface NodeInput {
  role: NodeRole;
  label?: string | null | undefined;
  number?: string | null | undefined;
  text: string;
  description?: string | null | undefined;
  preventionLevels?: string[] | undefined;
  frameworkLinks?: string[] | undefined;
  sourceNodeId?: string | null | undefined;
  children?: NodeInput[] | undefined;
  measures?: MeasureInput[] | undefined;
}

export function measureSearchText(m: Pick<MeasureInput, 'code' | 'text' | 'description' | 'responsibilityText' | 'examples'>): string {
  return buildMeasureSearchText([m.code, m.text, m.description, m.responsibilityText, ...(m.examples ?? [])]);
}

interface Scope {
  organizationId: string;
  planId: string;
}

/**
 * Checks everything a set of measures and nodes refers to, in as few queries as possible:
 * units, parent measures and source nodes must belong to the same organization; terms and
 * framework items must be in its vocabulary. Problems are collected, not thrown.
 */
export async function checkContentReferences(
  db: Db,
  scope: Scope,
  vocabulary: Vocabulary,
  problems: ProblemList,
  items: { path: string; node?: Partial<NodeInput>; measure?: Partial<MeasureInput> }[],
): Promise<void> {
  const unitIds = new Set<string>();
  const parentMeasureIds = new Set<string>();
  const sourceNodeIds = new Set<string>();
  for (const { node, measure } of items) {
    for (const id of [...(measure?.leadUnitIds ?? []), ...(measure?.coUnitIds ?? [])]) unitIds.add(id);
    if (measure?.parentMeasureId) parentMeasureIds.add(measure.parentMeasureId);
    if (node?.sourceNodeId) sourceNodeIds.add(node.sourceNodeId);
  }
  const units = new Map((await findUnitsByIds(db, [...unitIds])).map((u) => [u.id, u]));
  const parents = new Map((await findMeasuresByIds(db, [...parentMeasureIds])).map((m) => [m.id, m]));
  const sources = new Map((await findNodesByIds(db, [...sourceNodeIds])).map((n) => [n.id, n]));

  for (const { path, node, measure } of items) {
    if (node) {
      checkTerms(problems, vocabulary, `${path}.preventionLevels`, 'prevention_level', node.preventionLevels);
      checkFrameworkLinks(problems, vocabulary, `${path}.frameworkLinks`, node.frameworkLinks);
      if (node.sourceNodeId) {
        const source = sources.get(node.sourceNodeId);
        if (!source || source.organizationId !== scope.organizationId) problems.add(`${path}.sourceNodeId`, 'unknown_reference');
        else if (source.planId === scope.planId) problems.add(`${path}.sourceNodeId`, 'same_plan_reference');
      }
    }
    if (measure) {
      const lead = measure.leadUnitIds ?? [];
      const co = measure.coUnitIds ?? [];
      for (const [field, list] of [['leadUnitIds', lead], ['coUnitIds', co]] as const) {
        list.forEach((id, i) => {
          const unit = units.get(id);
          if (!unit || unit.organizationId !== scope.organizationId) problems.add(`${path}.${field}.${i}`, 'unknown_reference', { value: id });
        });
        if (new Set(list).size !== list.length) problems.add(`${path}.${field}`, 'duplicate_values');
      }
      co.forEach((id, i) => {
        if (lead.includes(id)) problems.add(`${path}.coUnitIds.${i}`, 'unit_both_lead_and_co');
      });
      checkTerms(problems, vocabulary, `${path}.preventionLevels`, 'prevention_level', measure.preventionLevels);
      checkTerms(problems, vocabulary, `${path}.targetGroups`, 'target_group', measure.targetGroups);
      checkTerms(problems, vocabulary, `${path}.violenceForms`, 'violence_form', measure.violenceForms);
      checkTerms(problems, vocabulary, `${path}.vulnerableGroups`, 'vulnerable_group', measure.vulnerableGroups);
      checkTerms(problems, vocabulary, `${path}.perspectives`, 'perspective', measure.perspectives);
      checkFrameworkLinks(problems, vocabulary, `${path}.frameworkLinks`, measure.frameworkLinks);
      if (measure.parentMeasureId) {
        const parent = parents.get(measure.parentMeasureId);
        if (!parent || parent.organizationId !== scope.organizationId) problems.add(`${path}.parentMeasureId`, 'unknown_reference');
        else if (parent.planId === scope.planId) problems.add(`${path}.parentMeasureId`, 'same_plan_reference');
      }
    }
  }
}

/** Flattens a node tree input into checkable items with their request paths. */
export function contentItems(nodes: NodeInput[], basePath: string) {
  const items: { path: string; node?: NodeInput; measure?: MeasureInput }[] = [];
  const walk = (list: NodeInput[], path: string) =>
    list.forEach((node, i) => {
      const nodePath = `${path}.${i}`;
      items.push({ path: nodePath, node });
      node.measures?.forEach((measure, j) => items.push({ path: `${nodePath}.measures.${j}`, measure }));
      walk(node.children ?? [], `${nodePath}.children`);
    });
  walk(nodes, basePath);
  return items;
}

export function measureValues(scope: Scope, nodeId: string, position: number, m: MeasureInput): MeasureInsert {
  return {
    organizationId: scope.organizationId,
    planId: scope.planId,
    nodeId,
    position,
    code: m.code ?? null,
    text: m.text,
    description: m.description ?? null,
    responsibilityText: m.responsibilityText ?? null,
    preventionLevels: m.preventionLevels ?? [],
    targetGroups: m.targetGroups ?? [],
    violenceForms: m.violenceForms ?? [],
    vulnerableGroups: m.vulnerableGroups ?? [],
    perspectives: m.perspectives ?? [],
    scope: m.scope ?? null,
    timeFrame: m.timeFrame ?? null,
    examples: m.examples ?? [],
    frameworkLinks: m.frameworkLinks ?? [],
    parentMeasureId: m.parentMeasureId ?? null,
    searchText: measureSearchText(m),
  };
}

export function unitLinks(measureId: string, m: Pick<MeasureInput, 'leadUnitIds' | 'coUnitIds'>) {
  return [
    ...(m.leadUnitIds ?? []).map((unitId, position) => ({ measureId, unitId, role: 'lead', position })),
    ...(m.coUnitIds ?? []).map((unitId, i) => ({ measureId, unitId, role: 'co', position: (m.leadUnitIds?.length ?? 0) + i })),
  ];
}

/** Inserts nodes (with their measures and children) under a parent, starting at `firstPosition`. Returns the new root node ids. */
export async function insertNodeTree(db: Db, scope: Scope, parentId: string | null, nodes: NodeInput[], firstPosition = 0): Promise<string[]> {
  const rows = await insertNodes(
    db,
    nodes.map((n, i) => ({
      organizationId: scope.organizationId,
      planId: scope.planId,
      parentId,
      position: firstPosition + i,
      role: n.role,
      label: n.label ?? null,
      number: n.number ?? null,
      text: n.text,
      description: n.description ?? null,
      preventionLevels: n.preventionLevels ?? [],
      frameworkLinks: n.frameworkLinks ?? [],
      sourceNodeId: n.sourceNodeId ?? null,
    })),
  );
  for (const [i, node] of nodes.entries()) {
    const row = rows[i]!;
    const measureRows = await insertMeasures(db, (node.measures ?? []).map((m, j) => measureValues(scope, row.id, j, m)));
    await insertMeasureUnits(db, measureRows.flatMap((mr, j) => unitLinks(mr.id, node.measures![j]!)));
    if (node.children?.length) await insertNodeTree(db, scope, row.id, node.children);
  }
  return rows.map((r) => r.id);
}
