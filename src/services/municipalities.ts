import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Municipality {
  code: string;
  name: string;
  countyCode: string;
  county: string;
}

let cache: Map<string, Municipality> | undefined;

/** SCB's municipality codes (reference-data/kommuner.csv), read once. */
export function municipalities(): Map<string, Municipality> {
  if (!cache) {
    const file = fileURLToPath(new URL('../../reference-data/kommuner.csv', import.meta.url));
    const [, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    cache = new Map(
      lines.map((line) => {
        const [code, name, countyCode, county] = line.split(',');
        return [code!, { code: code!, name: name!, countyCode: countyCode!, county: county! }];
      }),
    );
  }
  return cache;
}

/** Counties' regions and county boards are identified by "00" + the county code (Kolada's scheme). */
export function isKnownOrganizationCode(kind: string, code: string): boolean {
  if (kind === 'municipality') return municipalities().has(code);
  const countyCodes = new Set([...municipalities().values()].map((m) => m.countyCode));
  return code.startsWith('00') && countyCodes.has(code.slice(2));
}
