import { describe, expect, it } from 'vitest';
import {
  buildMeasureSearchText,
  escapeLikePattern,
  likePatternsFor,
  matchesSearch,
  normalizeSearchText,
  searchTokens,
} from '../../../src/domain/search-text.js';

describe('normalizeSearchText', () => {
  it('lowercases and strips Swedish diacritics', () => {
    expect(normalizeSearchText('Våld i nära relationer')).toBe('vald i nara relationer');
    expect(normalizeSearchText('ÅÄÖ åäö')).toBe('aao aao');
  });

  it('strips other diacritics and folds letters that do not decompose', () => {
    expect(normalizeSearchText('Café Über')).toBe('cafe uber');
    expect(normalizeSearchText('SÖDERMØRE')).toBe('sodermore');
    expect(normalizeSearchText('Æble Straße')).toBe('aeble strasse');
  });

  it('collapses all whitespace, including tabs, newlines and non-breaking spaces, and trims', () => {
    expect(normalizeSearchText('  Åtgärd\t1:3 \n\n Socialnämnden\u00A0 ')).toBe('atgard 1:3 socialnamnden');
  });

  it('drops soft hyphens and zero-width spaces from pasted text', () => {
    expect(normalizeSearchText('kvinno\u00ADfrid\u200B')).toBe('kvinnofrid');
  });

  it('gives the same text for decomposed and composed input', () => {
    expect(normalizeSearchText('Va\u030Ald')).toBe(normalizeSearchText('Våld'));
  });
});

describe('searchTokens', () => {
  it('splits on whitespace and punctuation and drops empty tokens', () => {
    expect(searchTokens('  Våld, i (nära) relationer! ')).toEqual(['vald', 'i', 'nara', 'relationer']);
    expect(searchTokens('hbtqi-personer/unga')).toEqual(['hbtqi', 'personer', 'unga']);
  });

  it('keeps codes and periods written with punctuation between digits', () => {
    expect(searchTokens('Åtgärd 1:3')).toEqual(['atgard', '1:3']);
    expect(searchTokens('3.1.2.')).toEqual(['3.1.2']);
    expect(searchTokens('2024-2027')).toEqual(['2024-2027']);
  });

  it('has no tokens for an empty or punctuation-only query', () => {
    expect(searchTokens('')).toEqual([]);
    expect(searchTokens(' ,.;- ')).toEqual([]);
  });
});

describe('matchesSearch', () => {
  const haystack = normalizeSearchText('Våld i nära relationer — Södermöre kommunalförvaltning, Åtgärd 1:3');

  it('matches without diacritics and in any case', () => {
    expect(matchesSearch(haystack, 'vald i nara')).toBe(true);
    expect(matchesSearch(haystack, 'SÖDERMØRE')).toBe(true);
    expect(matchesSearch(haystack, 'RELATIONER våld')).toBe(true);
  });

  it('requires every token, each as a substring', () => {
    expect(matchesSearch(haystack, 'kommunal')).toBe(true);
    expect(matchesSearch(haystack, 'våld heder')).toBe(false);
  });

  it('matches a code as written but not its digits scattered', () => {
    expect(matchesSearch(haystack, '1:3')).toBe(true);
    expect(matchesSearch(normalizeSearchText('Åtgärd 3:1'), '1:3')).toBe(false);
  });

  it('matches everything for an empty query', () => {
    expect(matchesSearch(haystack, '   ')).toBe(true);
  });
});

describe('buildMeasureSearchText', () => {
  it('joins the normalized parts, leaving out empty ones', () => {
    expect(buildMeasureSearchText(['1:3', 'Utbilda  personal i Våld', null, undefined, '   ', 'Socialnämnden'])).toBe(
      '1:3 | utbilda personal i vald | socialnamnden',
    );
  });

  it('is empty when there is nothing to search', () => {
    expect(buildMeasureSearchText([null, ''])).toBe('');
  });
});

describe('likePatternsFor', () => {
  it('gives one %token% pattern per token', () => {
    expect(likePatternsFor('Våld i nära')).toEqual(['%vald%', '%i%', '%nara%']);
  });

  it('escapes LIKE metacharacters with backslash', () => {
    expect(escapeLikePattern('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    // "_" and "%" between digits stay in the token, so they must be escaped in the pattern.
    expect(likePatternsFor('1_2 3%4')).toEqual(['%1\\_2%', '%3\\%4%']);
  });

  it('gives no patterns for an empty query', () => {
    expect(likePatternsFor(' ')).toEqual([]);
  });

  it('agrees with matchesSearch on a stored search text', () => {
    const stored = buildMeasureSearchText(['1:3', 'Samverkan med Södermøre kommunaldelsförvaltning']);
    const likeMatches = (pattern: string): boolean => likeToRegExp(pattern).test(stored);
    for (const query of ['södermöre', 'SAMVERKAN 1:3', 'kommunaldel', 'heder']) {
      expect(likePatternsFor(query).every(likeMatches)).toBe(matchesSearch(stored, query));
    }
  });
});

/** What PostgreSQL's LIKE with the default backslash escape does, as a regular expression. */
function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i]!;
    if (character === '\\') source += escapeRegExp(pattern[++i] ?? '');
    else if (character === '%') source += '.*';
    else if (character === '_') source += '.';
    else source += escapeRegExp(character);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
