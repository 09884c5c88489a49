import { foldDiacritics, type Lexicon } from './lexicon.js';
import type { ImportResult } from './types.js';

type Note = ImportResult['notes'][number];

/**
 * Repairs two kinds of damage that text extraction leaves, only where the repair is unambiguous:
 *
 * - Words hyphenated at a line break ("heders-" / "relaterat", or "för- troendevalda" once a table
 *   cell is flattened onto one line) are joined, unless the hyphen is Swedish's elision before a
 *   conjunction ("kultur- och fritidsnämnden", "hetero- som homosexuella") or the second half is a
 *   word of its own while the joined form is not.
 * - OCR damage to å, ä and ö: a letter lost ("namnd"), replaced by a look-alike ("férslag",
 *   "6vergripande", "&ven", "Linkdping") or dropped ("tgardsplanen"). A damaged word is replaced
 *   only when exactly one lexicon word matches its damaged form. Words that are valid as they stand
 *   are left alone, and plain-ASCII words are only considered when the document as a whole has lost
 *   its diacritics (so "vald" in an intact text stays "vald").
 */
export function repairLines(input: string[], lexicon: Lexicon): { lines: string[]; notes: Note[] } {
  const lines = [...input];
  const notes: Note[] = [];
  joinLineBreakHyphens(lines, lexicon, notes);
  joinInlineHyphens(lines, lexicon, notes);
  repairOcr(lines, lexicon, notes);
  return { lines, notes };
}

/** Words after a hyphen that show the hyphen is an elision ("barn- och ungdomsnämnden"), not a break. */
const elisionFollowers = new Set(['och', 'eller', 'samt', 'som', 'till', 'respektive', 'resp', 'alternativt', 'men', 'än']);

function shouldJoin(first: string, second: string, lexicon: Lexicon): boolean {
  if (elisionFollowers.has(second.toLocaleLowerCase('sv'))) return false;
  const joined = (first + second).toLocaleLowerCase('sv');
  return lexicon.has(joined) || !lexicon.has(second);
}

function joinLineBreakHyphens(lines: string[], lexicon: Lexicon, notes: Note[]): void {
  for (let i = 0; i + 1 < lines.length; i++) {
    const end = /(\p{L}+)-$/u.exec(lines[i]!.trimEnd());
    if (!end) continue;
    const next = lines[i + 1]!;
    const start = /^(\s*)(\p{Ll}[\p{L}]*)([.,;:!?)]?)(\s+|$)/u.exec(next);
    if (!start) continue;
    const first = end[1]!;
    const second = start[2]!;
    const rest = next.slice(start[0].length);
    if (!rest.trim()) continue; // moving the only word would leave a blank line, which reads as a paragraph break
    if (elisionFollowers.has(second)) continue;
    const keepHyphen = /[\p{Lu}\d]$/u.test(first);
    if (!keepHyphen && !shouldJoin(first, second, lexicon)) continue;
    const head = lines[i]!.trimEnd();
    lines[i] = (keepHyphen ? head : head.slice(0, -1)) + second + start[3]!;
    lines[i + 1] = rest;
    notes.push({ source: { from: i + 1, to: i + 2 }, code: 'hyphenation_joined', text: `${first}- ${second} → ${keepHyphen ? `${first}-${second}` : first + second}` });
  }
}

function joinInlineHyphens(lines: string[], lexicon: Lexicon, notes: Note[]): void {
  lines.forEach((line, i) => {
    if (!/\p{L}- \p{Ll}/u.test(line)) return;
    const joined: string[] = [];
    lines[i] = line.replace(/(?<![\p{L}-])(\p{L}*\p{L})- (\p{Ll}+)/gu, (whole, first: string, second: string) => {
      if (elisionFollowers.has(second)) return whole;
      // "HR- avdelningen": after an abbreviation the hyphen is part of the word ("HR-avdelningen").
      if (/\p{Lu}$/u.test(first)) {
        if (!/^\p{Lu}{1,5}$/u.test(first)) return whole;
        joined.push(`${first}- ${second} → ${first}-${second}`);
        return `${first}-${second}`;
      }
      if (!shouldJoin(first, second, lexicon)) return whole;
      joined.push(`${first}- ${second} → ${first}${second}`);
      return first + second;
    });
    if (joined.length) notes.push({ source: { from: i + 1, to: i + 1 }, code: 'hyphenation_joined', text: joined.join('; ') });
  });
}

/** Look-alikes OCR puts for ö (é, è, 6, 0) and ä (&), in folded form. */
function glyphKey(word: string): string {
  return foldDiacritics(word.toLocaleLowerCase('sv'))
    .replace(/[éè60]/g, 'o')
    .replace(/&/g, 'a');
}

const oddGlyph = /[éè60&]/;
const tokenPattern = /(?<![\p{L}\d&@/.:_-])[\p{L}&6][\p{L}&60]*(?![\p{L}\d@/_])/gu;
const urlPattern = /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+/g;

function repairOcr(lines: string[], lexicon: Lexicon, notes: Note[]): void {
  // How damaged is the text? Count words that are not in the lexicon but become a lexicon word with
  // å, ä or ö restored.
  let tokens = 0;
  let restorable = 0;
  for (const line of lines) {
    for (const match of line.replace(urlPattern, ' ').matchAll(tokenPattern)) {
      const word = match[0];
      if (word.length < 3 || /\d/.test(word.replace(/[60]/g, ''))) continue;
      tokens++;
      if (lexicon.has(word)) continue;
      const candidates = lexicon.folded.get(glyphKey(word));
      if (candidates?.some((c) => /[åäö]/.test(c))) restorable++;
    }
  }
  const damaged = restorable >= 5 && restorable / Math.max(1, tokens) >= 0.02;
  const cache = new Map<string, string | null>();

  lines.forEach((line, i) => {
    const repaired: string[] = [];
    const urls: string[] = [];
    let masked = line.replace(urlPattern, (url) => {
      urls.push(url);
      return `\u0000${urls.length - 1}\u0000`;
    });
    if (damaged) {
      // "| samband med" → "I samband med": OCR reads a capital I as a bar at the start of a sentence.
      masked = masked.replace(/(^\s*|[.!?”"]\s+)\|(?= \p{Ll})/gu, (_m, before: string) => {
        repaired.push('| → I');
        return `${before}I`;
      });
    }
    masked = masked.replace(tokenPattern, (word) => {
      if (word.length < 2 || (!damaged && !oddGlyph.test(word))) return word;
      if (lexicon.has(word) && !oddGlyph.test(word)) return word;
      if (/^[\d&]+$/.test(word)) return word;
      let fix = cache.get(word);
      if (fix === undefined) {
        fix = findRepair(word, lexicon, damaged);
        cache.set(word, fix);
      }
      if (!fix) return word;
      repaired.push(`${word} → ${fix}`);
      return fix;
    });
    const restored = masked.replace(/\u0000(\d+)\u0000/g, (_m, n: string) => urls[Number(n)]!);
    if (repaired.length) {
      lines[i] = restored;
      notes.push({ source: { from: i + 1, to: i + 1 }, code: 'ocr_repaired', text: repaired.join('; ') });
    }
  });
}

function withCase(original: string, word: string): string {
  if (original.length > 1 && original === original.toLocaleUpperCase('sv') && /\p{L}{2}/u.test(original)) return word.toLocaleUpperCase('sv');
  if (/^\p{Lu}/u.test(original)) return word.charAt(0).toLocaleUpperCase('sv') + word.slice(1);
  return word;
}

/** The single lexicon word a damaged word can be, or null when there is none or more than one. */
function findRepair(word: string, lexicon: Lexicon, damaged: boolean): string | null {
  const lower = word.toLocaleLowerCase('sv');
  const key = glyphKey(word);
  const accept = (candidates: Set<string>): string | null => {
    const real = [...candidates].filter((c) => c !== lower);
    if (candidates.has(lower) && !oddGlyph.test(lower)) return null; // valid as it stands
    if (real.length !== 1 || candidates.size !== 1) return null;
    const only = real[0]!;
    if (!/[åäö]/.test(only)) return null;
    return withCase(word, only);
  };

  const direct = new Set<string>(lexicon.folded.get(key) ?? []);
  if (direct.size) return accept(direct);
  const compounds = compoundCandidates(key, lexicon);
  if (compounds.size) return accept(compounds);
  if (!damaged && !oddGlyph.test(word)) return null;

  // One or two edits of the kinds OCR makes to å/ä/ö: a look-alike consonant (d, b, g) for ö, a
  // doubled glyph ("oé" → "oo" for one ö), or the letter lost altogether.
  const first = editsOf(key, true);
  const found = new Set<string>();
  for (const k of first) for (const w of lexicon.folded.get(k) ?? []) found.add(w);
  if (found.size) return accept(found);
  for (const k of first) for (const w of compoundCandidates(k, lexicon)) found.add(w);
  if (found.size) return accept(found);
  if (key.length < 5) return null;
  for (const k of first) {
    for (const k2 of editsOf(k, !/[ao]/.test(k) || k.length === key.length)) {
      for (const w of lexicon.folded.get(k2) ?? []) found.add(w);
    }
    if (found.size > 1) break;
  }
  return found.size ? accept(found) : null;
}

function editsOf(key: string, allowInsert: boolean): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if ('dbg'.includes(c) && i > 0) out.add(key.slice(0, i) + 'o' + key.slice(i + 1));
    if (c === 'o' && i + 1 < key.length && key[i + 1] === 'o') out.add(key.slice(0, i) + key.slice(i + 1));
    if ((key[i + 1] === 'o' || key[i - 1] === 'o') && c !== 'o' && 'dbg'.includes(c)) out.add(key.slice(0, i) + key.slice(i + 1));
  }
  if (allowInsert) {
    for (let i = 0; i <= key.length; i++) {
      out.add(key.slice(0, i) + 'a' + key.slice(i));
      out.add(key.slice(0, i) + 'o' + key.slice(i));
    }
  }
  out.delete(key);
  return out;
}

/** Two lexicon words joined (optionally with the linking s): "atgardsplanen" → "åtgärdsplanen". */
function compoundCandidates(key: string, lexicon: Lexicon): Set<string> {
  const out = new Set<string>();
  if (key.length < 8) return out;
  for (let k = 3; k <= key.length - 4; k++) {
    const left = key.slice(0, k);
    const right = key.slice(k);
    const rights = lexicon.folded.get(right);
    if (!rights) continue;
    const lefts = lexicon.folded.get(left) ?? (left.endsWith('s') ? lexicon.folded.get(left.slice(0, -1))?.map((w) => `${w}s`) : undefined);
    if (!lefts) continue;
    for (const l of lefts) for (const r of rights) if (r.length >= 4) out.add(l + r);
  }
  return out;
}
