import type { MeasureScope, NodeRole } from '../domain/vocabulary.js';
import { fieldLabel, goalLabelLine, type Block } from './blocks.js';
import { parseResponsibility, unitsFromText, type Responsibility } from './responsibility.js';
import { capitalizeFirst, clean, preventionLevelCode, preventionLevelsIn, squash } from './text-utils.js';
import type { ImportedMeasure, ImportedNode, ImportResult, UnitMatch } from './types.js';
import type { UnitResolver } from './units.js';

type Note = ImportResult['notes'][number];

/**
 * Reads the goal tree and the measures from the document's blocks, with rules taken from how Swedish
 * plans are written rather than from any one layout:
 *
 * Goals
 * - a goal written with its label and number ("Fokusområde 1: …", "Inriktningsmål 2 - …", "Mål 3.");
 *   when the same label and number occur more than once (overview list, table of contents, the
 *   section itself) the occurrence with the most content is the goal;
 * - numbered headings under a heading that names goals ("3. Utvecklings- och insatsområden" → "3.1",
 *   "3.2"), and numbered list items extending a goal's number ("3.1.1" under "3.1");
 * - unnumbered headings that carry measures, or that sit with siblings under a heading naming goals
 *   ("Fokusområden och insatser");
 * - list items after "genom att:", "ska arbeta för:" are strategies; after "… behöver följande vara
 *   på plats:" conditions;
 * - a document with none of these (a decision paper) may still enumerate its goals in a sentence
 *   ("indelning i tre områden; A, B, samt C"): those are taken, with low confidence.
 *
 * Measures
 * - "Åtgärd 1:3" / "Aktivitet 2.1" blocks, including table rows flattened from PDF or HTML (cells
 *   by tab, or split at the `<ul>` debris of a responsibility cell, prevention levels at the end);
 * - rows of a table whose header names a measure column and a responsibility column;
 * - list items (or paragraphs) followed by a responsibility line ("Ansvar: …");
 * - list items under a heading or lead-in that names activities ("Stadsövergripande aktiviteter",
 *   "Aktiviteter i samverkan", "Åtgärder:"), whose kind gives the scope; the paragraph after such an
 *   item is its description.
 * Nothing else is a measure: a list that none of these rules claims is not turned into measures.
 */

interface Draft {
  node: ImportedNode;
  level: number;
  labelled: boolean;
  key: string | null;
  tentative: boolean;
  container: Container | null;
  descriptionOpen: boolean;
  parent: Draft | null;
  order: number;
}

interface Container {
  level: number;
  number: string | null;
  labels: string[];
  from: number;
}

interface MeasureDraft {
  measure: ImportedMeasure;
  explicit: Responsibility | null;
  awaitingContent: boolean;
  owner: Draft | null;
}

interface Context {
  kind: 'none' | 'conditions' | 'strategies' | 'measures' | 'table' | 'list';
  scope: MeasureScope | null;
  label: string | null;
  columns: string[] | null;
}

const containerPattern =
  /\b(?:\p{L}*(?:fokusområden|målområden|insatsområden|utvecklingsområden)|inriktningsmål|inriktningar|delmål|effektmål|strategiska\s+mål|planens\s+mål|målen|prioriterade\s+områden)\b|\b(?:\p{L}+-\s+och\s+)?\p{L}*områden\b|^(?:mål|målen|våra\s+mål)$/iu;
const categoryPattern =
  /^(?:(\p{L}+(?:övergripande|specifika|gemensamma))\s+)?(aktiviteter|åtgärder|insatser|aktivitet|åtgärd)(?:\s+(i\s+samverkan|i\s+samarbete|tillsammans\s+med\s+.+|för\s+.+|inom\s+.+))?$|^(?:gemensamma|egna|övriga)\s+(?:aktiviteter|åtgärder|insatser)$/iu;
const codeLine = /^(?:åtgärd|aktivitet|insats|uppdrag|åtagande)\s+(\d{1,2}(?:[:.]\d{1,3}){0,3}[a-z]?)\b\s*[:.–-]?\s*(.*)$/iu;
const responsibilityLabel = /^(?:ansvar(?:et)?|ansvarig(?:a)?(?:\s+\p{L}+)?|huvudansvar(?:ig)?|medansvar(?:ig(?:a)?)?|samverkanspart(?:er)?|i samverkan med|delaktiga)$/iu;
const headerWords = /^(?:nr|#|åtgärd(?:er)?|aktivitet(?:er)?|insats(?:er)?|ansvar(?:ig)?(?:\s+\p{L}+)?|ansvariga|medansvar(?:ig(?:a)?)?|preventionsnivå(?:er)?|nivå|tidsplan|tid|när|målgrupp(?:er)?|indikator(?:er)?|kommentar(?:er)?|status|uppföljning|kostnad|samverkan)$/iu;

function scopeOf(text: string): MeasureScope | null {
  const t = text.toLocaleLowerCase('sv');
  if (/(?:stads|kommun|koncern|region)övergripande|gemensamma\s+(?:för|i)\s+(?:staden|kommunen)/.test(t)) return 'city_wide';
  if (/i\s+samverkan|i\s+samarbete|tillsammans\s+med|gemensamma/.test(t)) return 'collaboration';
  if (/(?:verksamhets|förvaltnings|nämnd|enhets)specifik|egna\s+(?:aktiviteter|åtgärder)/.test(t)) return 'unit_specific';
  return null;
}

function singular(noun: string): string {
  const n = noun.toLocaleLowerCase('sv');
  const out = n
    .replace(/områden$/, 'område')
    .replace(/inriktningar$/, 'inriktning')
    .replace(/prioriteringar$/, 'prioritering')
    .replace(/målsättningar$/, 'målsättning')
    .replace(/^målen$/, 'mål');
  return capitalizeFirst(out);
}

/** The goal labels a container heading names, in order: "Utvecklings- och insatsområden" → [Utvecklingsområde, Insatsområde]. */
function containerLabels(text: string): string[] {
  const t = clean(text).replace(/^\d+(?:\.\d+)*\.?\s+/, '');
  const elided = /(\p{L}+)-\s+och\s+(\p{L}+?)(områden|mål)\b/iu.exec(t);
  if (elided) return [singular(elided[1]! + elided[3]!), singular(elided[2]! + elided[3]!)];
  const m = /(\p{L}*(?:fokusområden|målområden|insatsområden|utvecklingsområden|områden)|inriktningsmål|inriktningar|delmål|effektmål|prioriteringar)\b/iu.exec(t);
  if (m) return [singular(m[1]!)];
  return [];
}

function labelNorm(label: string): string {
  return label.toLocaleLowerCase('sv').replace(/[\s-]+/g, '');
}

export interface StructureResult {
  nodes: ImportedNode[];
  notes: Note[];
}

export function findStructure(blocks: Block[], resolver: UnitResolver, owner: UnitMatch | null): StructureResult {
  const notes: Note[] = [];
  const drafts: Draft[] = [];
  const containers: Container[] = [];
  const open: Draft[] = [];
  const measures: MeasureDraft[] = [];
  const overview: { text: string; from: number; to: number; label: string | null }[] = [];
  let pending = null as { block: Block; draft: Draft | null; description: string[] } | null;
  let context: Context = { kind: 'none', scope: null, label: null, columns: null };
  let lastMeasure = null as MeasureDraft | null;
  let lastHeading = null as Block | null;
  let order = 0;

  const currentGoal = (): Draft | null => open.at(-1) ?? pending?.draft ?? null;
  const newNode = (role: NodeRole, label: string | null, number: string | null, text: string, from: number, to: number, confidence: number): ImportedNode => ({
    role,
    label,
    number,
    text,
    description: null,
    preventionLevels: [],
    source: { from, to },
    confidence,
    children: [],
    measures: [],
  });
  const addDraft = (node: ImportedNode, level: number, extra: Partial<Draft>): Draft => {
    const draft: Draft = { node, level, labelled: false, key: null, tentative: false, container: containers.at(-1) ?? null, descriptionOpen: true, parent: null, order: order++, ...extra };
    drafts.push(draft);
    return draft;
  };
  const closeGoals = (predicate: (d: Draft) => boolean) => {
    while (open.length && predicate(open.at(-1)!)) open.pop();
  };
  const promotePending = (): Draft | null => {
    if (!pending) return null;
    if (!pending.draft) {
      const b = pending.block;
      const number = /^(\d+(?:\.\d+)*)\.?\s+/.exec(b.text)?.[1] ?? null;
      const text = b.text.replace(/^\d+(?:\.\d+)*\.?\s+/, '');
      const draft = addDraft(newNode('goal', null, number, capitalizeFirst(text), b.from, b.to, 0.75), b.level, { container: null });
      draft.node.description = pending.description.length ? pending.description.join('\n\n') : null;
      draft.descriptionOpen = false;
      pending.draft = draft;
    }
    return pending.draft;
  };
  const measureTarget = (): Draft => {
    const goal = open.at(-1) ?? promotePending();
    if (goal) return goal;
    // Measures before any goal or heading: a grouping node named by the nearest heading.
    const b = lastHeading;
    const draft = addDraft(newNode('heading', null, null, b ? b.text : 'Åtgärder', b?.from ?? 1, b?.to ?? 1, 0.4), 9, {});
    open.push(draft);
    return draft;
  };
  const startMeasure = (block: Block, code: string | null, confidence: number): MeasureDraft => {
    const owner = measureTarget();
    owner.descriptionOpen = false;
    const draft: MeasureDraft = {
      measure: {
        code,
        text: '',
        description: null,
        responsibilityText: null,
        lead: [],
        co: [],
        preventionLevels: [],
        scope: context.kind === 'measures' ? context.scope : null,
        examples: [],
        source: { from: block.from, to: block.to },
        confidence,
      },
      explicit: null,
      awaitingContent: false,
      owner,
    };
    measures.push(draft);
    owner.node.measures.push(draft.measure);
    lastMeasure = draft;
    return draft;
  };
  const isResponsibilityField = (b: Block | undefined) => b?.kind === 'field' && responsibilityLabel.test(b.field!.label);

  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    const next = blocks[index + 1];
    if (block.kind === 'toc') continue;

    // "Åtgärd 1:3 …" as a line of its own or with its text after the code.
    const codeText = block.kind === 'row' ? (block.cells ?? []).filter((c) => c.trim()) : null;
    const codeSource = block.kind === 'row' ? (codeText?.[0] ?? '') : block.kind === 'item' ? '' : block.text;
    const codeMatch = codeSource ? codeLine.exec(clean(codeSource)) : null;
    if (codeMatch && !(block.kind === 'row' && isHeaderRow(block.cells!))) {
      const draft = startMeasure(block, codeMatch[1]!.replace(/[.:]$/, ''), 0.95);
      const restCells = block.kind === 'row' ? (block.cells ?? []).slice(1) : [];
      const inlineRest = codeMatch[2]!.trim();
      if (block.kind === 'row' && restCells.some((c) => c.trim())) fillMeasure(draft, null, [inlineRest, ...restCells], resolver, context.columns);
      else if (inlineRest) fillMeasure(draft, inlineRest, null, resolver, context.columns);
      else draft.awaitingContent = true;
      if (context.kind !== 'table') context = { ...context, kind: context.kind === 'measures' ? 'measures' : 'table' };
      continue;
    }
    if (lastMeasure?.awaitingContent && (block.kind === 'row' || block.kind === 'para' || block.kind === 'item')) {
      if (block.kind === 'row' && isHeaderRow(block.cells!)) {
        context = { ...context, kind: 'table', columns: block.cells!.map((c) => clean(c).toLocaleLowerCase('sv')) };
        continue;
      }
      fillMeasure(lastMeasure, block.kind === 'row' ? null : block.raw, block.kind === 'row' ? block.cells : null, resolver, context.columns);
      lastMeasure.measure.source.to = block.to;
      lastMeasure.awaitingContent = false;
      continue;
    }

    switch (block.kind) {
      case 'heading': {
        lastHeading = block;
        if (lastMeasure?.awaitingContent) dropEmpty(lastMeasure, measures, notes);
        lastMeasure = null;
        const text = block.text;
        const category = categoryPattern.exec(text);
        if (category && text.split(' ').length <= 8) {
          context = { kind: 'measures', scope: scopeOf(text), label: text, columns: null };
          const goal = currentGoal();
          if (goal) goal.descriptionOpen = false;
          continue;
        }
        context = { kind: 'none', scope: null, label: null, columns: null };
        const knownLevel = block.level <= 7;
        const label = goalLabelLine.exec(text);
        const numbered = /^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$/.exec(text);
        if (label && /(?:område|mål|inriktning|prioritering|målsättning|strategi)$/iu.test(label[1]!)) {
          const number = label[2]!.replace(/[.:]$/, '');
          const key = `${labelNorm(label[1]!)}#${number}`;
          // A labelled goal with a deeper number or a different label under a shallower heading is a child.
          closeGoals((d) => {
            if (d.labelled && number.startsWith(`${d.node.number}.`)) return false;
            if (d.labelled && labelNorm(d.node.label ?? '') !== labelNorm(label[1]!) && knownLevel && d.level < block.level) return false;
            return true;
          });
          containers.length = 0;
          pending = null;
          const node = newNode('goal', squash(label[1]!), number, capitalizeFirst(squash(label[3]!).replace(/[.\s]+$/, '')), block.from, block.to, 0.95);
          const draft = addDraft(node, block.level, { labelled: true, key, parent: open.at(-1) ?? null, container: null });
          open.push(draft);
          continue;
        }
        // Headings that end sections: close containers and goals at the same or a deeper level.
        if (knownLevel) {
          while (containers.length && containers.at(-1)!.level >= block.level) containers.pop();
          closeGoals((d) => d.level >= block.level);
        } else {
          while (containers.length && containers.at(-1)!.level >= block.level) containers.pop();
          closeGoals((d) => !d.labelled && d.level >= block.level);
        }
        const container = containers.at(-1) ?? null;
        if (numbered) {
          const number = numbered[1]!;
          const parentNumber = number.includes('.') ? number.slice(0, number.lastIndexOf('.')) : null;
          const parentGoal = open.find((d) => d.node.number === parentNumber);
          if (parentNumber && (parentGoal || container?.number === parentNumber)) {
            closeGoals((d) => d !== parentGoal && !(d.node.number && number.startsWith(`${d.node.number}.`)));
            const labels = (parentGoal ? parentGoal.container?.labels : container?.labels) ?? [];
            const depth = parentGoal ? 1 : 0;
            const node = newNode('goal', labels[depth] ?? null, number, capitalizeFirst(numbered[2]!.replace(/\.$/, '')), block.from, block.to, 0.85);
            const draft = addDraft(node, block.level, { parent: parentGoal ?? null, container: container ?? parentGoal?.container ?? null });
            open.push(draft);
            pending = null;
            continue;
          }
        }
        if (containerPattern.test(text.replace(/^\d+(?:\.\d+)*\.?\s+/, '')) && text.split(' ').length <= 10 && !/[.!?]$/.test(text)) {
          containers.push({ level: block.level, number: numbered ? numbered[1]! : null, labels: containerLabels(text), from: block.from });
          pending = null;
          context = { kind: 'list', scope: null, label: 'overview', columns: null };
          continue;
        }
        if (container && knownLevel && block.level > container.level) {
          const node = newNode('goal', container.labels[0] ?? null, null, capitalizeFirst(text), block.from, block.to, 0.7);
          const draft = addDraft(node, block.level, { tentative: true, container, parent: null });
          open.push(draft);
          pending = null;
          continue;
        }
        pending = { block, draft: null, description: [] };
        continue;
      }

      case 'para': {
        const text = block.text;
        if (text.endsWith(':') && text.length < 300) {
          const goal = currentGoal();
          if (/på\s+plats|förutsättningar|behöver\s+(?:följande\s+)?(?:finnas|vara)/iu.test(text)) {
            context = { kind: 'conditions', scope: null, label: 'Behöver vara på plats', columns: null };
          } else if (/genom\s+att\s*:$|arbeta\s+för\s*:$|arbetar\s+för\s*:$|strategier\s*:$|för\s+att\s+nå\s+(?:målet|målen)\s*:$/iu.test(text)) {
            const phrase = /(genom\s+att|arbeta\s+för|arbetar\s+för|strategier|för\s+att\s+nå\s+\p{L}+)\s*:$/iu.exec(text)![1]!;
            context = { kind: 'strategies', scope: null, label: capitalizeFirst(phrase.toLocaleLowerCase('sv')), columns: null };
          } else if (/(?:aktiviteter|åtgärder|insatser)\s*(?:är)?\s*:$/iu.test(text)) {
            context = { kind: 'measures', scope: scopeOf(text), label: text, columns: null };
          } else {
            context = { kind: 'list', scope: null, label: text, columns: null };
          }
          if (goal) goal.descriptionOpen = false;
          continue;
        }
        if (isResponsibilityField(next) || /\s(?:Ansvar(?:ig)?(?:et)?)\s*:\s*\S/u.test(text)) {
          if (open.length || pending) {
            const draft = startMeasure(block, null, 0.85);
            fillMeasure(draft, block.raw, null, resolver, null);
            continue;
          }
        }
        if (lastMeasure && context.kind === 'measures' && !lastMeasure.awaitingContent) {
          const m = lastMeasure.measure;
          m.description = m.description ? `${m.description}\n\n${text}` : text;
          m.source.to = block.to;
          continue;
        }
        const goal = open.at(-1);
        if (goal && goal.descriptionOpen && context.kind === 'none') {
          goal.node.description = goal.node.description ? `${goal.node.description}\n\n${text}` : text;
          continue;
        }
        if (!goal && pending && !pending.draft && context.kind === 'none') pending.description.push(text);
        continue;
      }

      case 'item': {
        const goal = currentGoal();
        const explicit = isResponsibilityField(next) || /\s(?:Ansvar(?:ig)?(?:et)?)\s*:\s*\S/u.test(block.text);
        if (explicit) {
          const draft = startMeasure(block, null, 0.9);
          fillMeasure(draft, block.raw, null, resolver, null);
          continue;
        }
        const numberedGoal = block.itemNumber ? open.slice().reverse().find((d) => d.node.number && block.itemNumber!.startsWith(`${d.node.number}.`)) : undefined;
        if (numberedGoal && block.itemNumber!.split('.').length === numberedGoal.node.number!.split('.').length + 1) {
          const text = block.text.replace(/^\d+(?:\.\d+)*\.?\s+/, '');
          const labels = numberedGoal.container?.labels ?? [];
          const depth = numberedGoal.node.number!.split('.').length - (numberedGoal.container?.number ? numberedGoal.container.number.split('.').length : 0);
          numberedGoal.node.children.push(newNode('goal', labels[depth] ?? null, block.itemNumber!, capitalizeFirst(text), block.from, block.to, 0.85));
          numberedGoal.descriptionOpen = false;
          continue;
        }
        if (context.kind === 'measures') {
          if (!goal && !pending && !lastHeading) continue;
          const draft = startMeasure(block, null, 0.8);
          fillMeasure(draft, block.raw, null, resolver, null);
          continue;
        }
        if ((context.kind === 'conditions' || context.kind === 'strategies') && goal) {
          const role: NodeRole = context.kind === 'conditions' ? 'condition' : 'strategy';
          const text = block.text.replace(/^\d+(?:\.\d+)*\.?\s+/, '');
          goal.node.children.push(newNode(role, context.label, block.itemNumber, capitalizeFirst(text), block.from, block.to, 0.85));
          goal.descriptionOpen = false;
          continue;
        }
        if (context.kind === 'list' && context.label === 'overview' && containers.length && !open.length) {
          overview.push({ text: capitalizeFirst(block.text), from: block.from, to: block.to, label: containers.at(-1)!.labels[0] ?? null });
        }
        if (goal) goal.descriptionOpen = false;
        continue;
      }

      case 'field': {
        const f = block.field!;
        const target = lastMeasure;
        const adjacent = target && blocks[index - 1] && target.measure.source.to >= blocks[index - 1]!.from;
        if (target && adjacent && responsibilityLabel.test(f.label)) {
          const resp = parseResponsibility(f.rawValue, resolver);
          if (target.explicit && /^medansvar|^samverkanspart|^i samverkan med|^delaktiga/iu.test(f.label)) {
            target.explicit.co.push(...resp.lead, ...resp.co);
            target.measure.responsibilityText = `${target.measure.responsibilityText ?? ''}. ${f.label}: ${f.value}`.replace(/^\. /, '');
          } else if (!target.explicit) {
            target.explicit = resp;
            target.measure.responsibilityText = f.value;
          }
          target.measure.source.to = block.to;
          continue;
        }
        if (target && adjacent && /^preventionsnivå|^nivå/iu.test(f.label)) {
          target.measure.preventionLevels = preventionLevelsIn(f.value);
          target.measure.source.to = block.to;
          continue;
        }
        if (target && adjacent && /^exempel/iu.test(f.label)) {
          target.measure.examples.push(f.value);
          target.measure.source.to = block.to;
          continue;
        }
        continue;
      }

      case 'row': {
        const cells = block.cells!;
        if (isHeaderRow(cells)) {
          context = { kind: 'table', scope: context.kind === 'measures' ? context.scope : null, label: null, columns: cells.map((c) => clean(c).toLocaleLowerCase('sv')) };
          const goal = currentGoal();
          if (goal) goal.descriptionOpen = false;
          continue;
        }
        if (context.kind === 'table' && context.columns && (open.length || pending)) {
          const filled = cells.filter((c) => clean(c));
          if (filled.length < 2) continue;
          const first = clean(filled[0]!);
          const code = /^\d{1,2}(?:[.:]\d{1,3}){0,3}[a-z]?$/.test(first) ? first : null;
          const draft = startMeasure(block, code, 0.85);
          fillMeasure(draft, null, code ? cells.slice(cells.findIndex((c) => clean(c) === first) + 1) : cells, resolver, code ? context.columns.slice(1) : context.columns);
          if (!draft.measure.text) dropEmpty(draft, measures, notes);
          continue;
        }
        continue;
      }
    }
  }
  if (lastMeasure && (lastMeasure as MeasureDraft).awaitingContent) dropEmpty(lastMeasure, measures, notes);

  // Unnumbered headings under a goal-naming heading are goals when they carry content, when they have
  // siblings that do, and when the same heading has no numbered goals (the numbered ones win).
  const accepted = drafts.filter((d) => {
    if (!d.tentative) return true;
    if (d.node.measures.length || d.node.children.length) return true;
    const siblings = drafts.filter((o) => o.container === d.container && o !== d);
    if (siblings.some((o) => !o.tentative && o.node.number)) return false;
    const withContent = [d, ...siblings.filter((o) => o.tentative && o.level === d.level)].filter((o) => o.node.description && o.node.description.length >= 60);
    return withContent.length >= 2 && !!d.node.description;
  });

  // Duplicated labelled goals: keep the occurrence with the most content, move anything else over.
  const byKey = new Map<string, Draft[]>();
  for (const d of accepted) if (d.key) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  const dropped = new Set<Draft>();
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    const score = (d: Draft) => d.node.measures.length * 10 + d.node.children.length * 3 + (d.node.description ? 1 : 0) + d.order / 10000;
    const keep = group.reduce((a, b) => (score(b) > score(a) ? b : a));
    for (const d of group) {
      if (d === keep) continue;
      keep.node.measures.push(...d.node.measures);
      keep.node.children.push(...d.node.children);
      dropped.add(d);
    }
  }
  const kept = accepted.filter((d) => !dropped.has(d));

  // Labels: goals of one tier take the label most of them use ("Inriktning mål 2" → "Inriktningsmål").
  const labelled = kept.filter((d) => d.labelled);
  const counts = new Map<string, number>();
  for (const d of labelled) counts.set(d.node.label!, (counts.get(d.node.label!) ?? 0) + 1);
  const commonLabel = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const d of labelled) if (commonLabel && d.node.label !== commonLabel && editDistanceSmall(d.node.label!, commonLabel)) d.node.label = commonLabel;
  // Goals found by their measures take the label of their labelled or contained siblings.
  const siblingLabel = kept.find((d) => d.node.label && d.node.role === 'goal')?.node.label ?? null;
  for (const d of kept) if (!d.node.label && d.node.role === 'goal' && !d.parent) d.node.label = siblingLabel;

  // Tree
  const roots: ImportedNode[] = [];
  const keptSet = new Set(kept);
  for (const d of kept.sort((a, b) => a.node.source.from - b.node.source.from)) {
    let parent = d.parent;
    while (parent && !keptSet.has(parent)) parent = parent.parent;
    if (parent) parent.node.children.push(d.node);
    else roots.push(d.node);
  }

  // Responsibility for every measure.
  for (const m of measures) {
    const measure = m.measure;
    if (m.explicit) {
      measure.lead = m.explicit.lead;
      measure.co = m.explicit.co;
      if (!measure.responsibilityText) measure.responsibilityText = m.explicit.text;
    } else {
      const inferred = unitsFromText(measure.text, measure.description, measure.scope, owner, resolver);
      measure.lead = inferred.lead;
      measure.co = inferred.co;
      if (measure.lead.length || measure.co.length) measure.confidence = Math.min(measure.confidence, 0.7);
    }
  }

  if (roots.length === 0) {
    if (overview.length) {
      for (const o of overview) roots.push(newNode('goal', o.label, null, o.text, o.from, o.to, 0.6));
    } else {
      roots.push(...goalsFromProse(blocks));
    }
  }
  sortTree(roots);
  return { nodes: roots, notes };
}

function editDistanceSmall(a: string, b: string): boolean {
  return labelNorm(a).replace(/s/g, '') === labelNorm(b).replace(/s/g, '');
}

function sortTree(nodes: ImportedNode[]): void {
  nodes.sort((a, b) => a.source.from - b.source.from);
  for (const n of nodes) {
    n.children.sort((a, b) => a.source.from - b.source.from);
    n.measures.sort((a, b) => a.source.from - b.source.from);
    sortTree(n.children);
  }
}

function dropEmpty(draft: MeasureDraft, all: MeasureDraft[], notes: Note[]): void {
  const owner = draft.owner;
  if (owner) owner.node.measures = owner.node.measures.filter((m) => m !== draft.measure);
  const i = all.indexOf(draft);
  if (i >= 0) all.splice(i, 1);
  notes.push({ source: draft.measure.source, code: 'measure_without_text', text: `${draft.measure.code ? `Åtgärd ${draft.measure.code}` : 'A measure'} has a code but no text; it was left out.` });
}

function isHeaderRow(cells: string[]): boolean {
  const words = cells.map((c) => clean(c)).filter(Boolean);
  const headers = words.filter((w) => headerWords.test(w));
  return headers.length >= 2 && headers.length >= words.length - 1;
}

/**
 * Fills a measure from its text (a list item or paragraph) or from a table row's cells: the measure
 * text, its examples (italic lines, "Exempelvis …"), the responsibility cell and prevention levels.
 */
function fillMeasure(draft: MeasureDraft, raw: string | null, cells: string[] | null, resolver: UnitResolver, columns: string[] | null): void {
  const m = draft.measure;
  let textPart = '';
  let responsibilityPart = '';
  const levels: string[] = [];
  if (cells) {
    const values = cells.map((c) => c.trim());
    const colNames = columns ?? [];
    const used = new Set<number>();
    const textIndex = values.findIndex((v) => clean(v) && !isLevelCell(v));
    if (textIndex >= 0) {
      textPart = values[textIndex]!;
      used.add(textIndex);
    }
    values.forEach((v, i) => {
      if (used.has(i) || !clean(v)) return;
      if (isLevelCell(v)) {
        for (const l of preventionLevelsIn(clean(v))) if (!levels.includes(l)) levels.push(l);
        return;
      }
      const name = colNames[i] ?? '';
      if (/exempel/.test(name)) m.examples.push(clean(v));
      else if (!responsibilityPart) responsibilityPart = v;
      else if (/ansvar|medansvar|samverkan/.test(name) || /<ul|•/.test(v)) responsibilityPart += /medansvar/.test(name) ? ` Medansvarig: ${v}` : ` ${v}`;
    });
  } else {
    textPart = raw ?? '';
  }
  // A responsibility cell that lost its tab: split at the list debris or at "Ansvar:".
  const debris = /<(?:ul|li)\b|\s•\s|\s(?:Ansvar(?:ig)?(?:et)?)\s*:\s*/iu.exec(textPart);
  if (debris && debris.index > 0) {
    responsibilityPart = `${textPart.slice(debris.index)} ${responsibilityPart}`.trim();
    textPart = textPart.slice(0, debris.index);
  }
  // Prevention levels written at the end of the responsibility cell ("… Socialnämnden Indikerad Selektiv").
  if (responsibilityPart) {
    let r = clean(responsibilityPart);
    for (;;) {
      const last = /\s*(?:<p>)?\s*(\p{L}+)\s*(?:<\/p>)?\s*$/u.exec(r);
      const code = last ? preventionLevelCode(last[1]!) : null;
      if (!last || !code) break;
      if (!levels.includes(code)) levels.unshift(code);
      r = r.slice(0, last.index);
    }
    responsibilityPart = /<(?:ul|li|p)\b/i.test(responsibilityPart) ? stripTrailingLevels(responsibilityPart) : r;
  }
  // Examples: italic segments and a closing "Exempelvis …" sentence.
  const examples: string[] = [];
  textPart = textPart.replace(/<i>([\s\S]*?)<\/i>|(?<=\s|^)\*(?!\*)([^*]+?)\*(?=\s|$|[.,;:])/g, (_all, a?: string, b?: string) => {
    const e = squash(clean(a ?? b ?? ''));
    if (e && !/:$/.test(e)) examples.push(e);
    return ' ';
  });
  let text = clean(textPart).replace(/^[-•]\s+/, '');
  const trailingExample = /\s((?:Exempelvis|Till exempel|T\.\s?ex\.|Förslag på)\b[^.]*\.?)$/u.exec(text);
  if (trailingExample && trailingExample.index > 20) {
    examples.push(trailingExample[1]!);
    text = text.slice(0, trailingExample.index).trim();
  }
  m.text = text;
  m.examples.push(...examples);
  if (levels.length && !m.preventionLevels.length) m.preventionLevels = levels;
  if (responsibilityPart && clean(responsibilityPart)) {
    const resp = parseResponsibility(responsibilityPart, resolver);
    draft.explicit = resp;
    m.responsibilityText = resp.text;
  }
}

function isLevelCell(value: string): boolean {
  const words = clean(value).split(/[\s,/]+/).filter(Boolean);
  return words.length > 0 && words.length <= 4 && words.every((w) => preventionLevelCode(w) || /^(?:och|nivå|prevention|preventionsnivå)$/i.test(w));
}

function stripTrailingLevels(raw: string): string {
  let r = raw.trim();
  for (;;) {
    const last = /(?:<p>)?\s*(\p{L}+)\s*(?:<\/p>)?\s*$/u.exec(r);
    if (!last || !preventionLevelCode(last[1]!)) return r;
    r = r.slice(0, last.index).trim();
  }
}

/**
 * A decision paper may only enumerate its goals in running text: "genom en indelning i tre områden;
 * A, B, samt C" or "De inriktningar som föreslås är; A, B, … och H." Taken only when nothing else in
 * the document is a goal, with low confidence.
 */
function goalsFromProse(blocks: Block[]): ImportedNode[] {
  const nodes: ImportedNode[] = [];
  const seen = new Set<string>();
  const counts: Record<string, number> = { två: 2, tre: 3, fyra: 4, fem: 5, sex: 6, sju: 7, åtta: 8, nio: 9, tio: 10 };
  for (const b of blocks) {
    if (b.kind !== 'para' && b.kind !== 'item') continue;
    const pattern = /(?:\b(två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d{1,2})\s+)?\b(\p{L}*(?:områden|inriktningar|inriktningsmål|fokusområden|målområden|delmål|prioriteringar))\b([^.;:]{0,50}?)[;:]\s*([^.]{5,600}?)\.(?:\s|$)/giu;
    for (const m of b.text.matchAll(pattern)) {
      const noun = m[2]!;
      const items = m[4]!
        .split(/\s*,\s*/)
        .map((s) => s.replace(/^(?:och|samt|eller)\s+/iu, '').trim())
        .filter((s) => s.length > 1 && s.split(' ').length <= 10);
      if (items.length < 2) continue;
      const expected = m[1] ? counts[m[1].toLocaleLowerCase('sv')] ?? Number(m[1]) : null;
      if (expected !== null && expected !== items.length) continue;
      const key = items.join('|').toLocaleLowerCase('sv');
      if (seen.has(key)) continue;
      seen.add(key);
      const label = singular(noun);
      for (const item of items) nodes.push({
        role: 'goal',
        label,
        number: null,
        text: capitalizeFirst(item),
        description: null,
        preventionLevels: [],
        source: { from: b.from, to: b.to },
        confidence: expected !== null ? 0.55 : 0.45,
        children: [],
        measures: [],
      });
    }
  }
  return nodes;
}

export { fieldLabel };
