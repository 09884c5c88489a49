import { describe, expect, it } from 'vitest';
import { compareSeed, fixtureFiles, seeds, type Comparison } from './seed-comparison.js';

/**
 * The importer against the five seed documents, as text and as LibreOffice's DOCX and PDF of them
 * (test/fixtures/import, made by scripts/make-import-fixtures.sh), compared with the hand
 * transcriptions in seed-data/: every goal found, at least 98 % of measures exact (code, text, lead
 * and co-responsible units), and no invented measure.
 */
const rows: Comparison[] = [];

describe('importer accuracy on the seed documents', () => {
  for (const { seed, plan } of seeds) {
    for (const file of fixtureFiles(seed)) {
      it(`${file}: every goal, ≥ 98 % of measures exact, nothing invented`, async () => {
        const c = await compareSeed(seed, plan, file);
        rows.push(c);
        const detail = [...c.goalsMissing.map((g) => `goal missing: ${g}`), ...c.goalsExtra.map((g) => `goal extra: ${g}`), ...c.mismatches, ...c.invented.map((m) => `invented: ${m}`)];
        if (detail.length) console.log(`${file}:\n  ${detail.join('\n  ')}`);
        expect(c.goalsMissing).toEqual([]);
        expect(c.goalsExtra).toEqual([]);
        expect(c.invented).toEqual([]);
        const share = c.measuresExpected === 0 ? 1 : c.measuresExact / c.measuresExpected;
        expect(share).toBeGreaterThanOrEqual(0.98);
      }, 30_000);
    }
  }

  it('prints the accuracy table', () => {
    const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
    const lines = [
      '',
      'file                      goals (found/expected)  measures exact/expected  exact %   invented',
      ...rows
        .sort((a, b) => a.file.localeCompare(b.file))
        .map((c) =>
          [
            c.file.padEnd(26),
            `${c.goalsFound}/${c.goalsExpected}${c.goalsExtra.length ? ` +${c.goalsExtra.length}` : ''}`.padEnd(24),
            `${c.measuresExact}/${c.measuresExpected}`.padEnd(25),
            pct(c.measuresExact, c.measuresExpected).padEnd(10),
            String(c.invented.length),
          ].join(''),
        ),
    ];
    console.log(lines.join('\n'));
    expect(rows.length).toBeGreaterThan(0);
  });
});
