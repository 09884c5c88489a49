import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/api/app.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { loadSeedData } from '../../src/seed/load-seed.js';
import { ensureNationalVocabularies } from '../../src/services/vocabularies.js';

/**
 * The API suites run against a real database: PGlite by default, or PostgreSQL when
 * FRIDPLAN_TEST_DATABASE_URL is set (then every test file gets a database of its own, dropped after).
 */
export const testDatabaseKind: 'postgres' | 'pglite' = process.env.FRIDPLAN_TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

export async function startTestApp(options: { seed?: boolean } = {}): Promise<TestContext> {
  let cleanup: () => Promise<void>;
  let database: Database;
  const init = async (db: Database['db']) => {
    await ensureNationalVocabularies(db);
    if (options.seed) await loadSeedData(db);
  };
  const baseUrl = process.env.FRIDPLAN_TEST_DATABASE_URL;
  if (baseUrl) {
    const name = `fridplan_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ kind: 'postgres', url: url.toString() }, init);
    cleanup = async () => {
      const a = new pg.Client({ connectionString: baseUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'fridplan-test-'));
    database = await openDatabase({ kind: 'pglite', dataDir: dir }, init);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const app = await buildApp({ database });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
      await cleanup();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  raw: LightMyRequestResponse;
}

/** A small client over app.inject: JSON in, JSON out, Swedish unless told otherwise. */
export function client(app: FastifyInstance, defaults: { language?: string } = {}) {
  const call = async <T = any>(method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const raw = await app.inject({
      method,
      url,
      headers: { 'accept-language': defaults.language ?? 'sv', ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(payload !== undefined ? { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
    });
    const text = raw.body;
    return { status: raw.statusCode, body: text ? (JSON.parse(text) as T) : (undefined as T), raw };
  };
  return {
    get: <T = any>(url: string, headers?: Record<string, string>) => call<T>('GET', url, undefined, headers),
    post: <T = any>(url: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', url, body ?? {}, headers),
    patch: <T = any>(url: string, body: unknown, headers?: Record<string, string>) => call<T>('PATCH', url, body, headers),
    delete: <T = any>(url: string, headers?: Record<string, string>) => call<T>('DELETE', url, undefined, headers),
    raw: call,
  };
}

export type Client = ReturnType<typeof client>;

/** Finds a seeded organization by its municipality code. */
export async function organizationByCode(api: Client, code: string): Promise<{ id: string; name: string }> {
  const { body } = await api.get<{ id: string; code: string; name: string }[]>('/api/v1/organizations');
  const org = body.find((o) => o.code === code);
  if (!org) throw new Error(`no organization ${code}`);
  return org;
}
