/**
 * Search over plan text that forgives case and diacritics, the way people type on any keyboard:
 * "vald i nara" finds "Våld i nära relationer", and "SÖDERMØRE" finds "Södermöre" (the seeds
 * themselves spell one unit with both ö and ø, and the Linköping OCR loses å, ä and ö).
 */

/** Letters that Unicode does not decompose into a base letter plus a combining mark. */
const undecomposedLetters: Readonly<Record<string, string>> = {
  ø: 'o',
  æ: 'ae',
  ß: 'ss',
  œ: 'oe',
  đ: 'd',
  ł: 'l',
  þ: 'th',
};

const undecomposedPattern = new RegExp(`[${Object.keys(undecomposedLetters).join('')}]`, 'gu');

/** Soft hyphens and zero-width characters come with text pasted from Word and PDF; they are invisible. */
const invisibleCharacters = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;

/** Lowercase (Swedish rules), without diacritics, with single spaces and no surrounding whitespace. */
export function normalizeSearchText(text: string): string {
  return text
    .replace(invisibleCharacters, '')
    .toLocaleLowerCase('sv')
    .replace(undecomposedPattern, (letter) => undecomposedLetters[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Punctuation and symbols separate words, except between two digits: there they belong to a code,
 * a number or a period as the plan writes it ("1:3", "3.1.2", "2024-2027"), and splitting would make
 * "1:3" match any text containing a 1 and a 3.
 */
const separatingPunctuation = /(?<!\p{Nd})[\p{P}\p{S}]|[\p{P}\p{S}](?!\p{Nd})/gu;

/** The words of a query, normalized; an empty or punctuation-only query has no tokens. */
export function searchTokens(query: string): string[] {
  return normalizeSearchText(query)
    .replace(separatingPunctuation, ' ')
    .split(' ')
    .filter((token) => token.length > 0);
}

/**
 * Whether a text already passed through normalizeSearchText matches a query: every token must occur
 * in it. A query without tokens matches everything, so an empty search box filters nothing.
 */
export function matchesSearch(normalizedHaystack: string, query: string): boolean {
  return searchTokens(query).every((token) => normalizedHaystack.includes(token));
}

/** Separates the parts of a stored search text, so a token cannot match across two fields by accident. */
export const searchTextSeparator = ' | ';

/**
 * The text stored beside a measure (code, text, description, responsibility, unit names …) that the
 * persistence layer queries with LIKE. Empty parts are left out.
 */
export function buildMeasureSearchText(parts: readonly (string | null | undefined)[]): string {
  return parts
    .map((part) => (part == null ? '' : normalizeSearchText(part)))
    .filter((part) => part.length > 0)
    .join(searchTextSeparator);
}

/** Escapes LIKE's metacharacters with backslash, PostgreSQL's default LIKE escape character. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * One `%token%` pattern per query token, to be ANDed together against the stored search text
 * (`search_text LIKE $1 AND search_text LIKE $2 …`), which gives the same result as matchesSearch.
 */
export function likePatternsFor(query: string): string[] {
  return searchTokens(query).map((token) => `%${escapeLikePattern(token)}%`);
}
