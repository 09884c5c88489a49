import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/api/app.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { loadSeedData } from '../../src/seed/load-seed.js';
import { ensureNationalVocabularies } from '../../src/services/vocabularies.js';
import { defaultAuthConfig, type AuthConfig } from '../../src/config/config.js';
import * as accounts from '../../src/db/repositories/accounts.js';
import { hashPassword } from '../../src/services/passwords.js';
import { createSession } from '../../src/services/sessions.js';
import type { Role } from '../../src/domain/access.js';

/**
 * The API suites run against a real database: PGlite by default, or PostgreSQL when
 * FRIDPLAN_TEST_DATABASE_URL is set (then every test file gets a database of its own, dropped after).
 */
export const testDatabaseKind: 'postgres' | 'pglite' = process.env.FRIDPLAN_TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** A signed-in test user: the cookie and CSRF token its requests carry. */
export interface TestSession {
  userId: string;
  email: string;
  cookie: string;
  csrfToken: string;
}

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  /** A system administrator, signed in: what the suites written before accounts existed act as. */
  admin: TestSession;
  close(): Promise<void>;
}

/** Test accounts get this password (long enough, not common) unless told otherwise. */
export const testPassword = 'Fridplan-test-lösenord-42';
let cheapHash: Promise<string> | undefined;

/**
 * Creates a person with memberships and a signed-in session, straight in the database. The
 * password hash is made once per process: argon2 is deliberately slow.
 */
export async function createTestUser(
  ctx: Pick<TestContext, 'database'>,
  options: { email?: string; displayName?: string; isSystemAdmin?: boolean; memberships?: { organizationId: string; role: Role; unitIds?: string[] }[]; auth?: AuthConfig } = {},
): Promise<TestSession> {
  const db = ctx.database.db;
  const email = options.email ?? `user-${Math.random().toString(36).slice(2, 10)}@test.fridplan.se`;
  const user = await accounts.insertUser(db, {
    email,
    displayName: options.displayName ?? email.split('@')[0]!,
    passwordHash: await (cheapHash ??= hashPassword(testPassword)),
    isSystemAdmin: options.isSystemAdmin ?? false,
  });
  for (const m of options.memberships ?? []) await accounts.insertMembership(db, { userId: user.id, organizationId: m.organizationId, role: m.role, unitIds: m.unitIds ?? [] });
  const session = await createSession(db, user.id, 'password', options.auth ?? defaultAuthConfig);
  return { userId: user.id, email, cookie: `fridplan_session=${session.token}`, csrfToken: session.csrfToken };
}

export async function startTestApp(options: { seed?: boolean; auth?: AuthConfig } = {}): Promise<TestContext> {
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
  const app = await buildApp({ database, auth: options.auth });
  const admin = await createTestUser({ database }, { email: 'systemadmin@test.fridplan.se', displayName: 'Test Systemadmin', isSystemAdmin: true });
  return {
    app,
    database,
    admin,
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

/** A small client over app.inject: JSON in, JSON out, Swedish unless told otherwise; signed in when given a session. */
export function client(app: FastifyInstance, defaults: { language?: string; session?: TestSession | null } = {}) {
  const auth: Record<string, string> = defaults.session ? { cookie: defaults.session.cookie, 'x-csrf-token': defaults.session.csrfToken } : {};
  const call = async <T = any>(method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const raw = await app.inject({
      method,
      url,
      headers: { 'accept-language': defaults.language ?? 'sv', ...auth, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
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
