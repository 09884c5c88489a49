import { toBlocks } from './blocks.js';
import { extractDocx } from './extract-docx.js';
import { extractPdf } from './extract-pdf.js';
import { decodeText, textLines } from './extract-text.js';
import { buildLexicon } from './lexicon.js';
import { findMetadata } from './metadata.js';
import { repairLines } from './repair.js';
import { findStructure } from './structure.js';
import { ImportError, type ImportDocument, type ImportedNode, type ImportFormat, type ImportResult, type UnitMatch } from './types.js';
import { UnitResolver, unitNorm } from './units.js';

/** Documents larger than this are refused before any parsing (a 40-page plan as PDF is well under 5 MB). */
export const maxImportBytes = 20 * 1024 * 1024;

const formats: Record<string, ImportFormat> = { txt: 'txt', text: 'txt', md: 'md', markdown: 'md', docx: 'docx', pdf: 'pdf' };

export function formatOf(filename: string): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename.trim())?.[1]?.toLowerCase();
  return ext ? (formats[ext] ?? null) : null;
}

/**
 * Reads a plan document (text, Markdown, DOCX or PDF) into a proposed structure: metadata, the goal
 * tree with its measures, and the units the document names, resolved against the organization's
 * units. Every item points at the lines it came from and carries a confidence; nothing is invented.
 */
export const importDocument: ImportDocument = async ({ bytes, filename, units }) => {
  const started = performance.now();
  const format = formatOf(filename);
  if (!format) {
    throw new ImportError('unsupported_format', `Files of this type cannot be imported (${filename}). Upload a plan as .docx, .pdf, .txt or .md.`);
  }
  if (bytes.byteLength > maxImportBytes) {
    throw new ImportError('too_large', `The file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the largest file that can be imported is ${maxImportBytes / 1024 / 1024} MB.`);
  }
  if (bytes.byteLength === 0) throw new ImportError('empty', 'The file is empty.');

  let raw: string[];
  if (format === 'pdf') raw = await extractPdf(bytes);
  else if (format === 'docx') raw = await extractDocx(bytes);
  else raw = textLines(decodeText(bytes));
  while (raw.length && !raw.at(-1)!.trim()) raw.pop();
  if (!raw.some((l) => /\p{L}{2,}/u.test(l))) throw new ImportError('empty', 'The document contains no text.');

  const resolver = new UnitResolver(units);
  // The lexicon for repairs: built-in words, the organization's unit names, and the words the document
  // itself spells with å, ä or ö (those came through intact).
  const ownWords = new Set<string>();
  for (const line of raw) for (const w of line.match(/\p{L}*[åäöÅÄÖ]\p{L}*/gu) ?? []) ownWords.add(w);
  const unitWords = units.flatMap((u) => [u.name, u.shortName ?? '', ...u.aliases]).flatMap((n) => n.split(/[^\p{L}]+/u));
  const lexicon = buildLexicon([...ownWords, ...unitWords]);
  const repaired = repairLines(raw, lexicon);
  const lines = repaired.lines;

  const blocks = toBlocks(lines);
  const { metadata, ownerUnit } = findMetadata({ blocks, lines, resolver });
  if (ownerUnit) metadata.ownerUnit = ownerUnit;
  const structure = findStructure(blocks, resolver, ownerUnit?.value ?? null);

  const found = new Map<string, UnitMatch>();
  const collect = (u: UnitMatch) => {
    const key = u.unitId ?? `new:${unitNorm(u.text)}`;
    const known = found.get(key);
    if (!known || (u.unitId === null && u.text.length > known.text.length)) found.set(key, u);
  };
  let goals = 0;
  let measures = 0;
  const walk = (nodes: ImportedNode[]) => {
    for (const node of nodes) {
      goals++;
      for (const m of node.measures) {
        measures++;
        m.lead.forEach(collect);
        m.co.forEach(collect);
      }
      walk(node.children);
    }
  };
  walk(structure.nodes);
  if (ownerUnit) collect(ownerUnit.value);

  const notes = [...repaired.notes, ...structure.notes];
  for (const u of found.values()) {
    if (u.proposeNew) notes.push({ source: null, code: 'unit_not_found', text: `No unit matches "${u.text}"; it is proposed as a new unit.` });
    else if (u.score < 1) notes.push({ source: null, code: 'unit_fuzzy_match', text: `"${u.text}" was matched to ${u.unitName} (score ${u.score}).` });
  }
  const result: ImportResult = {
    format,
    lines,
    metadata,
    nodes: structure.nodes,
    units: [...found.values()],
    notes,
    stats: { goals, measures, milliseconds: Math.round(performance.now() - started) },
  };
  return result;
};
