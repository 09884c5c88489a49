import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { taxonomyKinds } from '../../src/domain/vocabulary.js';
import { client, createTestUser, startTestApp, testDatabaseKind, type TestContext, type TestSession } from './harness.js';

/*
 * Random and malformed requests over every route: random methods, paths from the route table
 * with real, random and garbage parameters, query strings, and bodies of every wrong kind (random
 * JSON, wrong types, huge strings, deep nesting, lone UTF-16 surrogates, NUL, broken JSON, wrong
 * content types), with and without sessions and with wrong CSRF tokens.
 *
 * - No answer is a 5xx, and the server keeps answering.
 * - Requests from the anonymous public, a reader, an admin of another organization and anyone
 *   with a wrong CSRF token change nothing: the key tables and the audit trail are checksummed
 *   before and after, and the audit trail is watched after every request.
 *
 * 10,000 requests on PGlite (the default run); on PostgreSQL 2,000, as the same code paths run there
 * and each request costs more round trips. FRIDPLAN_FUZZ_RUNS overrides the count.
 */
const totalRuns = Number(process.env.FRIDPLAN_FUZZ_RUNS ?? (testDatabaseKind === 'pglite' ? 10_000 : 2_000));
/** Seven in ten requests come from those who may change nothing; the rest from people who may. */
const unauthorizedRuns = Math.round(totalRuns * 0.7);
const authorizedRuns = totalRuns - unauthorizedRuns;

let ctx: TestContext;
let orgA: string;
let orgB: string;
/** Real ids of organization A's data (and a few of B's for the authorized phase): the parameters worth guessing. */
let idsA: Pool;
let idsB: Pool;
let reader: TestSession;
let otherAdmin: TestSession;
let adminA: TestSession;
let coordinatorA: TestSession;
/** How the answers were distributed, to see that the requests reach past the first refusal. */
const statuses = new Map<number, number>();
let reporterA: TestSession;

const keyTables = [
  'organizations',
  'units',
  'plans',
  'goal_nodes',
  'measures',
  'measure_units',
  'plan_versions',
  'taxonomy_terms',
  'users',
  'memberships',
  'password_resets',
  'sso_providers',
  'audit_events',
] as const;

async function checksums(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of keyTables) {
    const query = `select count(*)::int as n, coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as h from ${table} t`;
    const { rows } = (await ctx.database.db.execute(sql.raw(query))) as unknown as { rows: { n: number; h: string }[] };
    result[table] = `${rows[0]!.n}:${rows[0]!.h}`;
  }
  return result;
}

/**
 * The audit trail's identity sequence: one read, however long the table. It moves on at every
 * attempted insert, so it also catches a change that got as far as its audit event and was then
 * rolled back: an unauthorized request must not get that far either.
 */
async function lastAuditSeq(): Promise<number> {
  const { rows } = (await ctx.database.db.execute(sql`select last_value::int as v, is_called from audit_events_seq_seq`)) as unknown as { rows: { v: number; is_called: boolean }[] };
  return rows[0]!.is_called ? Number(rows[0]!.v) : 0;
}

// --- arbitraries ---------------------------------------------------------------------------------

const uuid = fc.uuid();
/** Text that is not what a parameter should be: unicode, control characters, escapes, traversal. */
const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '..', '../..', '%00', '%ZZ', '%', '%2F', '%C0%AE', 'null', 'undefined', '-1', '0', '1e309', 'NaN', '__proto__', 'constructor', "' or 1=1 --", '<script>', 'a'.repeat(120), '00000000-0000-0000-0000-000000000000'),
  fc.integer().map(String),
);

/** Real ids by what they name, so that a plan route mostly gets a plan's id. */
type Kind = 'organization' | 'unit' | 'plan' | 'node' | 'measure' | 'version' | 'user';
type Pool = Record<Kind, string[]>;
const emptyPool = (): Pool => ({ organization: [], unit: [], plan: [], node: [], measure: [], version: [], user: [] });
const allIds = (pool: Pool): string[] => Object.values(pool).flat();
const merge = (...pools: Pool[]): Pool => {
  const merged = emptyPool();
  for (const pool of pools) for (const kind of Object.keys(merged) as Kind[]) merged[kind].push(...pool[kind]);
  return merged;
};
const segmentKinds: Record<string, Kind> = { organizations: 'organization', units: 'unit', plans: 'plan', nodes: 'node', measures: 'measure' };
function kindOf(url: string, name: string): Kind {
  if (name === 'organizationId') return 'organization';
  if (name === 'versionId') return 'version';
  if (name === 'userId') return 'user';
  const segments = url.split('/');
  return segmentKinds[segments[segments.indexOf(`:${name}`) - 1] ?? ''] ?? 'plan';
}

/** Percent-encoding that survives lone surrogates (encodeURIComponent throws on them): they become invalid UTF-8. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^A-Za-z0-9%_.~-]/g, (c) => encodeURIComponent(c));
  }
}

/** A path parameter: mostly real ids (so policies and services run), else random or garbage. */
const param = (url: string, name: string, pool: Pool) => {
  if (name === 'taxonomy') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...taxonomyKinds) }, { weight: 1, arbitrary: garbage });
  return fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom(...pool[kindOf(url, name)]) },
    { weight: 2, arbitrary: fc.constantFrom(...allIds(pool)) },
    { weight: 2, arbitrary: uuid },
    { weight: 2, arbitrary: garbage },
    { weight: 1, arbitrary: fc.constant('x'.repeat(5000)) },
  );
};

const queryKeys = ['version', 'limit', 'offset', 'before', 'from', 'to', 'organizationId', 'status', 'kind', 'q', 'entity', 'action', 'actor', 'organization', 'returnTo', 'state', 'code', 'planId', 'unitId', '__proto__', 'constructor'];
const queryValue = (pool: string[]) =>
  fc.oneof(fc.constantFrom(...pool), garbage, fc.integer({ min: -5, max: 3_000_000_000 }).map(String), fc.constantFrom('2026-01-01', '2026-13-45', 'draft,adopted', 'in_force', '//evil.example', '/plans'));
/** Usually none (most routes take no query, and a strict schema refuses unknown keys), else random pairs. */
const queryString = (pool: string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant<string | undefined>(undefined) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...queryKeys) }, { weight: 1, arbitrary: garbage }), queryValue(pool)), { minLength: 1, maxLength: 4 })
        .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')),
    },
  );

const fieldNames = ['version', 'title', 'kind', 'organizationId', 'text', 'role', 'name', 'code', 'email', 'password', 'token', 'newPassword', 'currentPassword', 'displayName', 'to', 'label', 'nodeIds', 'ownerUnitId', 'parentId', 'position', 'nodeId', 'leadUnitIds', 'unitIds', 'issuer', 'clientId', 'allowedDomains', 'nodes', 'measures', 'children', 'decision', 'validFrom', 'sv', 'en', '__proto__'];

/** A JSON value of a type a field does not expect, or of an extreme size. */
const wrongValue = (pool: string[]) =>
  fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1.5, 2_147_483_648, Number.MAX_SAFE_INTEGER, '', ' ', [], {}),
    fc.constantFrom(...pool),
    garbage,
    fc.constantFrom('\u0000', '\ud800', 'a\udc00b', '\ufeff', '\u202e', 'x'.repeat(6000)),
    fc.jsonValue({ maxDepth: 3 }),
  );

/**
 * Bodies close to what the routes accept, with ids from the pool, sometimes with one field made
 * wrong: they get past validation into the services (and into version conflicts and state rules).
 */
const template = (pool: string[]) =>
  fc
    .record({
      id: fc.constantFrom(...pool),
      shape: fc.constantFrom<Record<string, unknown>>(
        { version: 1, title: 'Titel' },
        { organizationId: '$id', title: 'Plan', kind: 'action_plan' },
        { role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd', leadUnitIds: ['$id'] }] },
        { text: 'Åtgärd', leadUnitIds: ['$id'], coUnitIds: ['$id'] },
        { version: 1, text: 'Ändrad' },
        { name: 'Enhet', kind: 'administration' },
        { sv: 'Term', en: 'Term' },
        { to: 'consultation', version: 1 },
        { to: 'adopted', version: 1, decision: { body: 'KF', date: '2026-01-01' } },
        { label: 'Version' },
        { version: 1, parentId: null, position: 0 },
        { version: 1, nodeId: '$id', position: 0 },
        { email: 'fuzz@example.se', displayName: 'Fuzz', role: 'reporter', unitIds: ['$id'] },
        { version: 1, role: 'admin' },
        { ownerUnitId: '$id', title: 'Nedbrytning', nodeIds: ['$id'] },
        { title: 'Revision' },
        { version: 1, displayName: 'Namn', preferredLanguage: 'en' },
        { issuer: 'http://127.0.0.1:9/', clientId: 'c', allowedDomains: ['example.se'] },
        { email: 'admin@sodertalje.demo.fridplan.se', password: 'Fridplan-demo-admin-2026' },
        { token: 'token', newPassword: 'Ett-nytt-lösenord-2026' },
      ),
      broken: fc.option(fc.tuple(fc.constantFrom(...fieldNames), wrongValue(pool)), { nil: undefined }),
    })
    .map(({ id, shape, broken }) => {
      const filled = JSON.parse(JSON.stringify(shape).replaceAll('"$id"', JSON.stringify(id))) as Record<string, unknown>;
      if (broken) filled[broken[0]] = broken[1];
      return json(filled);
    });

/** For each route that takes a body, one that it accepts ($kind: an id of that kind, $n: a fresh number). */
const routeBodies: Record<string, Record<string, unknown>> = {
  'POST /api/v1/auth/login': { email: 'admin@sodertalje.demo.fridplan.se', password: 'fel-lösenord-men-långt' },
  'PATCH /api/v1/account': { version: 1, displayName: 'Namn $n' },
  'POST /api/v1/plans': { organizationId: '$organization', title: 'Plan $n', kind: 'action_plan', nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd', leadUnitIds: ['$unit'] }] }] },
  'PATCH /api/v1/plans/:id': { version: 1, title: 'Titel $n', validTo: '2030-12-31' },
  'POST /api/v1/plans/:id/transitions': { to: 'consultation', version: 1 },
  'POST /api/v1/plans/:id/revisions': { title: 'Revision $n' },
  'POST /api/v1/plans/:id/versions': { label: 'Version $n' },
  'POST /api/v1/plans/:id/breakdowns': { ownerUnitId: '$unit', title: 'Nedbrytning $n', nodeIds: ['$node'] },
  'POST /api/v1/plans/:id/nodes': { role: 'goal', text: 'Mål $n', position: 0 },
  'PATCH /api/v1/nodes/:id': { version: 1, text: 'Mål $n' },
  'POST /api/v1/nodes/:id/move': { version: 1, parentId: null, position: 0 },
  'POST /api/v1/nodes/:id/measures': { text: 'Åtgärd $n', leadUnitIds: ['$unit'] },
  'PATCH /api/v1/measures/:id': { version: 1, text: 'Åtgärd $n', coUnitIds: ['$unit'] },
  'POST /api/v1/measures/:id/move': { version: 1, nodeId: '$node', position: 0 },
  'POST /api/v1/organizations': { code: '0184', name: 'Solna kommun' },
  'PATCH /api/v1/organizations/:id': { version: 1, name: 'Kommun $n' },
  'POST /api/v1/organizations/:organizationId/units': { name: 'Enhet $n', kind: 'administration' },
  'PATCH /api/v1/units/:id': { version: 1, shortName: 'K$n' },
  'POST /api/v1/organizations/:organizationId/taxonomies/:taxonomy/terms': { sv: 'Term $n', en: 'Term $n' },
  'POST /api/v1/organizations/:organizationId/imports/drafts': { title: 'Import $n', kind: 'action_plan', nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd', leadUnitIds: ['$unit'] }] }] },
  'POST /api/v1/organizations/:organizationId/members': { email: 'fuzz$n@example.se', displayName: 'Fuzz $n', role: 'reporter', unitIds: ['$unit'] },
  'PATCH /api/v1/organizations/:organizationId/members/:userId': { version: 1, role: 'reader' },
  'PUT /api/v1/organizations/:organizationId/sso': { issuer: 'http://127.0.0.1:9/', clientId: 'c$n', clientSecret: 's', allowedDomains: ['example.se'] },
};

const routeBody = (route: string, typed: Pool) => {
  const shape = routeBodies[route];
  if (!shape) return undefined;
  const ids = (kind: Kind) => fc.constantFrom(...(typed[kind].length > 0 ? typed[kind] : allIds(typed)));
  return fc
    .record({
      organization: ids('organization'),
      unit: ids('unit'),
      node: ids('node'),
      n: fc.nat(),
      broken: fc.option(fc.tuple(fc.constantFrom(...Object.keys(shape), ...fieldNames), wrongValue(allIds(typed))), { nil: undefined, freq: 3 }),
    })
    .map(({ broken, ...values }) => {
      const text = JSON.stringify(shape).replace(/\$(organization|unit|node|n)/g, (_, key: keyof typeof values) => String(values[key]));
      const filled = JSON.parse(text) as Record<string, unknown>;
      if (broken) filled[broken[0]] = broken[1];
      return json(filled);
    });
};

/** Bodies as text, with the content type they are sent with. */
type RawBody = { payload: string; contentType?: string };
const json = (value: unknown): RawBody => ({ payload: JSON.stringify(value), contentType: 'application/json' });

const deepNesting = fc.integer({ min: 60, max: 3000 }).map((depth): RawBody => ({ payload: '['.repeat(depth) + ']'.repeat(depth), contentType: 'application/json' }));
const deepObject = fc.integer({ min: 60, max: 2000 }).map((depth): RawBody => ({ payload: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), contentType: 'application/json' }));

const body = (pool: string[], fitting?: fc.Arbitrary<RawBody>) =>
  fc.oneof(
    ...(fitting ? [{ weight: 16, arbitrary: fitting }] : []),
    { weight: 2, arbitrary: fc.constant<RawBody | undefined>(undefined) },
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...fieldNames), wrongValue(pool), { maxKeys: 6 }).map(json) },
    { weight: 5, arbitrary: template(pool) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: deepObject },
    // Huge strings: over a field's limit, and (rarely: building them is slow) over the 1 MB body limit.
    { weight: 1, arbitrary: fc.constantFrom(6_000, 60_000, 60_000, 1_100_000).map((n): RawBody => json({ title: 'x'.repeat(n), text: 'å'.repeat(Math.min(n, 20_000)) })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<RawBody>(
        { payload: '{', contentType: 'application/json' },
        { payload: "{'a':1}", contentType: 'application/json' },
        { payload: '{"title":"\\ud800"}', contentType: 'application/json' },
        { payload: '{"text":"a\\u0000b"}', contentType: 'application/json' },
        { payload: '{"version":1e999}', contentType: 'application/json' },
        { payload: '{"__proto__":{"isSystemAdmin":true},"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' },
        { payload: 'null', contentType: 'application/json' },
        { payload: '"just a string"', contentType: 'application/json' },
        { payload: '', contentType: 'application/json' },
        { payload: 'title=x&version=1', contentType: 'application/x-www-form-urlencoded' },
        { payload: 'plain text', contentType: 'text/plain' },
        { payload: '<xml/>', contentType: 'application/xml' },
        { payload: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--\r\n', contentType: 'multipart/form-data' },
        { payload: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nMål 1\r\n--b--\r\n', contentType: 'multipart/form-data; boundary=b' },
        { payload: '--b\r\nbroken', contentType: 'multipart/form-data; boundary=b' },
        { payload: '{"a":1}', contentType: 'application/json; charset=latin1' },
        { payload: '{"a":1}', contentType: 'application/vnd.api+json' },
        { payload: '{"a":1}' },
      ),
    },
  );

interface Persona {
  name: string;
  cookie?: string;
  csrf?: string;
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

interface FuzzRequest {
  persona: Persona;
  method: string;
  url: string;
  body: RawBody | undefined;
  language: string;
}

/** Requests over the route table for the given people, with parameters drawn from `pool`. */
function requests(people: fc.Arbitrary<Persona>, routes: { method: string; url: string }[], typed: Pool): fc.Arbitrary<FuzzRequest> {
  const pool = allIds(typed);
  return fc.constantFrom(...routes).chain((route) => {
    const key = `${route.method} ${route.url}`;
    const names = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    const params = fc.tuple(...names.map((name) => param(route.url, name, typed)));
    // A delete says which version it read: usually a plausible one.
    const query = route.method === 'DELETE' ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom('version=1', 'version=2') }, { weight: 1, arbitrary: queryString(pool) }) : queryString(pool);
    return fc
      .record({
        persona: people,
        method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...methods) }),
        values: params,
        query,
        suffix: fc.oneof({ weight: 18, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.constantFrom('/', '/extra', '//', '/..', ';x') }),
        body: body(pool, routeBody(key, typed)),
        language: fc.constantFrom('sv', 'en', 'de', '*', ''),
      })
      .map(({ persona, method, values, query: q, suffix, body: b, language }) => {
        let i = 0;
        const filled = route.url.replace(/:([A-Za-z]+)/g, () => encode(values[i++] as string));
        return { persona, method, url: `${filled}${suffix}${q !== undefined ? `?${q}` : ''}`, body: b, language };
      });
  });
}

async function send(request: FuzzRequest) {
  const headers: Record<string, string> = {};
  if (request.language) headers['accept-language'] = request.language;
  if (request.persona.cookie) headers.cookie = request.persona.cookie;
  if (request.persona.csrf) headers['x-csrf-token'] = request.persona.csrf;
  if (request.body?.contentType) headers['content-type'] = request.body.contentType;
  const withBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
  return ctx.app.inject({ method: request.method as InjectOptions['method'], url: request.url, headers, ...(withBody ? { payload: request.body!.payload } : {}) });
}

const describeRequest = (r: FuzzRequest) => `${r.persona.name} ${r.method} ${r.url.slice(0, 200)} ${r.body ? `${r.body.contentType ?? '(no type)'} ${r.body.payload.slice(0, 200)}` : ''}`;

function expectNoServerError(request: FuzzRequest, response: { statusCode: number; body: string }) {
  statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  if (response.statusCode >= 500) throw new Error(`${response.statusCode} for ${describeRequest(request)} → ${response.body.slice(0, 300)}`);
}

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  const sys = client(ctx.app, { session: ctx.admin });
  const orgs = (await sys.get('/api/v1/organizations')).body;
  orgA = orgs.find((o: any) => o.code === '0181').id;
  orgB = orgs.find((o: any) => o.code === '1280').id;

  async function idsOf(organizationId: string): Promise<Pool> {
    const pool = emptyPool();
    pool.organization.push(organizationId);
    pool.unit.push(...(await sys.get(`/api/v1/organizations/${organizationId}/units`)).body.map((u: any) => u.id).slice(0, 5));
    pool.plan.push(...(await sys.get(`/api/v1/plans?organizationId=${organizationId}`)).body.items.map((p: any) => p.id));
    // A draft with content, so that edits and deletes have something to reach.
    const draft = await sys.post('/api/v1/plans', { organizationId, title: 'Fuzzutkast', kind: 'action_plan', nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd' }] }] });
    pool.plan.push(draft.body.id);
    for (const planId of [...pool.plan]) {
      const tree = (await sys.get(`/api/v1/plans/${planId}/tree`)).body;
      const nodes = tree.nodes.slice(0, 3);
      pool.node.push(...nodes.map((n: any) => n.id));
      pool.measure.push(...nodes.flatMap((n: any) => n.measures.slice(0, 2).map((m: any) => m.id)));
      pool.version.push((await sys.post(`/api/v1/plans/${planId}/versions`, { label: 'Fuzz' })).body.id);
    }
    return pool;
  }
  idsA = await idsOf(orgA);
  idsB = await idsOf(orgB);
  const unitA = idsA.unit[0]!;
  reader = await createTestUser(ctx, { memberships: [{ organizationId: orgA, role: 'reader' }] });
  otherAdmin = await createTestUser(ctx, { memberships: [{ organizationId: orgB, role: 'admin' }] });
  adminA = await createTestUser(ctx, { memberships: [{ organizationId: orgA, role: 'admin' }] });
  coordinatorA = await createTestUser(ctx, { memberships: [{ organizationId: orgA, role: 'coordinator' }] });
  reporterA = await createTestUser(ctx, { memberships: [{ organizationId: orgA, role: 'reporter', unitIds: [unitA] }] });
  idsA.user.push(reader.userId, adminA.userId, coordinatorA.userId, reporterA.userId);
  idsB.user.push(otherAdmin.userId);
}, 300_000);
afterAll(async () => ctx?.close());

describe(`fuzzing every route, on ${testDatabaseKind}`, () => {
  it(`${unauthorizedRuns} requests from the public, a reader, another organization's admin and wrong CSRF tokens change nothing and never fail`, async () => {
    const apiRoutes = ctx.app.routePolicies.map((r) => ({ method: r.method, url: r.url }));
    // A signed-in person's own account and session are theirs to change: those routes are left out
    // for the valid sessions here (they are fuzzed in the authorized run below).
    const own = new Set(['PATCH /api/v1/account', 'POST /api/v1/auth/password', 'POST /api/v1/auth/logout']);
    const notOwn = apiRoutes.filter((r) => !own.has(`${r.method} ${r.url}`));
    const wrongCsrf = fc.constantFrom<Persona>(
      { name: 'admin A, wrong CSRF', cookie: adminA.cookie, csrf: 'wrong-token' },
      { name: 'admin A, no CSRF', cookie: adminA.cookie },
      { name: 'system admin, wrong CSRF', cookie: ctx.admin.cookie, csrf: ctx.admin.csrfToken.slice(1) },
      { name: 'coordinator A, CSRF of another session', cookie: coordinatorA.cookie, csrf: adminA.csrfToken },
    );
    const anonymous = fc.constantFrom<Persona>(
      { name: 'anonymous' },
      { name: 'unknown session', cookie: 'fridplan_session=not-a-session', csrf: 'x' },
      { name: 'garbage cookie', cookie: 'fridplan_session=%ZZ; fridplan_session=; other=1' },
      { name: 'CSRF without session', csrf: adminA.csrfToken },
    );
    const signedIn = fc.constantFrom<Persona>({ name: 'reader A', cookie: reader.cookie, csrf: reader.csrfToken }, { name: 'admin B on A', cookie: otherAdmin.cookie, csrf: otherAdmin.csrfToken });
    const arbitrary = fc.oneof(
      requests(fc.oneof(anonymous, wrongCsrf), apiRoutes, merge(idsA, { ...emptyPool(), organization: [orgB] })),
      // Another organization's admin gets A's ids only: B's data is theirs to change.
      requests(signedIn, notOwn, idsA),
    );

    const before = await checksums();
    let seq = await lastAuditSeq();
    let count = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(arbitrary, async (request) => {
        const response = await send(request);
        count++;
        expectNoServerError(request, response);
        const now = await lastAuditSeq();
        if (now !== seq) {
          seq = now;
          throw new Error(`an unauthorized request wrote an audit event: ${describeRequest(request)} → ${response.statusCode}`);
        }
      }),
      { numRuns: unauthorizedRuns, endOnFailure: true },
    );
    expect(count).toBe(unauthorizedRuns);
    expect(await checksums()).toEqual(before);
    // Still answering, and still right.
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await client(ctx.app, { session: reader }).get('/api/v1/auth/session')).body.user.id).toBe(reader.userId);
    console.info(`fuzz (${testDatabaseKind}): ${unauthorizedRuns} unauthorized requests in ${Math.round((Date.now() - started) / 1000)} s`, Object.fromEntries(statuses));
    statuses.clear();
  }, 900_000);

  it(`${authorizedRuns} requests from people who may change things never fail, and the server keeps answering`, async () => {
    // Signing out would end the session the rest of the run uses (the first run covers sign-out).
    const apiRoutes = ctx.app.routePolicies.filter((r) => r.url !== '/api/v1/auth/logout').map((r) => ({ method: r.method, url: r.url }));
    const people = fc.constantFrom<Persona>(
      { name: 'system admin', cookie: ctx.admin.cookie, csrf: ctx.admin.csrfToken },
      { name: 'admin A', cookie: adminA.cookie, csrf: adminA.csrfToken },
      { name: 'coordinator A', cookie: coordinatorA.cookie, csrf: coordinatorA.csrfToken },
      { name: 'reporter A', cookie: reporterA.cookie, csrf: reporterA.csrfToken },
    );
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(requests(people, apiRoutes, merge(idsA, idsB)), async (request) => {
        expectNoServerError(request, await send(request));
      }),
      { numRuns: authorizedRuns, endOnFailure: true },
    );
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const plans = await client(ctx.app, { session: ctx.admin }).get(`/api/v1/plans?organizationId=${orgA}`);
    expect(plans.status).toBe(200);
    console.info(`fuzz (${testDatabaseKind}): ${authorizedRuns} authorized requests in ${Math.round((Date.now() - started) / 1000)} s`, Object.fromEntries(statuses));
    // The authorized requests reached the services: some changed something.
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
  }, 900_000);
});
