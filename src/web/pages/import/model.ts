import type { CreateDraftBody, DraftNodeShape, ImportResultOut } from '../../../api/schemas-imports';
import { normalizeSearchText } from '../../../domain/search-text';
import type { MeasureScope, NodeRole, PlanKind, UnitKind } from '../../../domain/vocabulary';

/*
 * The review screen's model: the importer's tree flattened into a list of items in document order
 * (which is how the coordinator reads it beside the source), the operations on that list (change
 * kind, merge with the next, split, delete), and the way back to a tree for the draft request.
 *
 * A node's `depth` is its level as found; a measure belongs to the nearest node before it. When an
 * edit leaves a node deeper than the node before it allows, it moves up to the deepest level possible.
 */

export type ImportResult = ImportResultOut;
export type SourceRange = { from: number; to: number };
export type ItemKind = NodeRole | 'measure';
type CreateDraftNode = DraftNodeShape;
type CreateDraftMeasure = NonNullable<CreateDraftNode['measures']>[number];

export interface ReviewItem {
  key: string;
  kind: ItemKind;
  depth: number;
  /** A node's number ("3.1") or a measure's code ("1:3"), as the document writes it. */
  number: string;
  /** A node's own word for its kind ("Fokusområde"). */
  label: string;
  text: string;
  description: string;
  responsibilityText: string;
  /** Unit names as the document writes them (keys into the unit choices). */
  lead: string[];
  co: string[];
  preventionLevels: string[];
  scope: MeasureScope | null;
  examples: string[];
  source: SourceRange;
  confidence: number;
}

let keyCounter = 0;
export const newKey = (): string => `i${++keyCounter}`;

export function flattenResult(result: ImportResult): ReviewItem[] {
  const items: ReviewItem[] = [];
  const walk = (nodes: ImportResult['nodes'], depth: number) => {
    for (const node of nodes) {
      items.push({
        key: newKey(),
        kind: node.role,
        depth,
        number: node.number ?? '',
        label: node.label ?? '',
        text: node.text,
        description: node.description ?? '',
        responsibilityText: '',
        lead: [],
        co: [],
        preventionLevels: node.preventionLevels,
        scope: null,
        examples: [],
        source: node.source,
        confidence: node.confidence,
      });
      for (const measure of node.measures) {
        items.push({
          key: newKey(),
          kind: 'measure',
          depth: depth + 1,
          number: measure.code ?? '',
          label: '',
          text: measure.text,
          description: measure.description ?? '',
          responsibilityText: measure.responsibilityText ?? '',
          lead: measure.lead.map((u) => u.text),
          co: measure.co.map((u) => u.text),
          preventionLevels: measure.preventionLevels,
          scope: measure.scope,
          examples: measure.examples,
          source: measure.source,
          confidence: measure.confidence,
        });
      }
      walk(node.children, depth + 1);
    }
  };
  walk(result.nodes, 0);
  return items;
}

export interface Placement {
  /** The level the item is shown and saved at. */
  depth: number;
  /** Index of the node it belongs to, or null for a top-level node (or a measure with no node before it). */
  parent: number | null;
}

/** Where every item ends up in the tree. */
export function placements(items: readonly ReviewItem[]): Placement[] {
  const stack: number[] = [];
  return items.map((item, i) => {
    if (item.kind === 'measure') return { depth: stack.length, parent: stack.length ? stack[stack.length - 1]! : null };
    const depth = Math.min(Math.max(item.depth, 0), stack.length);
    stack.length = depth;
    const parent = depth > 0 ? stack[depth - 1]! : null;
    stack.push(i);
    return { depth, parent };
  });
}

/** Changes an item's kind. A measure that becomes a node is placed under the node it belonged to. */
export function changeKind(items: readonly ReviewItem[], key: string, kind: ItemKind): ReviewItem[] {
  const place = placements(items);
  return items.map((item, i) => {
    if (item.key !== key || item.kind === kind) return item;
    return { ...item, kind, depth: place[i]!.depth };
  });
}

const joinText = (a: string, b: string) => [a.trim(), b.trim()].filter(Boolean).join(' ');
const union = (a: string[], b: string[]) => [...a, ...b.filter((x) => !a.includes(x))];

/** Merges an item with the one after it: the texts are joined, the first item's kind and number are kept. */
export function mergeWithNext(items: readonly ReviewItem[], key: string): ReviewItem[] {
  const i = items.findIndex((item) => item.key === key);
  if (i < 0 || i >= items.length - 1) return [...items];
  const a = items[i]!;
  const b = items[i + 1]!;
  const lead = union(a.lead, b.lead);
  const merged: ReviewItem = {
    ...a,
    number: a.number || b.number,
    label: a.label || b.label,
    text: joinText(a.text, b.text),
    description: joinText(a.description, b.description),
    responsibilityText: a.responsibilityText || b.responsibilityText,
    lead,
    co: union(a.co, b.co).filter((u) => !lead.includes(u)),
    preventionLevels: union(a.preventionLevels, b.preventionLevels),
    scope: a.scope ?? b.scope,
    examples: union(a.examples, b.examples),
    source: { from: Math.min(a.source.from, b.source.from), to: Math.max(a.source.to, b.source.to) },
    confidence: Math.min(a.confidence, b.confidence),
  };
  return [...items.slice(0, i), merged, ...items.slice(i + 2)];
}

/**
 * Splits an item's text at a character position into two items of the same kind; the second keeps
 * the first's units and levels but gets no number. Returns null when the position leaves one part empty.
 */
export function splitAt(items: readonly ReviewItem[], key: string, text: string, position: number): { items: ReviewItem[]; newKey: string } | null {
  const i = items.findIndex((item) => item.key === key);
  if (i < 0) return null;
  const first = text.slice(0, position).trim();
  const second = text.slice(position).trim();
  if (!first || !second) return null;
  const a = items[i]!;
  const b: ReviewItem = { ...a, key: newKey(), number: '', text: second, description: '', examples: [] };
  return { items: [...items.slice(0, i), { ...a, text: first }, b, ...items.slice(i + 1)], newKey: b.key };
}

export function removeItem(items: readonly ReviewItem[], key: string): ReviewItem[] {
  return items.filter((item) => item.key !== key);
}

export function updateItem(items: readonly ReviewItem[], key: string, change: Partial<ReviewItem>): ReviewItem[] {
  return items.map((item) => (item.key === key ? { ...item, ...change } : item));
}

// --- units --------------------------------------------------------------------------------------

/** What a unit name found in the document becomes: an existing unit, a new one, or nothing. */
export interface UnitChoice {
  /** A unit id, "new" or "none". */
  choice: string;
  newName: string;
  newKind: UnitKind | '';
}

/** A guess at a new unit's kind from its Swedish name; the coordinator confirms it. */
export function guessUnitKind(name: string): UnitKind | '' {
  const n = name.toLocaleLowerCase('sv').trim();
  if (/nämnd(en|erna|er)?$|styrelse(n)?$|fullmäktige$/.test(n)) return 'board';
  if (/förvaltning(en|ar|arna)?$|kontor(et|en)?$|avdelning(en)?$|enhet(en)?$/.test(n)) return 'administration';
  if (/\bab$|bolag(et)?$|bostäder$|\bhem$/.test(n)) return 'company';
  if (/råd(et)?$/.test(n)) return 'council';
  if (/förbund(et)?$/.test(n)) return 'federation';
  if (/^(alla|samtliga)\b/.test(n)) return 'group';
  if (/polis|region|kvinnojour|tjejjour|brottsofferjour|länsstyrelse|myndighet/.test(n)) return 'external';
  return '';
}

type UnitMatch = ImportResult['units'][number];

/**
 * The importer's match for every unit name in the document. It lists each unit once, under one of its
 * spellings; measures may use others ("Södermøre …" beside "Södermöre …"), each with its own match.
 */
export function unitMatches(result: ImportResult): Map<string, UnitMatch> {
  const matches = new Map<string, UnitMatch>();
  const add = (match: UnitMatch) => {
    if (!matches.has(match.text)) matches.set(match.text, match);
  };
  result.units.forEach(add);
  const walk = (nodes: ImportResult['nodes']) => {
    for (const node of nodes) {
      for (const measure of node.measures) [...measure.lead, ...measure.co].forEach(add);
      walk(node.children);
    }
  };
  walk(result.nodes);
  return matches;
}

export function initialUnitChoices(result: ImportResult): Record<string, UnitChoice> {
  const choices: Record<string, UnitChoice> = {};
  for (const match of unitMatches(result).values()) {
    choices[match.text] = {
      choice: match.unitId ?? (match.proposeNew ? 'new' : 'none'),
      newName: match.text,
      newKind: guessUnitKind(match.text),
    };
  }
  return choices;
}

/** The unit names measures refer to, in order of first appearance, with the importer's matches. */
export function unitNames(result: ImportResult, items: readonly ReviewItem[]): string[] {
  const names = result.units.map((u) => u.text);
  for (const item of items) for (const name of [...item.lead, ...item.co]) if (!names.includes(name)) names.push(name);
  return names;
}

/** Names that differ only in case, spacing or diacritics (ø for ö) name one unit. */
const normalName = (name: string) => normalizeSearchText(name);

export interface NewUnitPlan {
  key: string;
  name: string;
  kind: UnitKind | '';
  /** The unit names from the document that become this unit (the first one's fields carry errors). */
  texts: string[];
}

/** New units to create: names that choose "new" with the same name become one unit. */
export function plannedNewUnits(names: readonly string[], choices: Record<string, UnitChoice>): NewUnitPlan[] {
  const byName = new Map<string, NewUnitPlan>();
  for (const text of names) {
    const choice = choices[text];
    if (choice?.choice !== 'new') continue;
    const key = normalName(choice.newName);
    const existing = byName.get(key);
    if (existing) {
      existing.texts.push(text);
      if (!existing.kind) existing.kind = choice.newKind;
    } else byName.set(key, { key: `new-${byName.size + 1}`, name: choice.newName.trim(), kind: choice.newKind, texts: [text] });
  }
  return [...byName.values()];
}

// --- the draft ------------------------------------------------------------------------------------

export interface MetadataValues {
  title: string;
  kind: PlanKind | '';
  validFrom: string;
  validTo: string;
  validityNote: string;
  decisionBody: string;
  decisionDate: string;
  decisionParagraph: string;
  registryNumber: string;
  replacesReference: string;
  /** The unit that owns the plan: a unit id, or empty. */
  ownerUnitId: string;
}

export function initialMetadata(result: ImportResult): MetadataValues {
  const m = result.metadata;
  return {
    title: m.title?.value ?? '',
    kind: m.kind?.value ?? '',
    validFrom: m.validFrom?.value ?? '',
    validTo: m.validTo?.value ?? '',
    validityNote: m.validityNote?.value ?? '',
    decisionBody: m.decisionBody?.value ?? '',
    decisionDate: m.decisionDate?.value ?? '',
    decisionParagraph: m.decisionParagraph?.value ?? '',
    registryNumber: m.registryNumber?.value ?? '',
    replacesReference: m.replacesReference?.value ?? '',
    ownerUnitId: m.ownerUnit?.value.unitId ?? '',
  };
}

const orNull = (value: string): string | null => (value.trim() ? value.trim() : null);
const orUndefined = (value: string): string | undefined => (value.trim() ? value.trim() : undefined);

export interface DraftRequest {
  body: CreateDraftBody;
  /** Request paths of nodes and measures ("body.nodes.0.measures.2") to item keys, for the API's field errors. */
  itemByPath: Map<string, string>;
  /** Request paths of new units ("body.newUnits.1") to the unit name whose fields show their errors. */
  unitTextByPath: Map<string, string>;
}

/** Builds the draft request from the reviewed state. Measures without a node before them are left to validation. */
export function buildDraft(metadata: MetadataValues, items: readonly ReviewItem[], names: readonly string[], choices: Record<string, UnitChoice>): DraftRequest {
  const newUnits = plannedNewUnits(names, choices);
  const refByText = new Map<string, string>();
  for (const text of names) {
    const choice = choices[text];
    if (!choice || choice.choice === 'none') continue;
    if (choice.choice === 'new') refByText.set(text, newUnits.find((u) => u.texts.includes(text))!.key);
    else refByText.set(text, choice.choice);
  }
  const refs = (texts: string[], exclude: string[] = []) => [...new Set(texts.map((t) => refByText.get(t)).filter((r): r is string => !!r && !exclude.includes(r)))];

  const place = placements(items);
  const built: (CreateDraftNode & { measures: CreateDraftMeasure[]; children: CreateDraftNode[] })[] = [];
  const roots: CreateDraftNode[] = [];
  const keyOfNode = new Map<CreateDraftNode, string>();
  const keyOfMeasure = new Map<CreateDraftMeasure, string>();
  items.forEach((item, i) => {
    const { parent } = place[i]!;
    if (item.kind === 'measure') {
      const lead = refs(item.lead);
      const measure: CreateDraftMeasure = {
        code: orNull(item.number),
        text: item.text.trim(),
        description: orNull(item.description),
        responsibilityText: orNull(item.responsibilityText),
        leadUnitIds: lead,
        coUnitIds: refs(item.co, lead),
        preventionLevels: item.preventionLevels,
        scope: item.scope,
        examples: item.examples.map((e) => e.trim()).filter(Boolean),
      };
      keyOfMeasure.set(measure, item.key);
      if (parent !== null) built[parent]!.measures.push(measure);
      return;
    }
    const node = { role: item.kind, label: orNull(item.label), number: orNull(item.number), text: item.text.trim(), description: orNull(item.description), preventionLevels: item.preventionLevels, measures: [], children: [] };
    built[i] = node;
    keyOfNode.set(node, item.key);
    if (parent === null) roots.push(node);
    else built[parent]!.children.push(node);
  });

  const itemByPath = new Map<string, string>();
  const walk = (nodes: CreateDraftNode[], path: string) =>
    nodes.forEach((node, i) => {
      itemByPath.set(`${path}.${i}`, keyOfNode.get(node)!);
      node.measures?.forEach((m, j) => itemByPath.set(`${path}.${i}.measures.${j}`, keyOfMeasure.get(m)!));
      walk(node.children ?? [], `${path}.${i}.children`);
    });
  walk(roots, 'body.nodes');
  const unitTextByPath = new Map(newUnits.map((u, i) => [`body.newUnits.${i}`, u.texts[0]!]));

  return {
    body: {
      title: metadata.title.trim(),
      kind: (metadata.kind || undefined) as PlanKind,
      validFrom: orNull(metadata.validFrom),
      validTo: orNull(metadata.validTo),
      validityNote: orNull(metadata.validityNote),
      decision: { body: orNull(metadata.decisionBody), date: orNull(metadata.decisionDate), paragraph: orNull(metadata.decisionParagraph) },
      registryNumber: orNull(metadata.registryNumber),
      replacesReference: orNull(metadata.replacesReference),
      ownerUnitId: orNull(metadata.ownerUnitId),
      newUnits: newUnits.map((u) => {
        const aliases = aliasesOf(u);
        return { key: u.key, name: u.name, kind: (u.kind || undefined) as UnitKind, ...(aliases.length ? { aliases } : {}) };
      }),
      nodes: roots,
    },
    itemByPath,
    unitTextByPath,
  };
}

/** The document's spellings of a new unit, kept as aliases so the next import finds it. */
function aliasesOf(unit: NewUnitPlan): string[] {
  const seen = new Set([normalName(unit.name)]);
  const aliases: string[] = [];
  for (const text of unit.texts) {
    const key = normalName(text);
    if (!seen.has(key) && orUndefined(text) && text.trim().length <= 200) aliases.push(text.trim());
    seen.add(key);
  }
  return aliases;
}

/** "hög", "medel" or "låg": shown as text, never by colour alone. */
export function confidenceLevel(confidence: number): 'high' | 'medium' | 'low' {
  if (confidence >= 0.8) return 'high';
  if (confidence >= 0.5) return 'medium';
  return 'low';
}
