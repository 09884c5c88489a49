import { clean, isLowerStart } from './text-utils.js';

/**
 * The document's lines grouped into blocks: headings (Markdown, bold-only lines, or short lines that
 * stand alone between blank lines), list items with their continuation lines, paragraphs (lines a
 * hard-wrapped text broke are joined again), "Label: value" fields, tab-separated table rows, and
 * table-of-contents lines (kept apart, so they never become goals twice).
 */

export type BlockKind = 'heading' | 'item' | 'para' | 'field' | 'row' | 'toc';

export interface Block {
  kind: BlockKind;
  /** The joined source text with its markup (tabs kept for rows). */
  raw: string;
  /** Markup-free, single-spaced text. */
  text: string;
  /** 1-based line numbers, inclusive. */
  from: number;
  to: number;
  /** Headings: 1–6 from Markdown or Word styles, 7 for a bold-only line, 8 for a standalone plain line. */
  level: number;
  /** List items: the marker ("-", "•", "1."), and a hierarchical number the item text starts with ("3.1.1"). */
  marker: string | null;
  itemNumber: string | null;
  indent: number;
  field: { label: string; value: string; rawValue: string } | null;
  cells: string[] | null;
}

/** Labels whose "Label: value" lines carry a measure's responsibility, level, time or examples. */
export const fieldLabel =
  /^(ansvar(?:et)?|ansvarig(?:a)?(?:\s+(?:nämnd(?:er)?|förvaltning(?:ar)?|enhet(?:er)?|part(?:er)?|aktör(?:er)?|verksamhet(?:er)?|för\s+genomförande))?|huvudansvar(?:ig)?|medansvar(?:ig(?:a)?)?|samverkanspart(?:er)?|i samverkan med|samverkan|delaktiga|tidsplan|tidsperiod|tid|när|klart|genomförs|preventionsnivå(?:er)?|nivå|målgrupp(?:er)?|exempel|indikator(?:er)?|uppföljning|kostnad|finansiering|status)$/i;

const bulletPattern = /^(\s*)([-•▪◦·●○■□➢►✓*‒–—]|\d{1,2}[.)]|[a-z][.)])\s+(.*)$/u;
const hierarchicalNumber = /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)/;
const tocLine = /(?:\.{3,}|…+|\s\.\s*<b>Fel!|Fel! Bokmärket)|(?:\.{2,}|…|\t)\s*(?:<b>)?\d{1,3}(?:<\/b>)?\s*$/;
const markdownHeading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const boldLine = /^\s*(?:\*\*|__|<b>)(.+?)(?:\*\*|__|<\/b>)\s*$/;
/** A goal written with its label and number: "Fokusområde 1: …", "Inriktningsmål 2 - …", "Mål 3. …". */
export const goalLabelLine =
  /^((?:\p{L}+[ -])?(?:\p{L}*(?:område|mål|inriktning|prioritering|målsättning|strategi|fokus)))\s+(\d{1,2}(?:[.:]\d{1,2})*)\s*(?:[:.–—-]\s*|\s+(?=\p{L}))(.+)$/iu;

type LineKind = 'blank' | 'heading' | 'item' | 'toc' | 'field' | 'row' | 'text';

interface Classified {
  kind: LineKind;
  raw: string;
  level: number;
  marker: string | null;
  body: string;
  indent: number;
}

function classify(raw: string): Classified {
  const base = { raw, level: 0, marker: null, body: raw.trim(), indent: raw.length - raw.trimStart().length };
  const trimmed = raw.trim();
  if (!trimmed || /^(?:[-*_=]\s*){3,}$/.test(trimmed) || /^<\/?(?:br|hr)\s*\/?>$/i.test(trimmed)) return { ...base, kind: 'blank' };
  if (tocLine.test(trimmed) && trimmed.length < 220 && trimmed.split('\t').filter((c) => c.trim()).length <= 3) return { ...base, kind: 'toc' };
  const md = markdownHeading.exec(raw);
  if (md && md[2]) return { ...base, kind: 'heading', level: md[1]!.length, body: md[2] };
  if (raw.includes('\t') && !/^\s*[-•*]\s/.test(raw)) return { ...base, kind: 'row' };
  const plain = clean(trimmed);
  const field = /^([\p{L} ]{2,40}?)\s*:\s*(.*)$/u.exec(plain);
  if (field && fieldLabel.test(field[1]!.trim())) return { ...base, kind: 'field' };
  const bold = boldLine.exec(trimmed);
  if (bold && !/\*\*.*\*\*.*\*\*/.test(trimmed) && plain.length < 200 && !plain.endsWith(':')) return { ...base, kind: 'heading', level: 7, body: bold[1]! };
  const bullet = bulletPattern.exec(raw);
  if (bullet && bullet[3] && !/^\*[^*\s]/.test(trimmed)) {
    return { ...base, kind: 'item', marker: bullet[2]!, body: bullet[3], indent: bullet[1]!.length };
  }
  return { ...base, kind: 'text' };
}

/** Whether the text looks hard-wrapped at a fixed width (OCR output, text copied from a PDF). */
function wrapWidth(lines: Classified[]): number | null {
  const lengths = lines.filter((l) => l.kind === 'text' && l.body.length >= 30).map((l) => l.body.length).sort((a, b) => a - b);
  if (lengths.length < 8) return null;
  const p90 = lengths[Math.floor(lengths.length * 0.9)]!;
  if (p90 > 130) return null;
  const near = lengths.filter((n) => n >= p90 * 0.8).length;
  return near / lengths.length >= 0.4 ? p90 : null;
}

const joinerEnd = /(?:[,\-–]|\b(?:och|samt|eller|att|för|i|av|med|till|som|om|på|de|den|det|en|ett|är|ska))$/iu;

export function toBlocks(lines: string[]): Block[] {
  const classified = lines.map(classify);
  // An en dash starts a list item only in a run of them; alone it is a dash ("– mot våld i nära relation").
  classified.forEach((c, i) => {
    if (c.kind === 'item' && /^[‒–—]$/.test(c.marker ?? '')) {
      const neighbour = (d: number) => {
        for (let j = i + d; j >= 0 && j < classified.length; j += d) {
          if (classified[j]!.kind === 'blank') continue;
          return classified[j]!;
        }
        return null;
      };
      const prev = neighbour(-1);
      const next = neighbour(1);
      if (!(prev?.kind === 'item' && prev.marker === c.marker) && !(next?.kind === 'item' && next.marker === c.marker)) {
        classified[i] = { ...c, kind: 'text', marker: null, body: c.raw.trim(), indent: 0 };
      }
    }
  });
  const width = wrapWidth(classified);
  const blocks: Block[] = [];
  const isBlank = (i: number) => i < 0 || i >= classified.length || classified[i]!.kind === 'blank';

  for (let i = 0; i < classified.length; i++) {
    const c = classified[i]!;
    if (c.kind === 'blank') continue;
    const make = (kind: BlockKind, raw: string, to: number, extra: Partial<Block> = {}): Block => ({
      kind,
      raw,
      text: clean(raw),
      from: i + 1,
      to: to + 1,
      level: 0,
      marker: null,
      itemNumber: null,
      indent: c.indent,
      field: null,
      cells: null,
      ...extra,
    });
    if (c.kind === 'toc') {
      blocks.push(make('toc', c.body, i));
      continue;
    }
    if (c.kind === 'heading') {
      blocks.push(make('heading', c.body, i, { level: c.level }));
      continue;
    }
    if (c.kind === 'row') {
      const cells = c.raw.split('\t').map((cell) => cell.trim());
      blocks.push({ ...make('row', c.raw.trim(), i), text: clean(cells.join(' ')), cells });
      continue;
    }
    if (c.kind === 'field') {
      const plain = clean(c.body);
      const m = /^([\p{L} ]{2,40}?)\s*:\s*(.*)$/u.exec(plain)!;
      // Continuation lines of a wrapped field value.
      let j = i;
      let rawValue = c.body.slice(c.body.indexOf(':') + 1);
      while (j + 1 < classified.length && classified[j + 1]!.kind === 'text' && isContinuation(classified[j]!.body, classified[j + 1]!.body, width)) {
        j++;
        rawValue += ' ' + classified[j]!.body;
      }
      const value = clean(rawValue);
      blocks.push({ ...make('field', c.body, j), field: { label: m[1]!.trim(), value, rawValue: rawValue.trim() } });
      i = j;
      continue;
    }
    // item or text: gather continuation lines
    let j = i;
    let raw = c.body;
    while (j + 1 < classified.length) {
      const next = classified[j + 1]!;
      if (next.kind !== 'text') break;
      const continuation =
        isContinuation(classified[j]!.kind === 'item' ? classified[j]!.body : classified[j]!.raw, next.body, width) ||
        (c.kind === 'item' && next.indent > c.indent && next.indent >= 2);
      if (!continuation) break;
      j++;
      raw = /-$/.test(raw) && isLowerStart(next.body) ? `${raw}${next.body}` : `${raw} ${next.body}`;
    }
    if (c.kind === 'item') {
      const number = hierarchicalNumber.exec(raw);
      blocks.push(make('item', raw, j, { marker: c.marker, itemNumber: number ? number[1]! : /^\d/.test(c.marker ?? '') ? c.marker!.replace(/[.)]$/, '') : null }));
    } else {
      const text = clean(raw);
      const standalone = isBlank(i - 1) && isBlank(j + 1);
      const looksLikeHeading =
        standalone &&
        ((text.length <= 100 && text.split(' ').length <= 14 && /^[\p{Lu}\d]/u.test(text) && !/[.,;:]$/.test(text)) || goalLabelLine.test(text));
      if (looksLikeHeading) blocks.push(make('heading', raw, j, { level: 8 }));
      else {
        const number = hierarchicalNumber.exec(raw);
        if (number && !standalone) blocks.push(make('item', raw, j, { marker: number[1]!, itemNumber: number[1]! }));
        else blocks.push(make('para', raw, j));
      }
    }
    i = j;
  }
  return blocks;
}

function isContinuation(previous: string, next: string, width: number | null): boolean {
  if (/ {2}$/.test(previous)) return false; // Markdown hard line break
  const prev = previous.trimEnd();
  if (!prev) return false;
  if (width !== null && prev.length >= width * 0.6 && !/[:]$/.test(prev)) return true;
  if (isLowerStart(next) && !/[.!?:]$/.test(prev)) return true;
  if (joinerEnd.test(prev) && !/[.!?:]$/.test(prev)) return true;
  return false;
}
