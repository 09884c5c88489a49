import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../src/db/database.js';
import { goalNodes, measureUnits, measures, organizations, plans, units } from '../src/db/schema.js';
import { nationalTaxonomies } from '../src/domain/national-taxonomies.js';
import { buildMeasureSearchText } from '../src/domain/search-text.js';
import { measureScopes } from '../src/domain/vocabulary.js';
import { measureSearchText, type MeasureInput } from '../src/services/content-input.js';
import { inTransaction } from '../src/services/transaction.js';
import { ensureNationalVocabularies } from '../src/services/vocabularies.js';
import * as words from './words.js';

/**
 * A national-scale dataset: every Swedish municipality × 3 plans × 60 measures (6 goals, 2 of them
 * with a condition node), 40 units per organization. Deterministic: the same seed gives the same rows
 * and the same ids, so runs are comparable.
 */

export const MEASURES_PER_PLAN = 60;
export const GOALS_PER_PLAN = 6;

type OrganizationInsert = typeof organizations.$inferInsert;
type UnitInsert = typeof units.$inferInsert;
type PlanInsert = typeof plans.$inferInsert;
type NodeInsert = typeof goalNodes.$inferInsert;
type MeasureInsert = typeof measures.$inferInsert;
type MeasureUnitInsert = typeof measureUnits.$inferInsert;

export interface Dataset {
  organizations: OrganizationInsert[];
  units: UnitInsert[];
  plans: PlanInsert[];
  nodes: NodeInsert[];
  measures: MeasureInsert[];
  measureUnits: MeasureUnitInsert[];
}

/** sfc32: small, fast, good enough for test data, and seedable. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  /** `n` distinct items, in a random order. */
  sample<T>(list: readonly T[], n: number): T[] {
    const copy = [...list];
    const out: T[] = [];
    for (let i = 0; i < n && copy.length > 0; i++) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
  /** A version 4 UUID made from this generator, so ids are deterministic too. */
  uuid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 4; i++) hex.push(Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0'));
    const h = hex.join('');
    const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

export function readMunicipalities(): { code: string; name: string; county: string }[] {
  const file = fileURLToPath(new URL('../reference-data/kommuner.csv', import.meta.url));
  const [, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [code, name, , county] = line.split(',');
    return { code: code!, name: name!, county: county! };
  });
}

const codesOf = (taxonomy: keyof typeof nationalTaxonomies) => nationalTaxonomies[taxonomy].map((t) => t.code);
const preventionLevels = codesOf('prevention_level');
const violenceForms = codesOf('violence_form');
const targetGroups = codesOf('target_group');
const vulnerableGroups = codesOf('vulnerable_group');
const perspectives = codesOf('perspective');

const planTemplates = [
  { kind: 'strategy', title: (from: number, to: number) => `Strategi mot våld i nära relationer ${from}–${to}`, status: 'in_force', years: 4 },
  { kind: 'action_plan', title: (from: number, to: number) => `Handlingsplan mot mäns våld mot kvinnor och våld i nära relationer ${from}–${to}`, status: 'adopted', years: 2 },
  { kind: 'activity_plan', title: (from: number) => `Aktivitetsplan mot hedersrelaterat våld och förtryck ${from}`, status: 'draft', years: 1 },
] as const;

export function generateDataset(options: { seed?: number; organizationLimit?: number } = {}): Dataset {
  const rnd = new Random(options.seed ?? 20250611);
  const data: Dataset = { organizations: [], units: [], plans: [], nodes: [], measures: [], measureUnits: [] };
  const municipalities = readMunicipalities().slice(0, options.organizationLimit ?? Infinity);

  for (const municipality of municipalities) {
    const organizationId = rnd.uuid();
    data.organizations.push({ id: organizationId, code: municipality.code, name: municipality.name, kind: 'municipality' });

    const orgUnits = words.unitTemplates.map((t) => {
      const name = typeof t.name === 'function' ? t.name(municipality.name) : t.name;
      const row: UnitInsert = {
        id: rnd.uuid(),
        organizationId,
        name,
        shortName: t.shortName ?? null,
        kind: t.kind,
        aliases: t.aliases ?? [],
        // As services/units.ts builds it: name, short name, aliases.
        searchText: buildMeasureSearchText([name, t.shortName, ...(t.aliases ?? [])]),
      };
      data.units.push(row);
      return { id: row.id!, name };
    });

    let strategyId: string | null = null;
    for (const [p, template] of planTemplates.entries()) {
      const planId = rnd.uuid();
      const from = 2024 + p + rnd.int(0, 1);
      const to = from + template.years - 1;
      const title = template.title(from, to);
      const registryNumber = `KS ${from - 1}/${rnd.int(10, 999)}`;
      const decisionBody = template.status === 'draft' ? null : p === 0 ? 'Kommunfullmäktige' : 'Kommunstyrelsen';
      const summary = `${municipality.name} kommuns ${template.kind === 'strategy' ? 'strategi' : 'plan'} för arbetet mot våld i nära relationer, hedersrelaterat våld och förtryck samt prostitution och människohandel. Planen beskriver mål, insatser och ansvar för perioden ${from}–${to}.`;
      data.plans.push({
        id: planId,
        organizationId,
        title,
        kind: template.kind,
        status: template.status,
        validFrom: `${from}-01-01`,
        validTo: `${to}-12-31`,
        decisionBody,
        decisionDate: decisionBody ? `${from - 1}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}` : null,
        decisionParagraph: decisionBody ? `§ ${rnd.int(1, 250)}` : null,
        registryNumber,
        parentPlanId: strategyId,
        ownerUnitId: orgUnits[p === 0 ? 0 : 1]!.id,
        followUpCadence: 'annual',
        followUpDescription: 'Planen följs upp årligen och redovisas för kommunstyrelsen.',
        summary,
        violenceForms: rnd.sample(violenceForms, rnd.int(3, 8)),
        targetGroups: rnd.sample(targetGroups, rnd.int(2, 6)),
        vulnerableGroups: rnd.sample(vulnerableGroups, rnd.int(0, 3)),
        perspectives: rnd.sample(perspectives, rnd.int(1, 3)),
        // As services/plans.ts builds it: title, summary, registry number, decision body.
        searchText: buildMeasureSearchText([title, summary, registryNumber, decisionBody]),
      });
      if (p === 0) strategyId = planId;
      generatePlanContent(rnd, data, { organizationId, planId }, orgUnits);
    }
  }
  // Top-level nodes first, so a batch never holds a child whose parent comes in a later batch.
  data.nodes.sort((a, b) => Number(a.parentId != null) - Number(b.parentId != null));
  return data;
}

function generatePlanContent(rnd: Random, data: Dataset, scope: { organizationId: string; planId: string }, orgUnits: { id: string; name: string }[]) {
  const label = rnd.pick(words.goalLabels);
  const goals = rnd.sample(words.goalTexts, GOALS_PER_PLAN);
  const conditions = rnd.sample(words.conditionTexts, 2);
  const goalsWithCondition = new Set(rnd.sample([0, 1, 2, 3, 4, 5], 2));
  const perGoal = MEASURES_PER_PLAN / GOALS_PER_PLAN;
  let conditionIndex = 0;

  for (const [g, goalText] of goals.entries()) {
    const goalId = rnd.uuid();
    const goalNumber = String(g + 1);
    data.nodes.push({
      id: goalId,
      ...scope,
      parentId: null,
      role: 'goal',
      label,
      number: goalNumber,
      text: goalText,
      description: rnd.chance(0.5) ? rnd.pick(words.goalDescriptions) : null,
      preventionLevels: rnd.chance(0.3) ? rnd.sample(preventionLevels, rnd.int(1, 2)) : [],
      position: g,
    });
    // A goal with a condition keeps 7 measures itself and puts 3 under the condition.
    const targets: { nodeId: string; count: number }[] = [{ nodeId: goalId, count: perGoal }];
    if (goalsWithCondition.has(g)) {
      const conditionId = rnd.uuid();
      data.nodes.push({
        id: conditionId,
        ...scope,
        parentId: goalId,
        role: 'condition',
        label: 'Förutsättning',
        number: null,
        text: conditions[conditionIndex++]!,
        description: null,
        preventionLevels: [],
        position: 0,
      });
      targets[0]!.count = perGoal - 3;
      targets.push({ nodeId: conditionId, count: 3 });
    }
    let code = 0;
    for (const { nodeId, count } of targets) {
      for (let position = 0; position < count; position++) {
        generateMeasure(rnd, data, scope, nodeId, position, `${goalNumber}.${++code}`, orgUnits);
      }
    }
  }
}

function generateMeasure(
  rnd: Random,
  data: Dataset,
  scope: { organizationId: string; planId: string },
  nodeId: string,
  position: number,
  code: string,
  orgUnits: { id: string; name: string }[],
) {
  const [verb, objects] = rnd.pick(words.actions);
  const context = rnd.pick(words.contexts);
  const text = [verb, rnd.pick(objects), context].filter(Boolean).join(' ');
  const chosen = rnd.sample(orgUnits, 5);
  const lead = chosen.slice(0, rnd.int(1, 2));
  const co = chosen.slice(lead.length, lead.length + rnd.int(0, 3));
  const followUp = rnd.pick(words.followUps);
  const input: MeasureInput = {
    code,
    text,
    description: rnd.chance(0.8) ? `Syftet är att ${rnd.pick(words.aims)}.${followUp ? ` ${followUp}` : ''}` : null,
    responsibilityText: `${lead.map((u) => u.name).join(' och ')} ansvarar${co.length ? ` i samverkan med ${co.map((u) => u.name).join(', ')}` : ''}.`,
    leadUnitIds: lead.map((u) => u.id),
    coUnitIds: co.map((u) => u.id),
    preventionLevels: rnd.sample(preventionLevels, rnd.int(1, 2)),
    targetGroups: rnd.sample(targetGroups, rnd.int(1, 2)),
    violenceForms: rnd.sample(violenceForms, rnd.int(0, 3)),
    vulnerableGroups: rnd.chance(0.25) ? rnd.sample(vulnerableGroups, 1) : [],
    perspectives: rnd.chance(0.2) ? rnd.sample(perspectives, 1) : [],
    scope: rnd.chance(0.6) ? rnd.pick(measureScopes) : null,
    timeFrame: rnd.pick(words.timeFrames),
    examples: rnd.sample(words.examples, rnd.int(0, 2)),
  };
  const id = rnd.uuid();
  data.measures.push({
    id,
    ...scope,
    nodeId,
    position,
    code: input.code ?? null,
    text: input.text,
    description: input.description ?? null,
    responsibilityText: input.responsibilityText ?? null,
    preventionLevels: input.preventionLevels ?? [],
    targetGroups: input.targetGroups ?? [],
    violenceForms: input.violenceForms ?? [],
    vulnerableGroups: input.vulnerableGroups ?? [],
    perspectives: input.perspectives ?? [],
    scope: input.scope ?? null,
    timeFrame: input.timeFrame ?? null,
    examples: input.examples ?? [],
    // Exactly as services/content-input.ts stores it.
    searchText: measureSearchText(input),
  });
  // Positions as content-input.ts unitLinks numbers them: leads first, then co units.
  lead.forEach((u, i) => data.measureUnits.push({ measureId: id, unitId: u.id, role: 'lead', position: i }));
  co.forEach((u, i) => data.measureUnits.push({ measureId: id, unitId: u.id, role: 'co', position: lead.length + i }));
}

/**
 * One INSERT per batch of rows, through Drizzle: the rows travel as one JSON parameter that
 * PostgreSQL expands with json_populate_recordset. Drizzle's own multi-row VALUES builder costs
 * ~5 µs of client CPU per value (its entity checks), which made the load CPU-bound in Node; this
 * way the values are the same, the work is PostgreSQL's, and columns left out still get their
 * defaults (version, created_at …) because only the columns the rows carry are named.
 */
const ROWS_PER_STATEMENT = 5000;

async function insertInBatches(db: Db, table: PgTable, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  // Every row must carry the same columns: a missing key would become NULL, not the column default.
  const keys = Object.keys(rows[0]!);
  const signature = keys.join();
  if (rows.some((r) => Object.keys(r).join() !== signature)) throw new Error(`${getTableName(table)}: rows with different columns`);
  const names = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column for ${key}`);
    return column.name;
  });
  const columnList = sql.join(
    names.map((name) => sql.identifier(name)),
    sql`, `,
  );
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const batch = rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => Object.fromEntries(keys.map((key, k) => [names[k]!, row[key]])));
    try {
      await db.execute(sql`INSERT INTO ${table} (${columnList}) SELECT ${columnList} FROM json_populate_recordset(NULL::${table}, ${JSON.stringify(batch)}::json)`);
    } catch (error) {
      // Drizzle's error carries the whole parameter (megabytes of JSON): keep the cause only.
      const cause = (error as { cause?: Error }).cause ?? (error as Error);
      throw new Error(`insert into ${getTableName(table)} failed: ${cause.message}`);
    }
  }
}

export interface InsertTimings {
  vocabulariesMs: number;
  insertMs: number;
  analyzeMs: number;
  /** Per table: wall time, and the part of it this process spent on the CPU (building statements, Drizzle, pg). */
  tables: Record<string, { rows: number; ms: number; clientCpuMs: number }>;
}

/**
 * Writes the dataset with bulk INSERTs in one transaction, after the national vocabularies,
 * then ANALYZE so the planner sees the real table sizes (as after any bulk load).
 */
export async function insertDataset(db: Db, data: Dataset): Promise<InsertTimings> {
  let t = performance.now();
  await ensureNationalVocabularies(db);
  const vocabulariesMs = performance.now() - t;
  const tables: InsertTimings['tables'] = {};
  const timed = async (name: string, tx: Db, table: PgTable, rows: Record<string, unknown>[]) => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    await insertInBatches(tx, table, rows);
    const used = process.cpuUsage(cpu);
    tables[name] = { rows: rows.length, ms: Math.round(performance.now() - start), clientCpuMs: Math.round((used.user + used.system) / 1000) };
  };
  t = performance.now();
  await inTransaction(db, async (tx) => {
    await timed('organizations', tx, organizations, data.organizations);
    await timed('units', tx, units, data.units);
    await timed('plans', tx, plans, data.plans);
    await timed('goal_nodes', tx, goalNodes, data.nodes);
    await timed('measures', tx, measures, data.measures);
    await timed('measure_units', tx, measureUnits, data.measureUnits);
  });
  const insertMs = performance.now() - t;
  t = performance.now();
  await db.execute(sql`ANALYZE`);
  return { vocabulariesMs, insertMs, analyzeMs: performance.now() - t, tables };
}
