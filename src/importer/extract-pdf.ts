import { getDocumentProxy } from 'unpdf';
import { ImportError } from './types.js';

/**
 * PDF through pdf.js (unpdf's build, which runs on Node 20): text items are grouped into physical
 * lines by position, wide gaps become tabs (table columns), and physical lines are joined into the
 * document's logical lines — a line is a wrapped continuation when the next line's first word would
 * not have fitted at its end. A vertical gap larger than the line spacing becomes a blank line, and
 * running headers, footers and page numbers are dropped.
 */

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PhysLine {
  page: number;
  y: number;
  x: number;
  right: number;
  height: number;
  text: string;
  /** Width of one character, estimated from this line's items. */
  charWidth: number;
}

export async function extractPdf(bytes: Uint8Array): Promise<string[]> {
  if (!isPdf(bytes)) throw new ImportError('unreadable', 'The file is not a valid PDF document and could not be read.');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js may take over (detach) the buffer it is given, so it gets a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'PasswordException') {
      throw new ImportError('encrypted', 'The PDF is password-protected. Remove the password (or export the document again without one) and upload it again.');
    }
    throw new ImportError('unreadable', 'The PDF is damaged or not a PDF, and could not be read.');
  }
  try {
    const pages: PhysLine[][] = [];
    let characters = 0;
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const raw of content.items) {
        if (!('str' in raw)) continue;
        const [a, b, , , x, y] = raw.transform as number[];
        if (Math.abs(b ?? 0) > Math.abs(a ?? 1)) continue; // rotated text (margin notes)
        items.push({ str: raw.str, x: x ?? 0, y: y ?? 0, width: raw.width, height: raw.height || Math.abs(a ?? 10) });
        characters += raw.str.trim().length;
      }
      pages.push(groupLines(items, p));
      page.cleanup();
    }
    if (characters < 20) {
      if (await hasImages(pdf)) {
        throw new ImportError('image_only', 'The PDF has no text layer: it is scanned or made of images. Run text recognition (OCR) on it, or upload the original Word document.');
      }
      throw new ImportError('empty', 'The PDF contains no text.');
    }
    return joinLines(dropRunningLines(pages));
  } finally {
    await pdf.destroy();
  }
}

function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

async function hasImages(pdf: Awaited<ReturnType<typeof getDocumentProxy>>): Promise<boolean> {
  const { OPS } = await import('unpdf/pdfjs');
  const imageOps = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat].filter((v) => typeof v === 'number'));
  for (let p = 1; p <= Math.min(pdf.numPages, 5); p++) {
    const page = await pdf.getPage(p);
    const ops = await page.getOperatorList();
    if (ops.fnArray.some((fn) => imageOps.has(fn))) return true;
  }
  return false;
}

function groupLines(items: Item[], page: number): PhysLine[] {
  const sorted = items.filter((i) => i.str.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Item[][] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    const ref = row?.find((i) => i.str.trim());
    const tolerance = Math.max(2, (ref?.height ?? item.height) * 0.45);
    if (row && Math.abs((ref ?? row[0]!).y - item.y) <= tolerance) row.push(item);
    else rows.push([item]);
  }
  const lines: PhysLine[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    const visible = row.filter((i) => i.str.trim());
    if (visible.length === 0) continue;
    const widths = visible.map((i) => i.width / Math.max(1, i.str.length)).sort((a, b) => a - b);
    const charWidth = widths[Math.floor(widths.length / 2)]! || 5;
    let text = '';
    let cursor: number | null = null;
    for (const item of row) {
      if (!item.str.trim()) {
        // An explicit whitespace item: a tab when it spans a column gap.
        if (cursor !== null && item.width >= 1.8 * charWidth) text = text.replace(/ +$/, '') + '\t';
        else if (cursor !== null && !/\s$/.test(text)) text += ' ';
        if (cursor !== null) cursor = Math.max(cursor, item.x + item.width);
        continue;
      }
      if (cursor !== null) {
        const gap = item.x - cursor;
        if (gap >= 1.8 * charWidth && !text.endsWith('\t')) text = text.replace(/ +$/, '') + '\t';
        else if (gap > 0.15 * charWidth && !/\s$/.test(text) && !/^\s/.test(item.str)) text += ' ';
      }
      text += item.str;
      cursor = item.x + item.width;
    }
    const first = visible[0]!;
    const last = visible.at(-1)!;
    lines.push({
      page,
      y: first.y,
      x: first.x,
      right: last.x + last.width,
      height: Math.max(...visible.map((i) => i.height)),
      text: text.replace(/[ \u00A0]+/g, ' ').replace(/ ?\t ?/g, '\t').trim(),
      charWidth,
    });
  }
  return lines;
}

const digitsNormalized = (text: string) => text.replace(/\d+/g, '#').trim();
const pageNumberLine = /^(?:(?:sida|sid\.?|page|s\.)\s*)?\d{1,4}(?:\s*(?:\(|av|\/|of)\s*\d{1,4}\)?)?$/i;

/** Drops page numbers and lines repeated at the top or bottom of many pages (running headers/footers). */
function dropRunningLines(pages: PhysLine[][]): PhysLine[][] {
  const edgeCounts = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((l) => digitsNormalized(l.text)));
    for (const key of edges) edgeCounts.set(key, (edgeCounts.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length * 0.5));
  return pages.map((lines) =>
    lines.filter((line, index) => {
      const atEdge = index < 2 || index >= lines.length - 2;
      if (!atEdge) return true;
      if (pageNumberLine.test(line.text)) return false;
      return pages.length < 3 || (edgeCounts.get(digitsNormalized(line.text)) ?? 0) < threshold;
    }),
  );
}

/** Lines that start a new logical line whatever the geometry says: list items, labels, codes. */
const structuralStart =
  /^(?:[-•▪◦·*–]\s|\d{1,2}(?:[.:]\d{1,2})*[.)]?\s+\p{Lu}|(?:Åtgärd|Aktivitet|Insats|Fokusområde|Inriktningsmål|Mål|Målområde|Delmål)\s+\d|#)/u;
/** Label lines ("Ansvar: …") start a logical line too, except inside a flattened table cell's list. */
const labelStart = /^(?:Ansvar|Ansvaret|Ansvarig[a]?|Medansvarig[a]?|Huvudansvar(?:ig)?|Tidsplan|Preventionsnivå|Exempel)\s*:/u;

function joinLines(pages: PhysLine[][]): string[] {
  const all = pages.flat();
  if (all.length === 0) return [];
  const rights = all.map((l) => l.right).sort((a, b) => a - b);
  const rightEdge = rights[Math.floor(rights.length * 0.95)] ?? rights.at(-1)!;
  const lefts = new Map<number, number>();
  for (const l of all) lefts.set(Math.round(l.x), (lefts.get(Math.round(l.x)) ?? 0) + 1);
  const leftMargin = [...lefts.entries()].sort((a, b) => b[1] - a[1])[0]![0];

  const out: string[] = [];
  let current: PhysLine | null = null;
  let text = '';
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (current === null) {
      current = line;
      text = line.text;
      continue;
    }
    const samePage = line.page === current.page;
    const spacing = current.y - line.y;
    const lineHeight = Math.max(current.height, line.height) * 1.25;
    const paragraphGap = samePage && spacing > lineHeight * 1.5;
    const firstWord = /^\S+/.exec(line.text)?.[0] ?? '';
    const wouldHaveFitted = current.right + current.charWidth * (1 + firstWord.length) <= rightEdge + current.charWidth * 0.5;
    const sameSize = Math.abs(current.height - line.height) <= Math.max(1, current.height * 0.15);
    // Inside a flattened table cell's list ("<ul …> • A • B"), a line starting with "•" or a label continues it.
    const inCellList = /<(?:ul|li)\b|\s•\s/.test(text.slice(-200));
    const sentenceAcrossPages = !samePage && /[.!?]$/.test(text) && /^\p{Lu}/u.test(line.text);
    const wrapped =
      !paragraphGap &&
      !wouldHaveFitted &&
      sameSize &&
      !sentenceAcrossPages &&
      !(structuralStart.test(line.text) && !(inCellList && /^•\s/.test(line.text))) &&
      !(labelStart.test(line.text) && !inCellList) &&
      !current.text.endsWith('\t');
    if (wrapped) {
      const indented = line.x - leftMargin >= 5 * line.charWidth && line.x - current.x >= 5 * line.charWidth;
      text += indented ? '\t' + line.text : (/-$/.test(text) && /^\p{Ll}/u.test(line.text) ? ' ' : ' ') + line.text;
      current = { ...line, x: current.x };
      continue;
    }
    out.push(text);
    if (paragraphGap || sentenceAcrossPages) out.push('');
    current = line;
    text = line.text;
  }
  if (current) out.push(text);
  return out;
}
