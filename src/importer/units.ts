import { normalizeSearchText } from '../domain/search-text.js';
import { editDistance } from './text-utils.js';
import type { ImportUnit, UnitMatch } from './types.js';

/**
 * Resolves unit names as a document writes them against the organization's units and aliases.
 * Exact (after case, diacritics and ø/ö are folded) scores 1; then the spelling variants Swedish
 * plans use ("Kultur och fritidsförvaltningen" for "Kultur- och fritidsförvaltningen", definite and
 * indefinite forms, a leading "den"/"nätverket", quotes) 0.95; then fuzzy matching by edit distance
 * and token similarity, never across kinds of body (a nämnd never matches a förvaltning). Below the
 * threshold the name is proposed as a new unit.
 */

export const matchThreshold = 0.84;

interface Form {
  unit: ImportUnit;
  written: string;
  norm: string;
  stem: string;
  tokens: string[];
  head: string | null;
}

/** Folded form: lowercase, no diacritics, no quotes or brackets, elided hyphens spelled out. */
export function unitNorm(text: string): string {
  return normalizeSearchText(text)
    .replace(/[”“"'’«»]/g, '')
    .replace(/[()]/g, ' ')
    .replace(/(\p{L})\s*-\s*(och|eller|samt)\b/gu, '$1 $2')
    .replace(/\b(\p{L}+)-(och)\b/gu, '$1 $2')
    .replace(/[.,;:]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const leadingWords = /^(?:den|det|de|en|ett|nätverket|natverket|samverkansforumet|forumet|gruppen|gemensamt for|samtliga|hela)\s+/;

/** Head nouns and their kind; endings are normalised so "nämnden", "nämnd" and "nämnderna" compare equal. */
const heads: [RegExp, string][] = [
  [/namnd(?:en|er|erna)?$/, 'namnd'],
  [/forvaltning(?:en|ar|arna)?$/, 'forvaltning'],
  [/kontor(?:et|en)?$/, 'kontor'],
  [/styrelse(?:n|r|rna)?$/, 'styrelse'],
  [/fullmaktige$/, 'fullmaktige'],
  [/utskott(?:et)?$/, 'utskott'],
  [/rad(?:et)?$/, 'rad'],
  [/bolag(?:et|en)?$|\bab$/, 'bolag'],
  [/avdelning(?:en|ar|arna)?$/, 'avdelning'],
  [/enhet(?:en|er|erna)?$/, 'enhet'],
  [/forbund(?:et)?$/, 'forbund'],
  [/myndighet(?:en|er|erna)?$/, 'myndighet'],
  [/grupp(?:en|er|erna)?$/, 'grupp'],
];

function headOf(norm: string): string | null {
  const last = norm.split(' ').at(-1) ?? '';
  for (const [pattern, head] of heads) if (pattern.test(last)) return head;
  return null;
}

function stemOf(norm: string): string {
  const withoutLead = norm.replace(leadingWords, '');
  const parts = withoutLead.split(' ');
  const last = parts.pop() ?? '';
  let stemmed = last;
  for (const [pattern, head] of heads) {
    const m = pattern.exec(last);
    if (m) {
      stemmed = last.slice(0, m.index) + head;
      break;
    }
  }
  return [...parts, stemmed].join(' ');
}

export class UnitResolver {
  private readonly forms: Form[] = [];
  private readonly exact = new Map<string, ImportUnit>();
  private readonly cache = new Map<string, UnitMatch>();

  constructor(readonly units: ImportUnit[]) {
    for (const unit of units) {
      for (const name of [unit.name, unit.shortName, ...unit.aliases]) {
        if (!name?.trim()) continue;
        const norm = unitNorm(name);
        if (!norm) continue;
        const stem = stemOf(norm);
        this.forms.push({ unit, written: name.trim(), norm, stem, tokens: stem.split(' '), head: headOf(norm) });
        if (!this.exact.has(norm)) this.exact.set(norm, unit);
      }
    }
    // Longest forms first, for finding names at the start of a text.
    this.forms.sort((a, b) => b.norm.length - a.norm.length);
  }

  /** All known forms, longest first: used to find unit names inside running text. */
  knownForms(): { norm: string; unit: ImportUnit; written: string }[] {
    return this.forms.map((f) => ({ norm: f.norm, unit: f.unit, written: f.written }));
  }

  resolve(text: string): UnitMatch {
    const written = text.trim();
    const cached = this.cache.get(written);
    if (cached) return cached;
    const result = this.compute(written);
    this.cache.set(written, result);
    return result;
  }

  private compute(text: string): UnitMatch {
    const norm = unitNorm(text);
    const match = (unit: ImportUnit, score: number): UnitMatch => ({ text, unitId: unit.id, unitName: unit.name, score: round(score), proposeNew: false });
    const none: UnitMatch = { text, unitId: null, unitName: null, score: 0, proposeNew: true };
    if (!norm) return none;
    const exact = this.exact.get(norm);
    if (exact) return match(exact, 1);
    const stem = stemOf(norm);
    const head = headOf(norm);
    let best: { unit: ImportUnit; score: number } | null = null;
    for (const form of this.forms) {
      if (head && form.head && head !== form.head) continue;
      let score: number;
      if (form.stem === stem) score = 0.95;
      else {
        const maxLen = Math.max(form.stem.length, stem.length);
        const allowed = Math.ceil(maxLen * (1 - matchThreshold)) + 1;
        const dist = editDistance(form.stem, stem, allowed);
        const charScore = dist > allowed ? 0 : 1 - dist / maxLen;
        score = Math.max(charScore, tokenScore(stem.split(' '), form.tokens)) * 0.97;
      }
      if (!best || score > best.score) best = { unit: form.unit, score };
    }
    if (best && best.score >= matchThreshold) return match(best.unit, best.score);
    return { ...none, score: best ? round(best.score) : 0 };
  }
}

/** Token-set similarity where two tokens count as equal when nearly identical (one edit in six letters). */
function tokenScore(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let matched = 0;
  const used = new Set<number>();
  for (const t of a) {
    const j = b.findIndex((u, k) => {
      if (used.has(k)) return false;
      if (u === t) return true;
      if (Math.min(u.length, t.length) < 6) return false;
      const limit = Math.min(2, Math.floor(Math.max(u.length, t.length) / 6));
      return editDistance(u, t, limit) <= limit;
    });
    if (j >= 0) {
      used.add(j);
      matched++;
    }
  }
  return (2 * matched) / (a.length + b.length);
}

const round = (n: number) => Math.round(n * 100) / 100;
