import type { MeasureContent, NodeContent, PlanContent, PlanMetadata } from './plan-content.js';
import { displayNumbers } from './numbering.js';
import { flattenMeasures, flattenNodes, inDocumentOrder } from './tree.js';

/**
 * A readable comparison of two states of a plan (two versions, or a version and the draft):
 * what goals and measures were added, removed or changed, field by field, in words a reader of the
 * plan recognises — unit names instead of ids, a goal's number and text instead of its id.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface FieldChange {
  field: string;
  before: JsonValue;
  after: JsonValue;
  /** For fields compared as sets (terms, units, links): what came in and what went out. */
  added?: string[];
  removed?: string[];
}

/** A node as a reader refers to it: "2.3 Tidig upptäckt". (A type, not an interface, so it is a JsonValue.) */
export type NodeReference = {
  id: string;
  number: string;
  text: string;
};

export interface NodeSummary {
  id: string;
  number: string;
  text: string;
  /** The node it sits under; null at the top level. */
  parent: NodeReference | null;
}

export interface MeasureSummary {
  id: string;
  number: string;
  text: string;
  node: NodeReference;
}

export interface ItemChange {
  id: string;
  /** Number and text as they are after the change. */
  number: string;
  text: string;
  changes: FieldChange[];
}

export interface PlanContentDiff {
  plan: FieldChange[];
  nodes: { added: NodeSummary[]; removed: NodeSummary[]; changed: ItemChange[] };
  measures: { added: MeasureSummary[]; removed: MeasureSummary[]; changed: ItemChange[] };
}

/**
 * How one field is compared:
 * - value: a single value (text, code, status);
 * - list: an array where order matters (sections, examples);
 * - set: an array of codes or ids where order does not matter (terms, units, framework links);
 *   `label` turns an id into something readable (a unit's name) for display only.
 */
type FieldSpec<T> =
  | { field: string; kind: 'value' | 'list'; read: (item: T, side: Side) => JsonValue }
  | { field: string; kind: 'set'; read: (item: T) => readonly string[]; label?: (id: string, side: Side) => string };

/** One side of the comparison: the content, the numbers it shows, and where each item sits. */
interface Side {
  content: PlanContent;
  numbers: Map<string, string>;
  unitNames: Map<string, string>;
  nodes: Map<string, { node: NodeContent; parent: NodeContent | null; siblings: readonly NodeContent[] }>;
  measures: Map<string, { measure: MeasureContent; node: NodeContent; siblings: readonly MeasureContent[] }>;
}

function sideOf(content: PlanContent): Side {
  const nodes: Side['nodes'] = new Map();
  const index = (siblings: readonly NodeContent[], parent: NodeContent | null): void => {
    const ordered = inDocumentOrder(siblings);
    for (const node of ordered) {
      nodes.set(node.id, { node, parent, siblings: ordered });
      index(node.children, node);
    }
  };
  index(content.nodes, null);

  const measures: Side['measures'] = new Map();
  for (const { node } of nodes.values()) {
    const siblings = inDocumentOrder(node.measures);
    for (const measure of siblings) measures.set(measure.id, { measure, node, siblings });
  }
  return {
    content,
    numbers: displayNumbers(content.nodes),
    unitNames: new Map(content.units.map((unit) => [unit.id, unit.name])),
    nodes,
    measures,
  };
}

const unitName = (id: string, side: Side): string => side.unitNames.get(id) ?? id;

function nodeReference(node: NodeContent, side: Side): NodeReference {
  return { id: node.id, number: side.numbers.get(node.id) ?? '', text: node.text };
}

const planFields: FieldSpec<PlanMetadata>[] = [
  { field: 'title', kind: 'value', read: (p) => p.title },
  { field: 'kind', kind: 'value', read: (p) => p.kind },
  { field: 'status', kind: 'value', read: (p) => p.status },
  { field: 'validFrom', kind: 'value', read: (p) => p.validFrom },
  { field: 'validTo', kind: 'value', read: (p) => p.validTo },
  { field: 'validityNote', kind: 'value', read: (p) => p.validityNote },
  { field: 'decision.body', kind: 'value', read: (p) => p.decision.body },
  { field: 'decision.date', kind: 'value', read: (p) => p.decision.date },
  { field: 'decision.paragraph', kind: 'value', read: (p) => p.decision.paragraph },
  { field: 'decision.registryNumber', kind: 'value', read: (p) => p.decision.registryNumber },
  { field: 'registryNumber', kind: 'value', read: (p) => p.registryNumber },
  { field: 'replacesPlanId', kind: 'value', read: (p) => p.replacesPlanId },
  { field: 'replacesReference', kind: 'value', read: (p) => p.replacesReference },
  { field: 'parentPlanId', kind: 'value', read: (p) => p.parentPlanId },
  {
    field: 'ownerUnit',
    kind: 'value',
    read: (p, side) => (p.ownerUnitId === null ? null : { id: p.ownerUnitId, name: unitName(p.ownerUnitId, side) }),
  },
  { field: 'followUpCadence', kind: 'value', read: (p) => p.followUpCadence },
  { field: 'followUpDescription', kind: 'value', read: (p) => p.followUpDescription },
  { field: 'summary', kind: 'value', read: (p) => p.summary },
  { field: 'sections', kind: 'list', read: (p) => p.sections.map((s) => ({ heading: s.heading, body: s.body })) },
  { field: 'violenceForms', kind: 'set', read: (p) => p.violenceForms },
  { field: 'targetGroups', kind: 'set', read: (p) => p.targetGroups },
  { field: 'vulnerableGroups', kind: 'set', read: (p) => p.vulnerableGroups },
  { field: 'perspectives', kind: 'set', read: (p) => p.perspectives },
  { field: 'frameworkLinks', kind: 'set', read: (p) => p.frameworkLinks },
];

const nodeFields: FieldSpec<NodeContent>[] = [
  { field: 'role', kind: 'value', read: (n) => n.role },
  { field: 'label', kind: 'value', read: (n) => n.label },
  { field: 'number', kind: 'value', read: (n) => n.number },
  { field: 'text', kind: 'value', read: (n) => n.text },
  { field: 'description', kind: 'value', read: (n) => n.description },
  { field: 'preventionLevels', kind: 'set', read: (n) => n.preventionLevels },
  { field: 'frameworkLinks', kind: 'set', read: (n) => n.frameworkLinks },
  { field: 'sourceNodeId', kind: 'value', read: (n) => n.sourceNodeId },
];

const measureFields: FieldSpec<MeasureContent>[] = [
  { field: 'code', kind: 'value', read: (m) => m.code },
  { field: 'text', kind: 'value', read: (m) => m.text },
  { field: 'description', kind: 'value', read: (m) => m.description },
  { field: 'responsibilityText', kind: 'value', read: (m) => m.responsibilityText },
  { field: 'leadUnits', kind: 'set', read: (m) => m.leadUnitIds, label: unitName },
  { field: 'coUnits', kind: 'set', read: (m) => m.coUnitIds, label: unitName },
  { field: 'preventionLevels', kind: 'set', read: (m) => m.preventionLevels },
  { field: 'targetGroups', kind: 'set', read: (m) => m.targetGroups },
  { field: 'violenceForms', kind: 'set', read: (m) => m.violenceForms },
  { field: 'vulnerableGroups', kind: 'set', read: (m) => m.vulnerableGroups },
  { field: 'perspectives', kind: 'set', read: (m) => m.perspectives },
  { field: 'scope', kind: 'value', read: (m) => m.scope },
  { field: 'timeFrame', kind: 'value', read: (m) => m.timeFrame },
  { field: 'examples', kind: 'list', read: (m) => [...m.examples] },
  { field: 'frameworkLinks', kind: 'set', read: (m) => m.frameworkLinks },
  { field: 'parentMeasureId', kind: 'value', read: (m) => m.parentMeasureId },
];

function compareFields<T>(specs: readonly FieldSpec<T>[], before: T, after: T, sides: [Side, Side]): FieldChange[] {
  const [beforeSide, afterSide] = sides;
  const changes: FieldChange[] = [];
  for (const spec of specs) {
    if (spec.kind === 'set') {
      const beforeIds = unique(spec.read(before));
      const afterIds = unique(spec.read(after));
      const added = afterIds.filter((id) => !beforeIds.includes(id));
      const removed = beforeIds.filter((id) => !afterIds.includes(id));
      if (added.length === 0 && removed.length === 0) continue;
      const label = spec.label ?? ((id: string) => id);
      changes.push({
        field: spec.field,
        before: beforeIds.map((id) => label(id, beforeSide)),
        after: afterIds.map((id) => label(id, afterSide)),
        added: added.map((id) => label(id, afterSide)),
        removed: removed.map((id) => label(id, beforeSide)),
      });
    } else {
      const beforeValue = spec.read(before, beforeSide);
      const afterValue = spec.read(after, afterSide);
      if (!sameJson(beforeValue, afterValue)) changes.push({ field: spec.field, before: beforeValue, after: afterValue });
    }
  }
  return changes;
}

/**
 * The items of a sibling list that really changed place, not those that only shifted because a
 * sibling was added, removed or moved away: the items outside the longest run kept in the same
 * relative order. Only items under the same parent on both sides take part.
 */
function reorderedItems(beforeIds: readonly string[], afterIds: readonly string[]): Set<string> {
  const inBoth = new Set(afterIds);
  const keptBefore = beforeIds.filter((id) => inBoth.has(id));
  const keptBeforeSet = new Set(keptBefore);
  const keptAfter = afterIds.filter((id) => keptBeforeSet.has(id));
  const inOrder = new Set(longestCommonSubsequence(keptBefore, keptAfter).map(([i]) => keptBefore[i]!));
  return new Set(keptBefore.filter((id) => !inOrder.has(id)));
}

function orderChange(id: string, beforeIds: readonly string[], afterIds: readonly string[]): FieldChange {
  return { field: 'order', before: beforeIds.indexOf(id) + 1, after: afterIds.indexOf(id) + 1 };
}

/** Compares two states of a plan. The `version` counters are bookkeeping and never reported. */
export function diffPlanContent(before: PlanContent, after: PlanContent): PlanContentDiff {
  const sides: [Side, Side] = [sideOf(before), sideOf(after)];
  const [beforeSide, afterSide] = sides;
  return {
    plan: compareFields(planFields, before.plan, after.plan, sides),
    nodes: diffNodes(beforeSide, afterSide),
    measures: diffMeasures(beforeSide, afterSide),
  };
}

function diffNodes(beforeSide: Side, afterSide: Side): PlanContentDiff['nodes'] {
  const summary = (node: NodeContent, side: Side): NodeSummary => {
    const parent = side.nodes.get(node.id)?.parent ?? null;
    return { ...nodeReference(node, side), parent: parent && nodeReference(parent, side) };
  };
  const beforeNodes = flattenNodes(beforeSide.content.nodes).map(({ node }) => node);
  const afterNodes = flattenNodes(afterSide.content.nodes).map(({ node }) => node);

  const changed: ItemChange[] = [];
  for (const node of afterNodes) {
    const old = beforeSide.nodes.get(node.id);
    const now = afterSide.nodes.get(node.id)!;
    if (!old) continue;
    const changes = compareFields(nodeFields, old.node, node, [beforeSide, afterSide]);
    if ((old.parent?.id ?? null) !== (now.parent?.id ?? null)) {
      changes.push({
        field: 'parent',
        before: old.parent && nodeReference(old.parent, beforeSide),
        after: now.parent && nodeReference(now.parent, afterSide),
      });
    } else {
      const beforeIds = old.siblings.map((sibling) => sibling.id);
      const afterIds = now.siblings.map((sibling) => sibling.id);
      if (reorderedItems(beforeIds, afterIds).has(node.id)) changes.push(orderChange(node.id, beforeIds, afterIds));
    }
    if (changes.length > 0) changed.push({ ...nodeReference(node, afterSide), changes });
  }
  return {
    added: afterNodes.filter((node) => !beforeSide.nodes.has(node.id)).map((node) => summary(node, afterSide)),
    removed: beforeNodes.filter((node) => !afterSide.nodes.has(node.id)).map((node) => summary(node, beforeSide)),
    changed,
  };
}

function diffMeasures(beforeSide: Side, afterSide: Side): PlanContentDiff['measures'] {
  const summary = ({ measure, node }: { measure: MeasureContent; node: NodeContent }, side: Side): MeasureSummary => ({
    id: measure.id,
    number: side.numbers.get(measure.id) ?? '',
    text: measure.text,
    node: nodeReference(node, side),
  });
  const beforeMeasures = flattenMeasures(beforeSide.content.nodes);
  const afterMeasures = flattenMeasures(afterSide.content.nodes);

  const changed: ItemChange[] = [];
  for (const { measure } of afterMeasures) {
    const old = beforeSide.measures.get(measure.id);
    const now = afterSide.measures.get(measure.id)!;
    if (!old) continue;
    const changes = compareFields(measureFields, old.measure, measure, [beforeSide, afterSide]);
    if (old.node.id !== now.node.id) {
      changes.push({
        field: 'node',
        before: nodeReference(old.node, beforeSide),
        after: nodeReference(now.node, afterSide),
      });
    } else {
      const beforeIds = old.siblings.map((sibling) => sibling.id);
      const afterIds = now.siblings.map((sibling) => sibling.id);
      if (reorderedItems(beforeIds, afterIds).has(measure.id)) changes.push(orderChange(measure.id, beforeIds, afterIds));
    }
    if (changes.length > 0) {
      changed.push({ id: measure.id, number: afterSide.numbers.get(measure.id) ?? '', text: measure.text, changes });
    }
  }
  return {
    added: afterMeasures.filter(({ measure }) => !beforeSide.measures.has(measure.id)).map((entry) => summary(entry, afterSide)),
    removed: beforeMeasures.filter(({ measure }) => !afterSide.measures.has(measure.id)).map((entry) => summary(entry, beforeSide)),
    changed,
  };
}

/** Whether two states of a plan read the same. */
export function isEmptyDiff(diff: PlanContentDiff): boolean {
  return (
    diff.plan.length === 0 &&
    [diff.nodes, diff.measures].every((part) => part.added.length + part.removed.length + part.changed.length === 0)
  );
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Index pairs [i, j] of a longest common subsequence of a and b, in order. Quadratic in time and
 * memory; callers keep the inputs small.
 */
function longestCommonSubsequence<T>(a: readonly T[], b: readonly T[]): [number, number][] {
  const width = b.length + 1;
  // lengths[i * width + j]: length of the LCS of a[i..] and b[j..].
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i++, j++]);
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

export interface WordSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Above this many word pairs the middle of a text is shown as replaced as a whole, to bound time and memory. */
const maxWordPairs = 1_000_000;

/**
 * A word-level diff for marking changed words: segments that concatenate to `before` when the
 * added ones are left out, and to `after` when the removed ones are. Whitespace is kept as its own
 * token so the text reads as written; where words were replaced, the removed part comes first.
 */
export function wordDiff(before: string, after: string): WordSegment[] {
  const a = wordsAndSpaces(before);
  const b = wordsAndSpaces(after);

  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const segments: WordSegment[] = [];
  const push = (kind: WordSegment['kind'], text: string): void => {
    if (text === '') return;
    const last = segments.at(-1);
    if (last?.kind === kind) last.text += text;
    else segments.push({ kind, text });
  };

  a.slice(0, start).forEach((token) => push('same', token));
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  if (middleA.length * middleB.length > maxWordPairs) {
    push('removed', middleA.join(''));
    push('added', middleB.join(''));
  } else {
    let i = 0;
    let j = 0;
    for (const [matchA, matchB] of longestCommonSubsequence(middleA, middleB)) {
      while (i < matchA) push('removed', middleA[i++]!);
      while (j < matchB) push('added', middleB[j++]!);
      push('same', middleA[i]!);
      i++;
      j++;
    }
    while (i < middleA.length) push('removed', middleA[i++]!);
    while (j < middleB.length) push('added', middleB[j++]!);
  }
  a.slice(endA).forEach((token) => push('same', token));
  return segments;
}

function wordsAndSpaces(text: string): string[] {
  return text.split(/(\s+)/u).filter((token) => token !== '');
}
