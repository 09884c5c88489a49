import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { client, type ApiResponse, type Client, type TestContext, type TestSession } from './harness.js';

/**
 * Shared by the API suites: a client that fails the test on any 5xx (the API must never answer 500),
 * assertions for the error shape, and the seed files read straight from YAML, so expectations are
 * computed from the source data rather than written down by hand.
 */

export const nilUuid = '00000000-0000-4000-8000-000000000000';

/**
 * Like `client`, but every answer is checked: a 5xx fails the test at the request that caused it.
 * Signed in as the test system administrator unless another session (or null, the public) is given.
 */
export function api(ctx: TestContext, defaults: { language?: string; session?: TestSession | null } = {}): Client {
  const inner = client(ctx.app, { ...defaults, session: defaults.session === undefined ? ctx.admin : defaults.session });
  const checked =
    <A extends unknown[]>(call: (...args: A) => Promise<ApiResponse>) =>
    async (...args: A): Promise<ApiResponse> => {
      const response = await call(...args);
      expect(response.status, `${response.raw.raw.req.method} ${response.raw.raw.req.url} → ${response.raw.body.slice(0, 500)}`).toBeLessThan(500);
      return response;
    };
  return {
    get: checked(inner.get) as Client['get'],
    post: checked(inner.post) as Client['post'],
    patch: checked(inner.patch) as Client['patch'],
    delete: checked(inner.delete) as Client['delete'],
    raw: checked(inner.raw) as Client['raw'],
  };
}

export interface FieldExpectation {
  path: string;
  code: string;
}

/** The exact 400 shape, with exactly these fields (in any order), each with a non-empty message. */
export function expectValidation(response: ApiResponse, fields: FieldExpectation[]): void {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  const error = response.body.error;
  expect(Object.keys(response.body)).toEqual(['error']);
  expect(error).toEqual({ status: 400, code: 'validation_failed', message: expect.any(String), fields: expect.any(Array) });
  expect(error.message.length).toBeGreaterThan(0);
  for (const field of error.fields) {
    expect(Object.keys(field).sort()).toEqual(['code', 'message', 'path']);
    expect(typeof field.message).toBe('string');
    expect(field.message.length).toBeGreaterThan(0);
  }
  const sortKey = (f: FieldExpectation) => `${f.path} ${f.code}`;
  expect(error.fields.map((f: FieldExpectation) => ({ path: f.path, code: f.code })).sort((a: FieldExpectation, b: FieldExpectation) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
    [...fields].sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
  );
}

/** An error answer other than a field validation: status, code and a message, nothing unexpected. */
export function expectError(response: ApiResponse, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
}

// --- seed files -------------------------------------------------------------------------------

export interface SeedMeasure {
  code?: string;
  text: string;
  lead?: string[];
  co?: string[];
  preventionLevels?: string[];
  violenceForms?: string[];
  targetGroups?: string[];
  scope?: string;
}
export interface SeedNode {
  role: string;
  number?: string;
  text: string;
  children?: SeedNode[];
  measures?: SeedMeasure[];
}
export interface SeedPlan {
  key: string;
  title: string;
  kind: string;
  status: string;
  parentPlan?: string;
  nodes: SeedNode[];
}
export interface SeedFile {
  organization: { code: string; name: string };
  units: { key: string; name: string; aliases?: string[] }[];
  plans: SeedPlan[];
}

export const seedNames = ['kalmar', 'sodertalje', 'vaxjo', 'malmo', 'linkoping'] as const;

export function readSeed(name: string): SeedFile {
  return parse(readFileSync(new URL(`../../seed-data/${name}.yaml`, import.meta.url), 'utf8')) as SeedFile;
}

/** Every measure of a seeded plan, with the top-level node it sits under. */
export function seedMeasures(plan: SeedPlan): { measure: SeedMeasure; top: SeedNode }[] {
  const result: { measure: SeedMeasure; top: SeedNode }[] = [];
  const walk = (node: SeedNode, top: SeedNode) => {
    for (const measure of node.measures ?? []) result.push({ measure, top });
    for (const child of node.children ?? []) walk(child, top);
  };
  for (const node of plan.nodes) walk(node, node);
  return result;
}

export const unitName = (seed: SeedFile, key: string): string => seed.units.find((u) => u.key === key)!.name;

/** Counts of plans, nodes and measures, for checking that a refused request wrote nothing. */
export async function contentCounts(ctx: TestContext): Promise<{ plans: number; nodes: number; measures: number; measureUnits: number; versions: number }> {
  const row = async (table: string) => {
    const result = (await ctx.database.db.execute(`select count(*)::int as n from ${table}` as never)) as unknown as { rows: { n: number }[] };
    return Number(result.rows[0]!.n);
  };
  return {
    plans: await row('plans'),
    nodes: await row('goal_nodes'),
    measures: await row('measures'),
    measureUnits: await row('measure_units'),
    versions: await row('plan_versions'),
  };
}

/** A node tree reduced to what a reader sees of its order: [number or text, measures' codes or texts, children]. */
export function outline(nodes: any[]): unknown[] {
  return nodes.map((n) => [n.number ?? n.text, n.measures.map((m: any) => m.code ?? m.text), outline(n.children)]);
}

/** Positions in a tree answer, checked to be 0..n-1 in order at every level. */
export function expectDensePositions(nodes: any[]): void {
  expect(nodes.map((n) => n.position)).toEqual(nodes.map((_, i) => i));
  for (const node of nodes) {
    expect(node.measures.map((m: any) => m.position)).toEqual(node.measures.map((_: unknown, i: number) => i));
    expectDensePositions(node.children);
  }
}
