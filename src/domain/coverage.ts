import type { MeasureContent, NodeContent, PlanContent } from './plan-content.js';
import { displayNumbers } from './numbering.js';
import { flattenNodes, inDocumentOrder } from './tree.js';

/**
 * Coverage: which prevention levels, units, violence forms and target groups a plan's measures
 * reach, goal by goal, and where nothing does. Counts are numbers of measures.
 *
 * Decisions:
 * - A goal is a node with role 'goal', at any depth. It counts every measure in its whole subtree
 *   (under its strategies, conditions and sub-goals too), each measure once.
 * - A measure with two prevention levels counts once in measureCount and once in each level.
 * - The goal × level gaps are computed on the top-level goals (goals with no goal above them), the
 *   level at which plans are read and balanced. A goal without any measure is reported once, in
 *   goalsWithoutMeasures, not again once per level.
 * - A plan with no measures at all (Växjö, Linköping: the boards define activities elsewhere) lists
 *   its goals as without measures, but reports no level, violence-form or target-group gaps: every
 *   cell would be a "gap", which says nothing. `hasMeasures: false` lets the page say why.
 * - Codes a measure carries that are not among the given terms are still counted, so nothing
 *   disappears from the totals; gaps are only reported for the given terms.
 * - Units are those named as lead or co-responsible on at least one measure, sorted by name.
 */

export interface CoverageTerms {
  preventionLevels: readonly { code: string }[];
  violenceForms: readonly { code: string }[];
  targetGroups: readonly { code: string }[];
}

export interface GoalCoverage {
  nodeId: string;
  number: string;
  text: string;
  depth: number;
  measureCount: number;
  byPreventionLevel: Record<string, number>;
}

export interface UnitCoverage {
  unitId: string;
  name: string;
  lead: number;
  co: number;
  byGoal: Record<string, { lead: number; co: number }>;
}

export interface CoverageGaps {
  goalsWithoutMeasures: string[];
  goalLevelGaps: { nodeId: string; level: string }[];
  levelsWithoutMeasures: string[];
  violenceFormsNotReached: string[];
  targetGroupsNotReached: string[];
  measuresWithoutLeadUnit: string[];
}

export interface Coverage {
  hasMeasures: boolean;
  measureCount: number;
  goals: GoalCoverage[];
  levelTotals: Record<string, number>;
  units: UnitCoverage[];
  violenceForms: Record<string, number>;
  targetGroups: Record<string, number>;
  gaps: CoverageGaps;
}

export function computeCoverage(content: PlanContent, terms: CoverageTerms): Coverage {
  const levelCodes = terms.preventionLevels.map((term) => term.code);
  const numbers = displayNumbers(content.nodes);
  const allMeasures = flattenNodes(content.nodes).flatMap(({ node }) => inDocumentOrder(node.measures));

  const goalEntries = goalsWithMeasures(content.nodes);
  const goals: GoalCoverage[] = goalEntries.map(({ node, depth, measures }) => ({
    nodeId: node.id,
    number: numbers.get(node.id) ?? '',
    text: node.text,
    depth,
    measureCount: measures.length,
    byPreventionLevel: countByCode(levelCodes, measures, (measure) => measure.preventionLevels),
  }));

  const hasMeasures = allMeasures.length > 0;
  const levelTotals = countByCode(levelCodes, allMeasures, (measure) => measure.preventionLevels);
  const violenceForms = countByCode(codesOf(terms.violenceForms), allMeasures, (measure) => measure.violenceForms);
  const targetGroups = countByCode(codesOf(terms.targetGroups), allMeasures, (measure) => measure.targetGroups);
  const notReached = (counts: Record<string, number>, codes: readonly string[]): string[] =>
    hasMeasures ? codes.filter((code) => counts[code] === 0) : [];

  const topLevelGoals = goals.filter((_goal, index) => !goalEntries[index]!.hasGoalAbove);
  return {
    hasMeasures,
    measureCount: allMeasures.length,
    goals,
    levelTotals,
    units: unitCoverage(content, allMeasures, goalEntries),
    violenceForms,
    targetGroups,
    gaps: {
      goalsWithoutMeasures: goals.filter((goal) => goal.measureCount === 0).map((goal) => goal.nodeId),
      goalLevelGaps: topLevelGoals
        .filter((goal) => goal.measureCount > 0)
        .flatMap((goal) =>
          levelCodes.filter((level) => goal.byPreventionLevel[level] === 0).map((level) => ({ nodeId: goal.nodeId, level })),
        ),
      levelsWithoutMeasures: notReached(levelTotals, levelCodes),
      violenceFormsNotReached: notReached(violenceForms, codesOf(terms.violenceForms)),
      targetGroupsNotReached: notReached(targetGroups, codesOf(terms.targetGroups)),
      measuresWithoutLeadUnit: allMeasures.filter((measure) => measure.leadUnitIds.length === 0).map((measure) => measure.id),
    },
  };
}

interface GoalEntry {
  node: NodeContent;
  depth: number;
  hasGoalAbove: boolean;
  /** Every measure in the goal's subtree, in document order. */
  measures: MeasureContent[];
}

/** The goals in document order, each with the measures of its whole subtree. */
function goalsWithMeasures(nodes: readonly NodeContent[]): GoalEntry[] {
  const goals: GoalEntry[] = [];
  const visit = (siblings: readonly NodeContent[], depth: number, hasGoalAbove: boolean): void => {
    for (const node of inDocumentOrder(siblings)) {
      if (node.role === 'goal') {
        const measures = flattenNodes([node]).flatMap(({ node: inner }) => inDocumentOrder(inner.measures));
        goals.push({ node, depth, hasGoalAbove, measures });
      }
      visit(node.children, depth + 1, hasGoalAbove || node.role === 'goal');
    }
  };
  visit(nodes, 0, false);
  return goals;
}

function codesOf(terms: readonly { code: string }[]): string[] {
  return terms.map((term) => term.code);
}

/** Measures per code: every given code (0 when none), plus any other code a measure carries. */
function countByCode(
  codes: readonly string[],
  measures: readonly MeasureContent[],
  codesOfMeasure: (measure: MeasureContent) => readonly string[],
): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(codes.map((code) => [code, 0]));
  for (const measure of measures) {
    for (const code of new Set(codesOfMeasure(measure))) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

function unitCoverage(content: PlanContent, measures: readonly MeasureContent[], goals: readonly GoalEntry[]): UnitCoverage[] {
  const names = new Map(content.units.map((unit) => [unit.id, unit.name]));
  const units = new Map<string, UnitCoverage>();
  const unit = (unitId: string): UnitCoverage => {
    let entry = units.get(unitId);
    if (!entry) {
      const byGoal = Object.fromEntries(goals.map((goal) => [goal.node.id, { lead: 0, co: 0 }]));
      entry = { unitId, name: names.get(unitId) ?? unitId, lead: 0, co: 0, byGoal };
      units.set(unitId, entry);
    }
    return entry;
  };

  // For each measure, the goals whose subtree holds it (a measure under goal 1.2 also counts for goal 1).
  const goalsOfMeasure = new Map<string, string[]>();
  for (const goal of goals) {
    for (const measure of goal.measures) goalsOfMeasure.set(measure.id, [...(goalsOfMeasure.get(measure.id) ?? []), goal.node.id]);
  }

  for (const measure of measures) {
    for (const [role, unitIds] of [
      ['lead', measure.leadUnitIds],
      ['co', measure.coUnitIds],
    ] as const) {
      for (const unitId of new Set(unitIds)) {
        const entry = unit(unitId);
        entry[role] += 1;
        for (const goalId of goalsOfMeasure.get(measure.id) ?? []) entry.byGoal[goalId]![role] += 1;
      }
    }
  }
  return [...units.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}
