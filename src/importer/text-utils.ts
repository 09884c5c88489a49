/**
 * Small text helpers shared by the importer's stages. Plan documents reach us as Markdown-ish text,
 * text flattened from PDF tables (with HTML debris such as `<ul style="…">`, `<p>`, `<i>`), or DOCX
 * rendered to the same line form, so "clean" always means: without that markup, with single spaces.
 */

const entities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '\u00AD',
  ndash: '–',
  mdash: '—',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  hellip: '…',
  bull: '•',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return entities[body.toLowerCase()] ?? whole;
  });
}

/** Footnote markers: `<sup>1</sup>` and Unicode superscript digits glued to a word ("våldet.¹"). */
const footnoteMarkers = /<sup>\s*\[?\d{1,3}\]?\s*<\/sup>|(?<=[\p{L}.,;:)”"])[¹²³⁰⁴-⁹]+/gu;

/** Removes HTML-ish tags (keeping their text) and Markdown emphasis/link syntax. */
export function stripMarkup(text: string): string {
  return text
    .replace(footnoteMarkers, '')
    .replace(/<\/?(?:ul|ol|li|p|b|i|em|strong|u|span|div|sup|sub|br|td|tr|th|table|tbody|thead|font|a)\b[^>]*>/gi, ' ')
    .replace(/\[([^\]]+)\]\((?:https?:|mailto:)[^)]*\)/g, '$1')
    .replace(/<((?:https?:\/\/|www\.)[^>\s]+)>/g, '$1')
    .replace(/(^|[\s(“”"])(\*{1,3}|_{2})(?=\S)([^*_]*?\S)\2(?=[\s.,;:!?)”"]|$)/g, '$1$3')
    .replace(/\*{2,3}/g, '');
}

/** Collapses whitespace (tabs too) to single spaces and trims. Soft hyphens and zero-width characters go. */
export function squash(text: string): string {
  return text
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/** Markup-free single-spaced text. */
export function clean(text: string): string {
  return squash(stripMarkup(decodeEntities(text)));
}

export function capitalizeFirst(text: string): string {
  const first = text.charAt(0);
  return first.toLocaleUpperCase('sv') + text.slice(1);
}

export const isUpperStart = (text: string): boolean => /^[\p{Lu}\d]/u.test(text);
export const isLowerStart = (text: string): boolean => /^\p{Ll}/u.test(text);

/** "2023– 2026", "2023 - 2026" → "2023–2026": a period as plans write it, without the stray spaces. */
export function tidyYearRanges(text: string): string {
  return text.replace(/\b((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2})\b/g, '$1–$2');
}

export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/** Damerau–Levenshtein (optimal string alignment) distance, with an early exit above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prevPrev = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[m]!;
}

const monthNames: Readonly<Record<string, number>> = {
  januari: 1, jan: 1, februari: 2, feb: 2, mars: 3, mar: 3, april: 4, apr: 4, maj: 5, juni: 6, jun: 6,
  juli: 7, jul: 7, augusti: 8, aug: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};

/** A date as Swedish documents write it: 2023-12-15, 2023.12.15, 15 december 2023, 15 dec. 2023. */
export const datePattern = String.raw`(?:(?:19|20)\d{2}[-.](?:1[0-2]|0?[1-9])[-.](?:3[01]|[12]\d|0?[1-9])(?!\d)|(?:den\s+)?(?:3[01]|[12]\d|0?[1-9])\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|okt|nov|dec)\.?\s+(?:19|20)\d{2})`;

/** ISO date (YYYY-MM-DD) for a date matched by `datePattern`, or null when it is not a real date. */
export function toIsoDate(text: string): string | null {
  const iso = /((?:19|20)\d{2})[-.](\d{1,2})[-.](\d{1,2})/.exec(text);
  let y: number, m: number, d: number;
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    const written = /(\d{1,2})\s+([a-zåäö]+)\.?\s+((?:19|20)\d{2})/i.exec(text);
    if (!written) return null;
    const month = monthNames[written[2]!.toLowerCase()];
    if (!month) return null;
    [y, m, d] = [Number(written[3]), month, Number(written[1])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Prevention levels as plans write them (including the common "indikativ"), to the national codes. */
export function preventionLevelCode(word: string): string | null {
  const w = word.toLocaleLowerCase('sv').replace(/[^a-zåäö]/g, '');
  if (/^universel(l|la|lt)?$|^universal$|^primär(prevention)?$/.test(w)) return 'universal';
  if (/^selektiv(a|t)?$|^selective$|^sekundär(prevention)?$/.test(w)) return 'selective';
  if (/^(indikerad|indikerade|indikerat|indikativ|indikativa|indicerad|indicerade|indicated|tertiär|tertiärprevention)$/.test(w)) return 'indicated';
  return null;
}

/** Every prevention level a text names ("universell och selektiv nivå", "Indikerad, Selektiv"), in order, once. */
export function preventionLevelsIn(text: string): string[] {
  const found: string[] = [];
  for (const word of text.split(/[^\p{L}]+/u)) {
    const code = preventionLevelCode(word);
    if (code && !found.includes(code)) found.push(code);
  }
  return found;
}
