import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importDocument } from '../../../src/importer/import-document.js';
import type { ImportedNode, ImportResult, ImportUnit } from '../../../src/importer/types.js';
import { readSeedFile } from '../../../src/seed/read-seed-files.js';
import type { SeedFile, SeedNode, SeedPlan } from '../../../src/seed/seed-file-schema.js';

/**
 * Compares an imported seed document with its hand transcription (seed-data/<seed>.yaml): goals by
 * count and text, measures by code, text (whitespace-normalised), lead and co-responsible units.
 * Shared by the accuracy test and the benchmark.
 */

export const fixturesDir = fileURLToPath(new URL('../../fixtures/import/', import.meta.url));
const seedDataDir = fileURLToPath(new URL('../../../seed-data/', import.meta.url));

/** Which plan of a seed file the document is (Malmö's file also holds the city-wide plan it breaks down). */
export const seeds: { seed: string; plan?: string }[] = [
  { seed: 'kalmar' },
  { seed: 'sodertalje' },
  { seed: 'vaxjo' },
  { seed: 'malmo', plan: 'asf-handlingsplan-2023-2026' },
  { seed: 'linkoping' },
];

export function fixtureFiles(seed: string): string[] {
  return [`${seed}.txt`, `${seed}.docx`, `${seed}.pdf`, `${seed}-structured.docx`].filter((f) => existsSync(fixturesDir + f));
}

export function seedUnits(file: SeedFile): ImportUnit[] {
  return file.units.map((u) => ({ id: u.key, name: u.name, shortName: u.shortName ?? null, aliases: u.aliases }));
}

const ws = (s: string) => s.replace(/\s+/g, ' ').trim();

interface ExpectedMeasure {
  code: string | null;
  text: string;
  lead: string[];
  co: string[];
}

export function expectations(seed: string, planKey?: string) {
  const file = readSeedFile(`${seedDataDir}${seed}.yaml`);
  const plan: SeedPlan = planKey ? file.plans.find((p) => p.key === planKey)! : file.plans[0]!;
  const goals: string[] = [];
  const measures: ExpectedMeasure[] = [];
  const walk = (nodes: SeedNode[]) => {
    for (const node of nodes) {
      goals.push(ws(node.text));
      for (const m of node.measures) measures.push({ code: m.code ?? null, text: ws(m.text), lead: [...m.lead].sort(), co: [...m.co].sort() });
      let children = node.children;
      // A node that mirrors the parent plan's node shows that node's strategies in the document.
      if (children.length === 0 && node.sourceNode) {
        const source = file.plans.find((p) => p.key === node.sourceNode!.plan)?.nodes.find((n) => n.number === node.sourceNode!.number);
        children = source?.children ?? [];
      }
      walk(children);
    }
  };
  walk(plan.nodes);
  return { file, plan, goals, measures, units: seedUnits(file) };
}

export interface Comparison {
  seed: string;
  file: string;
  goalsExpected: number;
  goalsFound: number;
  goalsExtra: string[];
  goalsMissing: string[];
  measuresExpected: number;
  measuresFound: number;
  measuresExact: number;
  invented: string[];
  mismatches: string[];
  result: ImportResult;
}

const unitKey = (u: { unitId: string | null; text: string }) => u.unitId ?? `new:${u.text}`;

export async function compareSeed(seed: string, planKey: string | undefined, fileName: string): Promise<Comparison> {
  const expected = expectations(seed, planKey);
  const bytes = new Uint8Array(readFileSync(fixturesDir + fileName));
  const result = await importDocument({ bytes, filename: fileName, units: expected.units });
  const actualGoals: string[] = [];
  const actualMeasures: { code: string | null; text: string; lead: string[]; co: string[] }[] = [];
  const walk = (nodes: ImportedNode[]) => {
    for (const n of nodes) {
      actualGoals.push(ws(n.text));
      for (const m of n.measures) actualMeasures.push({ code: m.code, text: ws(m.text), lead: m.lead.map(unitKey).sort(), co: m.co.map(unitKey).sort() });
      walk(n.children);
    }
  };
  walk(result.nodes);

  const remaining = [...actualGoals];
  const goalsMissing: string[] = [];
  for (const g of expected.goals) {
    const i = remaining.indexOf(g);
    if (i >= 0) remaining.splice(i, 1);
    else goalsMissing.push(g);
  }

  const unmatched = [...actualMeasures];
  let found = 0;
  let exact = 0;
  const mismatches: string[] = [];
  for (const e of expected.measures) {
    const i = unmatched.findIndex((a) => (e.code ? a.code === e.code : a.text === e.text));
    if (i < 0) {
      mismatches.push(`missing: ${e.code ?? ''} ${e.text.slice(0, 60)}`);
      continue;
    }
    const a = unmatched.splice(i, 1)[0]!;
    found++;
    const same = a.code === e.code && a.text === e.text && a.lead.join() === e.lead.join() && a.co.join() === e.co.join();
    if (same) exact++;
    else {
      const why = [
        a.code !== e.code ? `code ${a.code} ≠ ${e.code}` : '',
        a.text !== e.text ? `text «${a.text}» ≠ «${e.text}»` : '',
        a.lead.join() !== e.lead.join() ? `lead [${a.lead}] ≠ [${e.lead}]` : '',
        a.co.join() !== e.co.join() ? `co [${a.co}] ≠ [${e.co}]` : '',
      ].filter(Boolean);
      mismatches.push(`${e.code ?? e.text.slice(0, 40)}: ${why.join('; ')}`);
    }
  }
  return {
    seed,
    file: fileName,
    goalsExpected: expected.goals.length,
    goalsFound: expected.goals.length - goalsMissing.length,
    goalsExtra: remaining,
    goalsMissing,
    measuresExpected: expected.measures.length,
    measuresFound: found,
    measuresExact: exact,
    invented: unmatched.map((m) => `${m.code ?? ''} ${m.text.slice(0, 70)}`),
    mismatches,
    result,
  };
}
