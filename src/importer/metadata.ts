import type { PlanKind } from '../domain/vocabulary.js';
import type { Block } from './blocks.js';
import { capitalizeFirst, clean, datePattern, tidyYearRanges, toIsoDate } from './text-utils.js';
import type { Found, ImportedMetadata, UnitMatch } from './types.js';
import type { UnitResolver } from './units.js';

/**
 * The plan's metadata as Swedish governing documents state it: the title (the heading that names
 * the document's kind — strategi, handlingsplan, plan …), the kind, validity ("Giltighetstid 2024–2027",
 * "Från och med 2020-11-17 Tills vidare", the period in the title), the decision ("Fastställd av
 * kommunstyrelsen 2023-12-15", "Kommunfullmäktige 2020-11-17 § 259"), the registry number (dnr) and
 * the plan it replaces. Decision and registry number are looked for near the title, where cover pages
 * and document information tables put them, so a covering letter's own dnr is not taken for the plan's.
 */

const kindWords: [RegExp, PlanKind][] = [
  [/handlingsplan/i, 'action_plan'],
  [/aktivitetsplan/i, 'activity_plan'],
  [/åtgärdsplan/i, 'measure_plan'],
  [/strategi/i, 'strategy'],
  [/program(?!mets)/i, 'programme'],
  [/\bplan\b|plan(?:en)?\b/i, 'plan'],
];

export function kindOf(text: string): PlanKind | null {
  const lower = text.toLocaleLowerCase('sv');
  let best: { at: number; kind: PlanKind } | null = null;
  for (const [pattern, kind] of kindWords) {
    const m = pattern.exec(lower);
    if (m && (!best || m.index < best.at)) best = { at: m.index, kind };
  }
  return best?.kind ?? null;
}

const titleKindStart =
  /^(?:(?:förslag\s+till|lokal|kommunövergripande|kommungemensam|kommunens|stadens|regional|regionens|gemensam|reviderad|ny)\s+)?(?:\p{L}+\s+)?(?:handlingsplan|aktivitetsplan|åtgärdsplan|strategi|program|plan)\b/iu;
const notTitle = /^(?:svar\s+på|yttrande|remiss|inbjudan|förslag\s+till\s+beslut|tjänsteskrivelse|beslutsunderlag|bilaga|innehåll|protokoll|missiv)/iu;

interface Context {
  blocks: Block[];
  lines: string[];
  resolver: UnitResolver;
}

const found = <T>(value: T, from: number, to: number, confidence: number): Found<T> => ({ value, source: { from, to }, confidence });

export function findMetadata({ blocks, lines, resolver }: Context): { metadata: ImportedMetadata; ownerUnit: Found<UnitMatch> | null; titleLine: number } {
  const metadata: ImportedMetadata = {};
  const fields = documentFields(blocks);

  // Title
  const named = fields.get('dokumentnamn') ?? fields.get('titel') ?? fields.get('dokumenttitel');
  let titleBlock: { text: string; from: number; to: number; confidence: number } | null = named ? { text: named.value, from: named.line, to: named.line, confidence: 0.95 } : null;
  if (!titleBlock) {
    let best: { score: number; text: string; from: number; to: number } | null = null;
    blocks.slice(0, 400).forEach((b, index) => {
      if (b.kind !== 'heading' && !(b.kind === 'para' && index < 25 && b.text.length < 250)) return;
      const text = b.text.replace(/\s*[-–]\s*(?:antagande|remiss|remissversion|beslut|utkast|förslag)$/iu, '').replace(/[.:]$/, '');
      if (!kindOf(text) || text.length > 250) return;
      let score = 0;
      if (titleKindStart.test(text)) score += 3;
      else if (/\b(?:handlingsplan|aktivitetsplan|åtgärdsplan|strategi|program)\b/iu.test(text)) score += 1;
      else return;
      if (b.kind === 'heading' && b.level <= 2) score += 2;
      else if (b.kind === 'heading') score += 1;
      if (/(?:19|20)\d{2}\s*[–-]\s*(?:19|20)\d{2}/.test(text)) score += 1;
      if (notTitle.test(text)) score -= 4;
      score -= index / 400;
      if (!best || score > best.score) best = { score, text, from: b.from, to: b.to };
    });
    const chosen = best as { score: number; text: string; from: number; to: number } | null;
    if (chosen) titleBlock = { text: chosen.text, from: chosen.from, to: chosen.to, confidence: chosen.score >= 4 ? 0.9 : 0.7 };
  }
  if (titleBlock) metadata.title = found(tidyYearRanges(capitalizeFirst(titleBlock.text.trim())), titleBlock.from, titleBlock.to, titleBlock.confidence);

  // Kind
  const typeField = fields.get('dokumenttyp') ?? fields.get('typ av dokument');
  const typeKind = typeField ? kindOf(typeField.value) : null;
  if (typeKind && typeField) metadata.kind = found(typeKind, typeField.line, typeField.line, 0.95);
  else if (metadata.title) {
    const k = kindOf(metadata.title.value);
    if (k) metadata.kind = found(k, metadata.title.source.from, metadata.title.source.to, 0.85);
  }

  const titleLine = metadata.title?.source.from ?? 1;
  const zoneFrom = Math.max(1, titleLine - 40);
  const zoneTo = Math.min(lines.length, titleLine + 60);
  const zone = lineWindow(lines, zoneFrom, zoneTo);

  // Validity
  const validity = new RegExp(
    String.raw`(?:giltighetstid|giltig|gäller|gällande|avser|tidsperioden|perioden)\s*(?:för\s+)?(?:tids)?(?:perioden\s*)?:?\s*(?:(?:från\s+och\s+med|fr\.?\s?o\.?\s?m\.?)\s*(${datePattern})\s*(?:(?:till\s+och\s+med|t\.?\s?o\.?\s?m\.?|[–-])\s*(${datePattern})|(tills\s+vidare|tillsvidare))?|((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2}))`,
    'iu',
  );
  const explicitValidity = new RegExp(validity.source.replace('(?:giltighetstid|giltig|gäller|gällande|avser|tidsperioden|perioden)', '(?:giltighetstid|giltig)'), 'iu');
  const titleYears = metadata.title ? /((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2})/.exec(metadata.title.value) : null;
  const v = findIn(zone, explicitValidity) ?? (titleYears ? null : findIn(zone, validity) ?? findIn(lineWindow(lines, 1, lines.length), validity));
  if (v) {
    const [, from, to, open, y1, y2] = v.match;
    if (y1 && y2) {
      metadata.validFrom = found(`${y1}-01-01`, v.line, v.line, 0.85);
      metadata.validTo = found(`${y2}-12-31`, v.line, v.line, 0.85);
    } else {
      const f = from ? toIsoDate(from) : null;
      if (f) metadata.validFrom = found(f, v.line, v.line, 0.9);
      const t = to ? toIsoDate(to) : null;
      if (t) metadata.validTo = found(t, v.line, v.line, 0.9);
      if (open) metadata.validityNote = found(capitalizeFirst(open.toLocaleLowerCase('sv').replace('tillsvidare', 'tills vidare')), v.line, v.line, 0.9);
    }
  }
  if (!metadata.validFrom && metadata.title) {
    const years = /((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2})/.exec(metadata.title.value);
    if (years && Number(years[2]) >= Number(years[1])) {
      metadata.validFrom = found(`${years[1]}-01-01`, metadata.title.source.from, metadata.title.source.to, 0.7);
      metadata.validTo = found(`${years[2]}-12-31`, metadata.title.source.from, metadata.title.source.to, 0.7);
    }
  }
  if (!metadata.validityNote) {
    const open = findIn(zone, /\b(?:gäller|giltig(?:hetstid)?)\b[^.]{0,40}?\b(tills\s+vidare|tillsvidare)\b/iu);
    if (open) metadata.validityNote = found('Tills vidare', open.line, open.line, 0.8);
  }

  // Decision
  const body = String.raw`((?:kommun|region)fullmäktige|(?:kommun|region)styrelsen(?:s\s+arbetsutskott)?|\p{L}+(?:-\s+och\s+\p{L}+)?nämnden|KF|KS)`;
  const decisionPatterns = [
    new RegExp(String.raw`(?:fastställd|antagen|antaget|beslutad|beslutat|godkänd|godkänt|upprättad|reviderad)(?:\s*\/\s*\p{L}+)?\s*(?:av|i)?\s*:?\s*${body}\s*,?\s*(?:den\s+)?(${datePattern})(?:\s*,?\s*(§\s*\d+))?`, 'iu'),
    new RegExp(String.raw`(?:har\s+|är\s+)?(?:beslutats|antagits|fastställts|godkänts)\s+(?:av|i)\s+${body}\s*,?\s*(?:den\s+)?(${datePattern})(?:\s*,?\s*(§\s*\d+))?`, 'iu'),
    new RegExp(String.raw`${body}\s+(${datePattern})\s*,?\s*(§\s*\d+)(?!\d)(?!\s*,?\s*att\b)`, 'iu'),
  ];
  for (const pattern of decisionPatterns) {
    const d = findIn(zone, pattern);
    if (!d) continue;
    const [, who, date, paragraph] = d.match;
    const iso = date ? toIsoDate(date) : null;
    if (!who || !iso) continue;
    const bodyName = expandBody(who);
    metadata.decisionBody = found(bodyName, d.line, d.line, 0.85);
    metadata.decisionDate = found(iso, d.line, d.line, 0.85);
    if (paragraph) metadata.decisionParagraph = found(paragraph.replace(/§\s*/, '§ '), d.line, d.line, 0.9);
    break;
  }
  if (!metadata.decisionParagraph) {
    const p = findIn(zone, /(?:beslut|protokoll|fullmäktige|styrelsen|nämnden|KF|KS)[^.\n]{0,40}?(§\s*\d+)/iu);
    if (p && metadata.decisionDate) metadata.decisionParagraph = found(p.match[1]!.replace(/§\s*/, '§ '), p.line, p.line, 0.7);
  }

  // Registry number (not the replaced plan's)
  const dnr = /\b(?:dnr|diarienummer|diarienr|ärendenummer|ärendenr)\b\.?\s*:?\s*([A-ZÅÄÖ]{1,8}(?:[ /]|\s*-\s*)?\d{2,4}[/.:-]\d{1,6}(?:[./:-]\d{1,6})*)/iu;
  for (const { text, line } of zoneSentences(zone)) {
    if (/ersätt/i.test(text)) continue;
    const m = dnr.exec(text);
    if (m) {
      metadata.registryNumber = found(m[1]!.trim(), line, line, 0.85);
      break;
    }
  }

  // Replaces
  const replaces = /\b(?:ersätter|ersätta|ersätts|som\s+ersätter)\s*:?\s*(.{5,260})/iu;
  for (const { text, line } of zoneSentences(lineWindow(lines, 1, lines.length))) {
    const m = replaces.exec(text);
    if (!m) continue;
    let reference = m[1]!;
    const quoted = /^[”"“'](.+?)[”"“'](\s*\((?:19|20)\d{2}\))?/.exec(reference);
    if (quoted) reference = quoted[1]! + (quoted[2] ?? '');
    else reference = reference.replace(/\s+(?:förväntas|som|och\s+ska|från\s+och\s+med)\b.*$/iu, '').replace(/[.;]\s.*$/, '').replace(/[.;]$/, '');
    if (reference.length < 5) continue;
    metadata.replacesReference = found(reference.trim(), line, line, quoted ? 0.85 : 0.75);
    break;
  }

  // Owner unit: "Dokumentansvarig", or a unit named on its own on the cover.
  let ownerUnit: Found<UnitMatch> | null = null;
  const responsible = fields.get('dokumentansvarig') ?? fields.get('dokumentansvar') ?? fields.get('dokumentägare') ?? fields.get('ansvarig för dokumentet');
  if (responsible) {
    const name = responsible.value.split(/[,;]/)[0]!.trim();
    const match = resolver.resolve(name);
    if (match.unitId) ownerUnit = found(match, responsible.line, responsible.line, 0.85);
  }
  const firstGoal = blocks.findIndex((b) => b.kind === 'heading' && /fokusområde|inriktningsmål|mål\s+\d/i.test(b.text));
  const cover = blocks.slice(0, Math.min(firstGoal < 0 ? 30 : firstGoal, 30)).filter((b) => Math.abs(b.from - titleLine) <= 12);
  if (!ownerUnit) {
    for (const b of cover) {
      if (b.text.length > 80 || b.kind === 'row' || b.kind === 'toc') continue;
      const match = resolver.resolve(b.text);
      if (match.unitId && match.score >= 0.9) {
        ownerUnit = found(match, b.from, b.to, 0.75);
        break;
      }
    }
  }
  return { metadata, ownerUnit, titleLine };
}

function expandBody(text: string): string {
  const t = text.trim();
  if (/^KF$/i.test(t)) return 'Kommunfullmäktige';
  if (/^KS$/i.test(t)) return 'Kommunstyrelsen';
  return capitalizeFirst(t.toLocaleLowerCase('sv') === t ? t : t.charAt(0).toLocaleUpperCase('sv') + t.slice(1));
}

/** "Label value" pairs from document information tables and cover pages ("Dokumenttyp Plan", "Dnr: …"). */
function documentFields(blocks: Block[]): Map<string, { value: string; line: number }> {
  const out = new Map<string, { value: string; line: number }>();
  const labels = ['dokumenttyp', 'typ av dokument', 'dokumentnamn', 'dokumenttitel', 'titel', 'dokumentansvarig', 'dokumentansvar', 'dokumentägare', 'ansvarig för dokumentet'];
  for (const b of blocks.slice(0, 120)) {
    const cells = b.cells ?? [b.raw];
    for (const cell of cells) {
      const labelled = /<b>\s*([^<]+?)\s*:?\s*<\/b>\s*([^<]*)/gi;
      let m: RegExpExecArray | null;
      let any = false;
      while ((m = labelled.exec(cell))) {
        any = true;
        const label = m[1]!.toLocaleLowerCase('sv').replace(/:$/, '').trim();
        const value = clean(m[2]!);
        if (labels.includes(label) && value && !out.has(label)) out.set(label, { value, line: b.from });
      }
      if (any) continue;
      const plain = clean(cell);
      const colon = /^([\p{L} ]{4,30}?)\s*:\s*(.+)$/u.exec(plain);
      if (colon) {
        const label = colon[1]!.toLocaleLowerCase('sv').trim();
        if (labels.includes(label) && !out.has(label)) out.set(label, { value: colon[2]!.trim(), line: b.from });
      }
    }
  }
  return out;
}

interface Window {
  text: string;
  /** Start offset of each line in `text`, with the line number. */
  starts: { offset: number; line: number }[];
}

function lineWindow(lines: string[], from: number, to: number): Window {
  let text = '';
  const starts: { offset: number; line: number }[] = [];
  for (let n = from; n <= to; n++) {
    starts.push({ offset: text.length, line: n });
    text += clean(lines[n - 1] ?? '') + '\n';
  }
  return { text, starts };
}

function lineAt(window: Window, offset: number): number {
  let line = window.starts[0]?.line ?? 1;
  for (const s of window.starts) {
    if (s.offset > offset) break;
    line = s.line;
  }
  return line;
}

function findIn(window: Window, pattern: RegExp): { match: RegExpExecArray; line: number } | null {
  const flat = window.text.replace(/\n/g, ' ');
  const m = pattern.exec(flat);
  return m ? { match: m, line: lineAt(window, m.index) } : null;
}

/** Sentences (or lines, where a line ends without a full stop) of a window, with their line. */
function zoneSentences(window: Window): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const flat = window.text;
  const re = /[^\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(flat))) {
    const lineText = m[0];
    let offset = 0;
    for (const sentence of lineText.split(/(?<=[.!?])\s+(?=\p{Lu})/u)) {
      out.push({ text: sentence, line: lineAt(window, m.index + offset) });
      offset += sentence.length + 1;
    }
  }
  return out;
}
