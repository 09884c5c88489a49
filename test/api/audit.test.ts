import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { listAuditEvents, type AuditEventRow } from '../../src/db/repositories/audit.js';
import { systemActor } from '../../src/domain/access.js';
import { issuePasswordReset } from '../../src/services/accounts.js';
import { municipalities } from '../../src/services/municipalities.js';
import { createTestUser, organizationByCode, startTestApp, testDatabaseKind, testPassword, type ApiResponse, type Client, type TestContext, type TestSession } from './harness.js';
import { api as checkedApi, expectError, expectValidation } from './helpers.js';
import ExcelJS from 'exceljs';
import { addDays } from '../../src/domain/consultation.js';
import { configureMailer } from '../../src/services/mailer.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/*
 * The audit trail, end to end: every mutating route writes exactly one event with the right actor,
 * organization, entity, action and before/after; refused requests write none; the table is
 * append-only; and the read side (histories, the organization's log, its CSV) shows it.
 */

let ctx: TestContext;
let sys: Client;
let org: { id: string; name: string; code: string };
let other: { id: string; code: string };
let units: string[];
let otherUnits: string[];
let publishedPlanId: string;
let orgAdmin: TestSession;
let coordinator: TestSession;
let reader: TestSession;
let owner: TestSession;
const names = new Map<string, string>();

async function user(displayName: string, memberships: NonNullable<Parameters<typeof createTestUser>[1]>['memberships'] = []): Promise<TestSession> {
  const session = await createTestUser(ctx, { displayName, memberships });
  names.set(session.userId, displayName);
  return session;
}

const as = (session: TestSession | null) => checkedApi(ctx, { session });

async function lastSeq(): Promise<number> {
  const [row] = await listAuditEvents(ctx.database.db, {}, 1);
  return row?.seq ?? 0;
}

async function eventsAfter(seq: number): Promise<AuditEventRow[]> {
  return (await listAuditEvents(ctx.database.db, {}, 200)).filter((e) => e.seq > seq).reverse();
}

/** Unused SCB municipality codes, for organizations the tests create. */
let freeCodes: string[];
const freeCode = () => freeCodes.shift()!;
let counter = 0;
const unique = (prefix: string) => `${prefix} ${++counter}`;

async function freshDraft(options: { ownerUnitId?: string; parentPlanId?: string } = {}) {
  const res = await sys.post('/api/v1/plans', {
    organizationId: org.id,
    title: unique('Utkast'),
    kind: 'action_plan',
    ...options,
    nodes: [
      { role: 'goal', number: '1', text: 'Mål 1', measures: [{ code: '1.1', text: 'Åtgärd 1.1', leadUnitIds: [units[0]] }, { code: '1.2', text: 'Åtgärd 1.2' }] },
      { role: 'goal', number: '2', text: 'Mål 2', measures: [{ code: '2.1', text: 'Åtgärd 2.1' }] },
    ],
  });
  expect(res.status).toBe(201);
  const tree = (await sys.get(`/api/v1/plans/${res.body.id}/tree`)).body;
  return { plan: res.body, nodes: tree.nodes as any[], measures: tree.nodes.flatMap((n: any) => n.measures) as any[] };
}

async function freshUnit() {
  const res = await sys.post(`/api/v1/organizations/${org.id}/units`, { name: unique('Enhet'), kind: 'administration' });
  expect(res.status).toBe(201);
  return res.body;
}

/** A multipart upload of one small text document. */
function upload(text: string) {
  const boundary = `----fridplan${Math.random().toString(16).slice(2)}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.txt"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A named system actor (a remiss recipient acting through their link): no user, only a name. */
interface SystemActor {
  userId: null;
  name: string;
}

interface ExpectedEvent {
  actor: TestSession | SystemActor;
  organizationId: string | null;
  entity: string;
  entityId: string;
  action: string;
  planId?: string | null;
  /** Fields of the snapshots (partial), or null when the event has none. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Field changes the read side must show (partial). */
  changes?: { field: string; before: unknown; after: unknown }[];
}

interface Request {
  session: TestSession | null;
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  payload?: string | Buffer;
  headers?: Record<string, string>;
}

interface Prepared extends Request {
  status: number;
  /** The event the request must write; or, for the exempt routes, why it writes none. */
  event: ((response: ApiResponse) => ExpectedEvent) | { none: string };
  /** A variant refused as invalid (400), which must write nothing. */
  invalid?: Partial<Request> & { status?: number };
  /** A variant with a stale version (409), which must write nothing. */
  stale?: Partial<Request>;
}

async function send(request: Request): Promise<ApiResponse> {
  if (request.payload !== undefined) {
    const auth: Record<string, string> = request.session ? { cookie: request.session.cookie, 'x-csrf-token': request.session.csrfToken } : {};
    const raw = await ctx.app.inject({ method: request.method, url: request.url, payload: request.payload, headers: { 'accept-language': 'sv', ...auth, ...request.headers } });
    expect(raw.statusCode, raw.body.slice(0, 300)).toBeLessThan(500);
    return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : undefined, raw };
  }
  return as(request.session).raw(request.method, request.url, request.body, request.headers);
}

const planEvent = (actor: TestSession, entity: string, entityId: string, planId: string, action: string, rest: Partial<ExpectedEvent> = {}): ExpectedEvent => ({
  actor,
  organizationId: org.id,
  entity,
  entityId,
  planId,
  action,
  ...rest,
});

// --- follow-up and remiss fixtures ----------------------------------------------------------------

let smtp: TestSmtpServer;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = new Date().toISOString().slice(0, 10);
const tokenIn = (text: string) => /\/remiss\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;
const link = (token: string, rest = '') => `/api/v1/consultation-links/${token}${rest}`;
const recipientActor = (name: string): SystemActor => ({ userId: null, name: `Remissinstans: ${name}` });
const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** A multipart body with one file in the field "file". */
function fileUpload(filename: string, bytes: Buffer, type: string) {
  const boundary = `----fridplan${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A planned round of the published plan (or opened, with its status reports). */
async function freshRound(open = false) {
  const created = await as(coordinator).post(`/api/v1/plans/${publishedPlanId}/rounds`, { name: unique('Uppföljning'), periodStart: '2025-01-01', periodEnd: '2025-12-31', deadline: '2026-02-15' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (!open) return created.body;
  const opened = await as(coordinator).post(`/api/v1/rounds/${created.body.id}/open`, { version: created.body.version });
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  return opened.body;
}

/** A status report of a fresh open round, optionally filled in and submitted. */
async function freshReport(submit = false) {
  const round = await freshRound(true);
  const reports = (await as(coordinator).get(`/api/v1/rounds/${round.id}/assignments`)).body;
  expect(reports.length).toBeGreaterThan(0);
  let report = reports[0];
  if (submit) {
    const saved = await as(coordinator).patch(`/api/v1/status-reports/${report.id}`, { version: report.version, status: 'ongoing', progressPercent: 40, narrative: 'Arbetet pågår.' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const submitted = await as(coordinator).post(`/api/v1/status-reports/${report.id}/submit`, { version: saved.body.version });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    report = submitted.body;
  }
  return { round, report };
}

/** The round's spreadsheet with the first report's status set to "Pågående". */
async function filledWorkbook(roundId: string) {
  const raw = await ctx.app.inject({ method: 'GET', url: `/api/v1/rounds/${roundId}/export.xlsx`, headers: { cookie: coordinator.cookie } });
  expect(raw.statusCode, raw.body.slice(0, 300)).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(raw.rawPayload as never);
  const sheet = workbook.getWorksheet('Rapporter')!;
  const col: Record<string, number> = {};
  sheet.getRow(1).eachCell((c, i) => (col[c.text] = i));
  const row = sheet.getRow(2);
  row.getCell(col['Status']!).value = 'Pågående';
  row.getCell(col['Framsteg (%)']!).value = 30;
  return { reportId: row.getCell(col['Rapport-id']!).text, bytes: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

/** A consultation of a fresh draft with two recipients; sent (links by e-mail) or closed when asked. */
async function freshConsultation(state: 'draft' | 'sent' | 'closed' = 'draft') {
  const { plan } = await freshDraft();
  const recipients = [
    { name: unique('Socialnämnden'), email: `remiss-${++counter}@example.invalid`, kind: 'internal' },
    { name: unique('Polisen'), email: `remiss-${++counter}@example.invalid`, kind: 'external' },
  ];
  const created = await as(coordinator).post(`/api/v1/plans/${plan.id}/consultations`, { title: unique('Remiss'), invitationText: 'Välkommen att lämna synpunkter.', deadline: addDays(today, 10), graceDays: 3, recipients });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  let consultation = created.body;
  const tokens: string[] = [];
  if (state !== 'draft') {
    const sent = await as(coordinator).post(`/api/v1/consultations/${consultation.id}/send`, { version: consultation.version });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    consultation = sent.body;
    for (const r of recipients) tokens.push(tokenIn(smtp.to(r.email)[0]!.text));
  }
  return { plan, consultation, recipients: consultation.recipients as any[], tokens };
}

/** A sent consultation whose first recipient has saved a draft answer (optionally submitted, and the consultation closed). */
async function answeredConsultation(options: { submit?: boolean; close?: boolean } = {}) {
  const fresh = await freshConsultation('sent');
  const token = fresh.tokens[0]!;
  const saved = await as(null).raw('PUT', link(token), { position: 'tillstyrker_med_synpunkter', statement: 'Vi tillstyrker med synpunkter.', comments: [{ anchor: { kind: 'plan' }, text: 'En synpunkt på planen.' }] });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  if (options.submit) expect((await as(null).post(link(token, '/submit'))).status).toBe(200);
  let consultation = fresh.consultation;
  if (options.close) {
    consultation = (await as(coordinator).get(`/api/v1/consultations/${consultation.id}`)).body;
    const closed = await as(coordinator).post(`/api/v1/consultations/${consultation.id}/close`, { version: consultation.version });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    consultation = closed.body;
  }
  return { ...fresh, consultation, token, responseId: saved.body.response.id as string, recipient: fresh.recipients[0] };
}

/**
 * One scenario per mutating route ("METHOD /url" as Fastify names it). Each prepares fresh data,
 * says which request succeeds and which event it must write, and gives refused variants.
 */
const scenarios: Record<string, () => Promise<Prepared>> = {
  // Signing in and out changes no record of the organization: a session is not a record, and failed
  // attempts are kept in login_failures for the lockout. So neither writes an audit event.
  'POST /api/v1/auth/login': async () => {
    const person = await user(unique('Inloggare'));
    return {
      session: null,
      method: 'POST',
      url: '/api/v1/auth/login',
      body: { email: person.email, password: testPassword },
      status: 200,
      event: { none: 'a sign-in changes no record' },
      invalid: { body: { email: person.email, password: 'fel-lösenord-123456' }, status: 401 },
    };
  },
  'POST /api/v1/auth/logout': async () => ({
    session: await user(unique('Utloggare')),
    method: 'POST',
    url: '/api/v1/auth/logout',
    status: 204,
    event: { none: 'a sign-out changes no record' },
  }),
  'POST /api/v1/auth/password': async () => {
    const person = await user(unique('Lösenordsbytare'));
    return {
      session: person,
      method: 'POST',
      url: '/api/v1/auth/password',
      body: { currentPassword: testPassword, newPassword: 'Ett-alldeles-nytt-lösenord-2026' },
      status: 204,
      event: () => ({ actor: person, organizationId: null, entity: 'user', entityId: person.userId, action: 'change_password', before: null, after: null }),
      invalid: { body: { currentPassword: 'inte-det-rätta-lösenordet', newPassword: 'Ett-alldeles-nytt-lösenord-2026' } },
    };
  },
  'POST /api/v1/auth/password-reset': async () => {
    const person = await user(unique('Återställare'));
    const { token } = await issuePasswordReset(ctx.database.db, systemActor('test'), person.userId);
    return {
      session: null,
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      body: { token, newPassword: 'Återställt-lösenord-för-test' },
      status: 204,
      // The person who holds the link acts: they are who sets the password.
      event: () => ({ actor: person, organizationId: null, entity: 'user', entityId: person.userId, action: 'reset_password', before: null, after: null }),
      invalid: { body: { token: `${token}x`, newPassword: 'Återställt-lösenord-för-test' } },
    };
  },
  'PATCH /api/v1/account': async () => {
    const person = await user(unique('Kontoägare'));
    const oldName = names.get(person.userId)!;
    return {
      session: person,
      method: 'PATCH',
      url: '/api/v1/account',
      body: { version: 1, displayName: 'Nytt Visningsnamn' },
      status: 200,
      event: () => ({
        actor: person,
        organizationId: null,
        entity: 'user',
        entityId: person.userId,
        action: 'update',
        before: { displayName: oldName },
        after: { displayName: 'Nytt Visningsnamn' },
        changes: [{ field: 'displayName', before: oldName, after: 'Nytt Visningsnamn' }],
      }),
      invalid: { body: { version: 1, displayName: '' } },
      stale: { body: { version: 7, displayName: 'Nytt Visningsnamn' } },
    };
  },
  'POST /api/v1/organizations': async () => {
    const code = freeCode();
    return {
      session: ctx.admin,
      method: 'POST',
      url: '/api/v1/organizations',
      body: { code, name: `${municipalities().get(code)!.name} kommun` },
      status: 201,
      event: (res) => ({ actor: ctx.admin, organizationId: res.body.id, entity: 'organization', entityId: res.body.id, action: 'create', before: null, after: { code, name: res.body.name } }),
      invalid: { body: { code: '9999', name: 'Ingen kommun' } },
    };
  },
  'PATCH /api/v1/organizations/:id': async () => {
    const current = (await sys.get(`/api/v1/organizations/${org.id}`)).body;
    const name = unique('Södertälje kommun');
    return {
      session: orgAdmin,
      method: 'PATCH',
      url: `/api/v1/organizations/${org.id}`,
      body: { version: current.version, name },
      status: 200,
      event: () => ({ actor: orgAdmin, organizationId: org.id, entity: 'organization', entityId: org.id, action: 'update', before: { name: current.name }, after: { name }, changes: [{ field: 'name', before: current.name, after: name }] }),
      invalid: { body: { version: current.version, name: '' } },
      stale: { body: { version: current.version + 5, name } },
    };
  },
  'POST /api/v1/organizations/:organizationId/units': async () => {
    const name = unique('Ny förvaltning');
    return {
      session: orgAdmin,
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/units`,
      body: { name, kind: 'administration', aliases: ['NF'] },
      status: 201,
      event: (res) => ({ actor: orgAdmin, organizationId: org.id, entity: 'unit', entityId: res.body.id, action: 'create', before: null, after: { name, kind: 'administration', aliases: ['NF'] } }),
      invalid: { body: { name, kind: 'kingdom' } },
    };
  },
  'POST /api/v1/organizations/:organizationId/taxonomies/:taxonomy/terms': async () => {
    const sv = unique('Äldre personer');
    return {
      session: orgAdmin,
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/taxonomies/target_group/terms`,
      body: { sv, en: `${sv} (en)` },
      status: 201,
      event: (res) => ({ actor: orgAdmin, organizationId: org.id, entity: 'term', entityId: res.body.id, action: 'create', before: null, after: { labelSv: sv } }),
      invalid: { body: { sv: '', en: 'x' } },
    };
  },
  'PATCH /api/v1/units/:id': async () => {
    const unit = await freshUnit();
    return {
      session: orgAdmin,
      method: 'PATCH',
      url: `/api/v1/units/${unit.id}`,
      body: { version: unit.version, shortName: 'KORT' },
      status: 200,
      event: () => ({ actor: orgAdmin, organizationId: org.id, entity: 'unit', entityId: unit.id, action: 'update', before: { shortName: null }, after: { shortName: 'KORT' }, changes: [{ field: 'shortName', before: null, after: 'KORT' }] }),
      invalid: { body: { version: unit.version, kind: 'kingdom' } },
      stale: { body: { version: unit.version + 1, shortName: 'KORT' } },
    };
  },
  'DELETE /api/v1/units/:id': async () => {
    const unit = await freshUnit();
    return {
      session: orgAdmin,
      method: 'DELETE',
      url: `/api/v1/units/${unit.id}?version=${unit.version}`,
      status: 204,
      event: () => ({ actor: orgAdmin, organizationId: org.id, entity: 'unit', entityId: unit.id, action: 'delete', before: { name: unit.name }, after: null }),
      invalid: { url: `/api/v1/units/${unit.id}?version=zero` },
      stale: { url: `/api/v1/units/${unit.id}?version=${unit.version + 1}` },
    };
  },
  'POST /api/v1/plans': async () => {
    const title = unique('Ny plan');
    return {
      session: coordinator,
      method: 'POST',
      url: '/api/v1/plans',
      body: { organizationId: org.id, title, kind: 'action_plan', nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd' }] }] },
      status: 201,
      event: (res) => planEvent(coordinator, 'plan', res.body.id, res.body.id, 'create', { before: null, after: { title, status: 'draft' } }),
      invalid: { body: { organizationId: org.id, title, kind: 'wish_list' } },
    };
  },
  'PATCH /api/v1/plans/:id': async () => {
    const { plan } = await freshDraft();
    return {
      session: coordinator,
      method: 'PATCH',
      url: `/api/v1/plans/${plan.id}`,
      body: { version: plan.version, title: 'Omdöpt plan', validTo: '2028-12-31' },
      status: 200,
      event: () =>
        planEvent(coordinator, 'plan', plan.id, plan.id, 'update', {
          before: { title: plan.title, validTo: null },
          after: { title: 'Omdöpt plan', validTo: '2028-12-31' },
          changes: [
            { field: 'title', before: plan.title, after: 'Omdöpt plan' },
            { field: 'validTo', before: null, after: '2028-12-31' },
          ],
        }),
      invalid: { body: { version: plan.version, validTo: 'sometime' } },
      stale: { body: { version: plan.version + 1, title: 'Omdöpt plan' } },
    };
  },
  'DELETE /api/v1/plans/:id': async () => {
    const { plan } = await freshDraft();
    return {
      session: coordinator,
      method: 'DELETE',
      url: `/api/v1/plans/${plan.id}?version=${plan.version}`,
      status: 204,
      event: () => planEvent(coordinator, 'plan', plan.id, plan.id, 'delete', { before: { title: plan.title, status: 'draft' }, after: null }),
      invalid: { url: `/api/v1/plans/${plan.id}` },
      stale: { url: `/api/v1/plans/${plan.id}?version=${plan.version + 1}` },
    };
  },
  'POST /api/v1/plans/:id/transitions': async () => {
    const { plan } = await freshDraft();
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/plans/${plan.id}/transitions`,
      body: { to: 'consultation', version: plan.version },
      status: 200,
      event: () => planEvent(coordinator, 'plan', plan.id, plan.id, 'transition', { before: { status: 'draft' }, after: { status: 'consultation' }, changes: [{ field: 'status', before: 'draft', after: 'consultation' }] }),
      invalid: { body: { to: 'forgotten', version: plan.version } },
      stale: { body: { to: 'consultation', version: plan.version + 1 } },
    };
  },
  'POST /api/v1/plans/:id/revisions': async () => ({
    session: coordinator,
    method: 'POST',
    url: `/api/v1/plans/${publishedPlanId}/revisions`,
    body: { title: 'Reviderad plan' },
    status: 201,
    event: (res) => planEvent(coordinator, 'plan', res.body.id, res.body.id, 'revise', { before: null, after: { title: 'Reviderad plan', status: 'draft', replacesPlanId: publishedPlanId } }),
    invalid: { body: { title: '' } },
  }),
  'POST /api/v1/plans/:id/versions': async () => {
    const { plan } = await freshDraft();
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/plans/${plan.id}/versions`,
      body: { label: 'Inför styrgruppen' },
      status: 201,
      event: (res) => planEvent(coordinator, 'version', res.body.id, plan.id, 'create', { before: null, after: { label: 'Inför styrgruppen', reason: 'snapshot', planId: plan.id } }),
      invalid: { body: { label: 7 } },
    };
  },
  'POST /api/v1/plans/:id/breakdowns': async () => {
    const { plan, nodes } = await freshDraft();
    return {
      session: owner,
      method: 'POST',
      url: `/api/v1/plans/${plan.id}/breakdowns`,
      body: { ownerUnitId: units[1], title: 'Förvaltningens plan', nodeIds: [nodes[0].id] },
      status: 201,
      event: (res) => planEvent(owner, 'plan', res.body.id, res.body.id, 'break_down', { before: null, after: { title: 'Förvaltningens plan', parentPlanId: plan.id, ownerUnitId: units[1], nodeIds: [nodes[0].id] } }),
      invalid: { body: { ownerUnitId: units[1], title: 'Förvaltningens plan', nodeIds: [] } },
    };
  },
  'POST /api/v1/plans/:id/nodes': async () => {
    const { plan } = await freshDraft();
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/plans/${plan.id}/nodes`,
      body: { role: 'goal', number: '3', text: 'Mål 3', measures: [{ text: 'Åtgärd 3.1' }] },
      status: 201,
      event: (res) => planEvent(coordinator, 'node', res.body.id, plan.id, 'create', { before: null, after: { number: '3', text: 'Mål 3' } }),
      invalid: { body: { role: 'wish', text: 'Mål 3' } },
    };
  },
  'PATCH /api/v1/nodes/:id': async () => {
    const { plan, nodes } = await freshDraft();
    const node = nodes[0];
    return {
      session: coordinator,
      method: 'PATCH',
      url: `/api/v1/nodes/${node.id}`,
      body: { version: node.version, text: 'Omformulerat mål' },
      status: 200,
      event: () => planEvent(coordinator, 'node', node.id, plan.id, 'update', { before: { text: 'Mål 1' }, after: { text: 'Omformulerat mål' }, changes: [{ field: 'text', before: 'Mål 1', after: 'Omformulerat mål' }] }),
      invalid: { body: { version: node.version, text: '' } },
      stale: { body: { version: node.version + 1, text: 'Omformulerat mål' } },
    };
  },
  'POST /api/v1/nodes/:id/move': async () => {
    const { plan, nodes } = await freshDraft();
    const node = nodes[0];
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/nodes/${node.id}/move`,
      body: { version: node.version, parentId: null, position: 1 },
      status: 200,
      event: () =>
        planEvent(coordinator, 'node', node.id, plan.id, 'move', {
          before: { parentId: null, position: 0 },
          after: { parentId: null, position: 1 },
          changes: [{ field: 'position', before: 0, after: 1 }],
        }),
      invalid: { body: { version: node.version, parentId: node.id, position: 0 } },
      stale: { body: { version: node.version + 1, parentId: null, position: 1 } },
    };
  },
  'DELETE /api/v1/nodes/:id': async () => {
    const { plan, nodes } = await freshDraft();
    const node = nodes[1];
    return {
      session: coordinator,
      method: 'DELETE',
      url: `/api/v1/nodes/${node.id}?version=${node.version}`,
      status: 204,
      event: () => planEvent(coordinator, 'node', node.id, plan.id, 'delete', { before: { text: 'Mål 2', number: '2' }, after: null }),
      invalid: { url: `/api/v1/nodes/${node.id}?version=-1` },
      stale: { url: `/api/v1/nodes/${node.id}?version=${node.version + 1}` },
    };
  },
  'POST /api/v1/nodes/:id/measures': async () => {
    const { plan, nodes } = await freshDraft();
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/nodes/${nodes[1].id}/measures`,
      body: { code: '2.2', text: 'Ny åtgärd', leadUnitIds: [units[0]] },
      status: 201,
      event: (res) => planEvent(coordinator, 'measure', res.body.id, plan.id, 'create', { before: null, after: { code: '2.2', text: 'Ny åtgärd', leadUnitIds: [units[0]] } }),
      invalid: { body: { text: 'Ny åtgärd', leadUnitIds: ['inte-ett-id'] } },
    };
  },
  'PATCH /api/v1/measures/:id': async () => {
    const { plan, measures } = await freshDraft();
    const measure = measures[0];
    return {
      session: coordinator,
      method: 'PATCH',
      url: `/api/v1/measures/${measure.id}`,
      body: { version: measure.version, text: 'Skärpt åtgärd', leadUnitIds: [units[1]] },
      status: 200,
      event: () =>
        planEvent(coordinator, 'measure', measure.id, plan.id, 'update', {
          before: { text: 'Åtgärd 1.1', leadUnitIds: [units[0]] },
          after: { text: 'Skärpt åtgärd', leadUnitIds: [units[1]] },
          changes: [
            { field: 'text', before: 'Åtgärd 1.1', after: 'Skärpt åtgärd' },
            { field: 'leadUnitIds', before: [units[0]], after: [units[1]] },
          ],
        }),
      invalid: { body: { version: measure.version, scope: 'everything' } },
      stale: { body: { version: measure.version + 1, text: 'Skärpt åtgärd' } },
    };
  },
  'POST /api/v1/measures/:id/move': async () => {
    const { plan, nodes, measures } = await freshDraft();
    const measure = measures[0];
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/measures/${measure.id}/move`,
      body: { version: measure.version, nodeId: nodes[1].id, position: 1 },
      status: 200,
      event: () =>
        planEvent(coordinator, 'measure', measure.id, plan.id, 'move', {
          before: { nodeId: nodes[0].id, position: 0 },
          after: { nodeId: nodes[1].id, position: 1 },
          changes: [
            { field: 'nodeId', before: nodes[0].id, after: nodes[1].id },
            { field: 'position', before: 0, after: 1 },
          ],
        }),
      invalid: { body: { version: measure.version, nodeId: 'nowhere', position: 0 } },
      stale: { body: { version: measure.version + 1, nodeId: nodes[1].id, position: 0 } },
    };
  },
  'DELETE /api/v1/measures/:id': async () => {
    const { plan, measures } = await freshDraft();
    const measure = measures[2];
    return {
      session: coordinator,
      method: 'DELETE',
      url: `/api/v1/measures/${measure.id}?version=${measure.version}`,
      status: 204,
      event: () => planEvent(coordinator, 'measure', measure.id, plan.id, 'delete', { before: { code: '2.1', text: 'Åtgärd 2.1' }, after: null }),
      invalid: { url: `/api/v1/measures/${measure.id}?version=1.5` },
      stale: { url: `/api/v1/measures/${measure.id}?version=${measure.version + 1}` },
    };
  },
  // A preview reads the uploaded document and answers with what it found; nothing is stored, so
  // there is no change to record (the draft made from it is: the next route).
  'POST /api/v1/organizations/:organizationId/imports': async () => ({
    session: coordinator,
    method: 'POST',
    url: `/api/v1/organizations/${org.id}/imports`,
    ...upload('Handlingsplan mot våld 2025\n\nFokusområde 1: Kommunen arbetar förebyggande\n'),
    status: 200,
    event: { none: 'a preview stores nothing' },
  }),
  'POST /api/v1/organizations/:organizationId/imports/drafts': async () => ({
    session: coordinator,
    method: 'POST',
    url: `/api/v1/organizations/${org.id}/imports/drafts`,
    body: { title: 'Importerad plan', kind: 'action_plan', newUnits: [{ key: 'ny', name: unique('Importerad enhet'), kind: 'administration' }], nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd', leadUnitIds: ['ny'] }] }] },
    status: 201,
    event: (res) => planEvent(coordinator, 'plan', res.body.plan.id, res.body.plan.id, 'import', { before: null, after: { title: 'Importerad plan', status: 'draft' } }),
    invalid: { body: { title: 'Importerad plan', kind: 'action_plan', nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd', leadUnitIds: ['okänd'] }] }] } },
  }),
  // Members and single sign-on (helper A's routes).
  'POST /api/v1/organizations/:organizationId/members': async () => {
    const email = `${unique('ny').replace(' ', '-')}@sodertalje.example.se`;
    return {
      session: orgAdmin,
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/members`,
      body: { email, displayName: 'Ny Medarbetare', role: 'reporter', unitIds: [units[0]] },
      status: 201,
      event: (res) => ({ actor: orgAdmin, organizationId: org.id, entity: 'membership', entityId: res.body.member.membershipId, action: 'create', before: null, after: { role: 'reporter', unitIds: [units[0]], accountCreated: true } }),
      invalid: { body: { email, displayName: 'Ny Medarbetare', role: 'reporter', unitIds: [] } },
    };
  },
  'PATCH /api/v1/organizations/:organizationId/members/:userId': async () => {
    const member = await user(unique('Medlem'), [{ organizationId: org.id, role: 'reader' }]);
    return {
      session: orgAdmin,
      method: 'PATCH',
      url: `/api/v1/organizations/${org.id}/members/${member.userId}`,
      body: { version: 1, role: 'coordinator' },
      status: 200,
      event: (res) => ({
        actor: orgAdmin,
        organizationId: org.id,
        entity: 'membership',
        entityId: res.body.membershipId,
        action: 'update',
        before: { role: 'reader' },
        after: { role: 'coordinator' },
        changes: [{ field: 'role', before: 'reader', after: 'coordinator' }],
      }),
      invalid: { body: { version: 1, role: 'emperor' } },
      stale: { body: { version: 2, role: 'coordinator' } },
    };
  },
  'DELETE /api/v1/organizations/:organizationId/members/:userId': async () => {
    const member = await user(unique('Avgående'), [{ organizationId: org.id, role: 'reader' }]);
    const membershipId = (await sys.get(`/api/v1/organizations/${org.id}/members`)).body.find((m: any) => m.userId === member.userId).membershipId;
    return {
      session: orgAdmin,
      method: 'DELETE',
      url: `/api/v1/organizations/${org.id}/members/${member.userId}?version=1`,
      status: 204,
      event: () => ({ actor: orgAdmin, organizationId: org.id, entity: 'membership', entityId: membershipId, action: 'delete', before: { role: 'reader' }, after: null }),
      invalid: { url: `/api/v1/organizations/${org.id}/members/${member.userId}?version=x` },
      stale: { url: `/api/v1/organizations/${org.id}/members/${member.userId}?version=3` },
    };
  },
  'POST /api/v1/organizations/:organizationId/members/:userId/reset-link': async () => {
    const member = await user(unique('Glömsk'), [{ organizationId: org.id, role: 'reader' }]);
    return {
      session: orgAdmin,
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/members/${member.userId}/reset-link`,
      status: 201,
      event: () => ({ actor: orgAdmin, organizationId: org.id, entity: 'user', entityId: member.userId, action: 'issue_reset_link', before: null, after: { email: member.email } }),
      invalid: { url: `/api/v1/organizations/${org.id}/members/00000000-0000-4000-8000-000000000000/reset-link`, status: 404 },
    };
  },
  'PUT /api/v1/organizations/:organizationId/sso': async () => {
    const current = await sys.get(`/api/v1/organizations/${org.id}/sso`);
    const body = { issuer: 'https://login.sodertalje.example.se', clientId: unique('fridplan'), clientSecret: 'hemligt-värde', allowedDomains: ['sodertalje.se'] };
    const version = current.status === 200 ? current.body.version : undefined;
    return {
      session: orgAdmin,
      method: 'PUT',
      url: `/api/v1/organizations/${org.id}/sso`,
      body: { ...body, version },
      status: 200,
      event: () => ({
        actor: orgAdmin,
        organizationId: org.id,
        entity: 'sso_provider',
        entityId: org.id,
        action: version ? 'update' : 'create',
        after: { issuer: body.issuer, clientId: body.clientId, clientSecretChanged: true },
      }),
      invalid: { body: { ...body, version, allowedDomains: ['not a domain'] } },
    };
  },
  // Follow-up: rounds, status reports, status labels and the annual wheel.
  'POST /api/v1/plans/:id/rounds': async () => {
    const name = unique('Årsuppföljning');
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/plans/${publishedPlanId}/rounds`,
      body: { name, periodStart: '2025-01-01', periodEnd: '2025-12-31', deadline: '2026-02-15' },
      status: 201,
      event: (res) => planEvent(coordinator, 'round', res.body.id, publishedPlanId, 'create', { before: null, after: { name, state: 'planned' } }),
      invalid: { body: { name, periodStart: '2025-12-31', periodEnd: '2025-01-01', deadline: '2026-02-15' } },
    };
  },
  'PATCH /api/v1/rounds/:id': async () => {
    const round = await freshRound();
    return {
      session: coordinator,
      method: 'PATCH',
      url: `/api/v1/rounds/${round.id}`,
      body: { version: round.version, name: 'Omdöpt uppföljning' },
      status: 200,
      event: () => planEvent(coordinator, 'round', round.id, publishedPlanId, 'update', { before: { name: round.name }, after: { name: 'Omdöpt uppföljning' }, changes: [{ field: 'name', before: round.name, after: 'Omdöpt uppföljning' }] }),
      invalid: { body: { version: round.version, deadline: 'snart' } },
      stale: { body: { version: round.version + 1, name: 'Omdöpt uppföljning' } },
    };
  },
  'DELETE /api/v1/rounds/:id': async () => {
    const round = await freshRound();
    return {
      session: coordinator,
      method: 'DELETE',
      url: `/api/v1/rounds/${round.id}?version=${round.version}`,
      status: 204,
      event: () => planEvent(coordinator, 'round', round.id, publishedPlanId, 'delete', { before: { name: round.name, state: 'planned' }, after: null }),
      invalid: { url: `/api/v1/rounds/${round.id}?version=zero` },
      stale: { url: `/api/v1/rounds/${round.id}?version=${round.version + 1}` },
    };
  },
  'POST /api/v1/rounds/:id/open': async () => {
    const round = await freshRound();
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/open`,
      body: { version: round.version },
      status: 200,
      event: () => planEvent(coordinator, 'round', round.id, publishedPlanId, 'open', { before: { state: 'planned' }, after: { state: 'open' }, changes: [{ field: 'state', before: 'planned', after: 'open' }] }),
      invalid: { body: { version: 'ett' } },
      stale: { body: { version: round.version + 1 } },
    };
  },
  'POST /api/v1/rounds/:id/close': async () => {
    const round = await freshRound(true);
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/close`,
      body: { version: round.version },
      status: 200,
      event: () => planEvent(coordinator, 'round', round.id, publishedPlanId, 'close', { before: { state: 'open' }, after: { state: 'closed' }, changes: [{ field: 'state', before: 'open', after: 'closed' }] }),
      invalid: { body: { version: 'ett' } },
      stale: { body: { version: round.version + 1 } },
    };
  },
  // The preview reads the spreadsheet and answers with what an import would change; nothing is
  // stored (analyzeImport only reads), so there is no change to record. The commit is the next route.
  'POST /api/v1/rounds/:id/import': async () => {
    const round = await freshRound(true);
    const { bytes } = await filledWorkbook(round.id);
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/import`,
      ...fileUpload('uppfoljning.xlsx', bytes, xlsxType),
      status: 200,
      event: { none: 'a preview stores nothing' },
    };
  },
  'POST /api/v1/rounds/:id/import/commit': async () => {
    const round = await freshRound(true);
    const { bytes, reportId } = await filledWorkbook(round.id);
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/rounds/${round.id}/import/commit`,
      ...fileUpload('uppfoljning.xlsx', bytes, xlsxType),
      status: 200,
      event: () => planEvent(coordinator, 'round', round.id, publishedPlanId, 'import', { before: null, after: { reports: [{ id: reportId, changes: ['status', 'progressPercent'] }], skippedRows: 0 } }),
      invalid: { ...fileUpload('uppfoljning.xlsx', Buffer.from('inte ett kalkylblad'), xlsxType), status: 415 },
    };
  },
  'PATCH /api/v1/status-reports/:id': async () => {
    const { round, report } = await freshReport();
    return {
      session: coordinator,
      method: 'PATCH',
      url: `/api/v1/status-reports/${report.id}`,
      body: { version: report.version, status: 'ongoing', progressPercent: 50 },
      status: 200,
      event: () =>
        planEvent(coordinator, 'status_report', report.id, round.planId, 'update', {
          before: { status: null, progressPercent: null },
          after: { status: 'ongoing', progressPercent: 50 },
          changes: [
            { field: 'status', before: null, after: 'ongoing' },
            { field: 'progressPercent', before: null, after: 50 },
          ],
        }),
      invalid: { body: { version: report.version, progressPercent: 150 } },
      stale: { body: { version: report.version + 1, status: 'ongoing' } },
    };
  },
  'POST /api/v1/status-reports/:id/submit': async () => {
    const { round, report } = await freshReport();
    const saved = (await as(coordinator).patch(`/api/v1/status-reports/${report.id}`, { version: report.version, status: 'done', progressPercent: 100, narrative: 'Klart.' })).body;
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/status-reports/${report.id}/submit`,
      body: { version: saved.version },
      status: 200,
      event: () => planEvent(coordinator, 'status_report', report.id, round.planId, 'submit', { before: { state: 'draft' }, after: { state: 'submitted' }, changes: [{ field: 'state', before: 'draft', after: 'submitted' }] }),
      invalid: { body: { version: saved.version, comment: 'okänt fält' } },
      stale: { body: { version: saved.version + 1 } },
    };
  },
  'POST /api/v1/status-reports/:id/approve': async () => {
    const { round, report } = await freshReport(true);
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/status-reports/${report.id}/approve`,
      body: { version: report.version },
      status: 200,
      event: () => planEvent(coordinator, 'status_report', report.id, round.planId, 'approve', { before: { state: 'submitted' }, after: { state: 'approved' }, changes: [{ field: 'state', before: 'submitted', after: 'approved' }] }),
      invalid: { body: { version: -1 } },
      stale: { body: { version: report.version + 1 } },
    };
  },
  'POST /api/v1/status-reports/:id/return': async () => {
    const { round, report } = await freshReport(true);
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/status-reports/${report.id}/return`,
      body: { version: report.version, comment: 'Beskriv hur många som deltog.' },
      status: 200,
      event: () => planEvent(coordinator, 'status_report', report.id, round.planId, 'return', { before: { state: 'submitted' }, after: { state: 'returned', returnComment: 'Beskriv hur många som deltog.' } }),
      invalid: { body: { version: report.version, comment: '' } },
      stale: { body: { version: report.version + 1, comment: 'Beskriv hur många som deltog.' } },
    };
  },
  'PUT /api/v1/organizations/:organizationId/status-labels': async () => {
    const current = (await sys.get(`/api/v1/organizations/${org.id}/status-labels`)).body;
    const labels = [{ code: 'done', sv: unique('Klart'), en: 'Finished', weight: 1 }];
    return {
      session: orgAdmin,
      method: 'PUT',
      url: `/api/v1/organizations/${org.id}/status-labels`,
      body: { version: current.version, labels },
      status: 200,
      // The snapshot holds every label in effect; the renamed one among them.
      event: () => ({ actor: orgAdmin, organizationId: org.id, entity: 'status_labels', entityId: org.id, action: 'update', after: { labels: expect.arrayContaining([expect.objectContaining(labels[0])]) } }),
      invalid: { body: { version: current.version, labels: [{ code: 'almost', sv: 'Nästan', en: 'Almost', weight: 1 }] } },
      stale: { body: { version: current.version + 3, labels } },
    };
  },
  'POST /api/v1/organizations/:organizationId/calendar': async () => {
    const title = unique('Styrgruppsmöte');
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/organizations/${org.id}/calendar`,
      body: { title, kind: 'meeting', startDate: '2026-03-10' },
      status: 201,
      event: (res) => ({ actor: coordinator, organizationId: org.id, entity: 'calendar_event', entityId: res.body.id, action: 'create', before: null, after: { title, kind: 'meeting', startDate: '2026-03-10' } }),
      invalid: { body: { title, kind: 'party', startDate: '2026-03-10' } },
    };
  },
  // One event for the batch of campaigns added.
  'POST /api/v1/organizations/:organizationId/calendar/campaigns': async () => ({
    session: coordinator,
    method: 'POST',
    url: `/api/v1/organizations/${org.id}/calendar/campaigns`,
    body: { year: 2031 },
    status: 201,
    event: () => ({ actor: coordinator, organizationId: org.id, entity: 'calendar_event', entityId: org.id, action: 'add_campaigns', before: null }),
    invalid: { body: { year: 1999 } },
  }),
  'PATCH /api/v1/organizations/:organizationId/calendar/:eventId': async () => {
    const created = (await as(coordinator).post(`/api/v1/organizations/${org.id}/calendar`, { title: unique('Möte'), kind: 'meeting', startDate: '2026-04-01' })).body;
    return {
      session: coordinator,
      method: 'PATCH',
      url: `/api/v1/organizations/${org.id}/calendar/${created.id}`,
      body: { version: created.version, title: 'Flyttat möte', isPublic: true },
      status: 200,
      event: () => ({ actor: coordinator, organizationId: org.id, entity: 'calendar_event', entityId: created.id, action: 'update', before: { title: created.title }, after: { title: 'Flyttat möte', isPublic: true }, changes: [{ field: 'title', before: created.title, after: 'Flyttat möte' }] }),
      invalid: { body: { version: created.version, kind: 'party' } },
      stale: { body: { version: created.version + 1, title: 'Flyttat möte' } },
    };
  },
  'DELETE /api/v1/organizations/:organizationId/calendar/:eventId': async () => {
    const created = (await as(coordinator).post(`/api/v1/organizations/${org.id}/calendar`, { title: unique('Möte'), kind: 'meeting', startDate: '2026-04-01' })).body;
    return {
      session: coordinator,
      method: 'DELETE',
      url: `/api/v1/organizations/${org.id}/calendar/${created.id}?version=${created.version}`,
      status: 204,
      event: () => ({ actor: coordinator, organizationId: org.id, entity: 'calendar_event', entityId: created.id, action: 'delete', before: { title: created.title }, after: null }),
      invalid: { url: `/api/v1/organizations/${org.id}/calendar/${created.id}?version=zero` },
      stale: { url: `/api/v1/organizations/${org.id}/calendar/${created.id}?version=${created.version + 1}` },
    };
  },
  // Remiss: consultations, their recipients, dispositions and the next version.
  'POST /api/v1/plans/:id/consultations': async () => {
    const { plan } = await freshDraft();
    const title = unique('Remiss');
    const body = { title, invitationText: 'Välkommen att lämna synpunkter.', deadline: addDays(today, 10), recipients: [{ name: 'Polisen', email: 'polisen@example.invalid', kind: 'external' }] };
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/plans/${plan.id}/consultations`,
      body,
      status: 201,
      event: (res) => planEvent(coordinator, 'consultation', res.body.id, plan.id, 'create', { before: null, after: { title, state: 'draft', recipients: ['Polisen'] } }),
      invalid: { body: { ...body, deadline: 'snart' } },
    };
  },
  'PATCH /api/v1/consultations/:id': async () => {
    const { plan, consultation } = await freshConsultation();
    return {
      session: coordinator,
      method: 'PATCH',
      url: `/api/v1/consultations/${consultation.id}`,
      body: { version: consultation.version, title: 'Ny rubrik' },
      status: 200,
      event: () => planEvent(coordinator, 'consultation', consultation.id, plan.id, 'update', { before: { title: consultation.title }, after: { title: 'Ny rubrik' }, changes: [{ field: 'title', before: consultation.title, after: 'Ny rubrik' }] }),
      invalid: { body: { version: consultation.version, deadline: 'snart' } },
      stale: { body: { version: consultation.version + 1, title: 'Ny rubrik' } },
    };
  },
  'DELETE /api/v1/consultations/:id': async () => {
    const { plan, consultation } = await freshConsultation();
    return {
      session: coordinator,
      method: 'DELETE',
      url: `/api/v1/consultations/${consultation.id}?version=${consultation.version}`,
      status: 204,
      event: () => planEvent(coordinator, 'consultation', consultation.id, plan.id, 'delete', { before: { title: consultation.title, state: 'draft' }, after: null }),
      invalid: { url: `/api/v1/consultations/${consultation.id}?version=zero` },
      stale: { url: `/api/v1/consultations/${consultation.id}?version=${consultation.version + 1}` },
    };
  },
  'POST /api/v1/consultations/:id/recipients': async () => {
    const { plan, consultation } = await freshConsultation();
    const added = { name: unique('Kvinnojouren'), email: `jouren-${counter}@example.invalid`, kind: 'external' };
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/consultations/${consultation.id}/recipients`,
      body: { recipients: [added] },
      status: 200,
      event: () => planEvent(coordinator, 'consultation', consultation.id, plan.id, 'add_recipients', { before: null, after: [{ name: added.name, email: added.email }] as never }),
      invalid: { body: { recipients: [{ ...added, email: 'ingen-adress' }] } },
    };
  },
  'PATCH /api/v1/consultations/:id/recipients/:recipientId': async () => {
    const { plan, consultation, recipients } = await freshConsultation();
    const recipient = recipients[0];
    return {
      session: coordinator,
      method: 'PATCH',
      url: `/api/v1/consultations/${consultation.id}/recipients/${recipient.id}`,
      body: { version: recipient.version, name: 'Socialnämnden i Södertälje' },
      status: 200,
      event: () => planEvent(coordinator, 'consultation_recipient', recipient.id, plan.id, 'update', { before: { name: recipient.name }, after: { name: 'Socialnämnden i Södertälje' }, changes: [{ field: 'name', before: recipient.name, after: 'Socialnämnden i Södertälje' }] }),
      invalid: { body: { version: recipient.version, email: 'ingen-adress' } },
      stale: { body: { version: recipient.version + 1, name: 'Socialnämnden i Södertälje' } },
    };
  },
  'DELETE /api/v1/consultations/:id/recipients/:recipientId': async () => {
    const { plan, consultation, recipients } = await freshConsultation();
    const recipient = recipients[1];
    return {
      session: coordinator,
      method: 'DELETE',
      url: `/api/v1/consultations/${consultation.id}/recipients/${recipient.id}`,
      status: 200,
      event: () => planEvent(coordinator, 'consultation_recipient', recipient.id, plan.id, 'delete', { before: { name: recipient.name }, after: null }),
      invalid: { url: `/api/v1/consultations/${consultation.id}/recipients/00000000-0000-4000-8000-000000000000`, status: 404 },
    };
  },
  'POST /api/v1/consultations/:id/recipients/:recipientId/revoke': async () => {
    const { plan, consultation, recipients } = await freshConsultation('sent');
    const recipient = recipients[0];
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/consultations/${consultation.id}/recipients/${recipient.id}/revoke`,
      status: 200,
      event: () => planEvent(coordinator, 'consultation_recipient', recipient.id, plan.id, 'revoke', { before: { revokedAt: null }, after: { name: recipient.name } }),
      invalid: { url: `/api/v1/consultations/${consultation.id}/recipients/00000000-0000-4000-8000-000000000000/revoke`, status: 404 },
    };
  },
  'POST /api/v1/consultations/:id/recipients/:recipientId/resend': async () => {
    const { plan, consultation, recipients } = await freshConsultation('sent');
    const recipient = recipients[0];
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/consultations/${consultation.id}/recipients/${recipient.id}/resend`,
      status: 200,
      event: () => planEvent(coordinator, 'consultation_recipient', recipient.id, plan.id, 'resend_link', { before: { name: recipient.name } }),
      invalid: { url: `/api/v1/consultations/${consultation.id}/recipients/00000000-0000-4000-8000-000000000000/resend`, status: 404 },
    };
  },
  'POST /api/v1/consultations/:id/send': async () => {
    const { plan, consultation } = await freshConsultation();
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/consultations/${consultation.id}/send`,
      body: { version: consultation.version },
      status: 200,
      event: () => planEvent(coordinator, 'consultation', consultation.id, plan.id, 'send', { before: { state: 'draft' }, after: { state: 'sent' }, changes: [{ field: 'state', before: 'draft', after: 'sent' }] }),
      invalid: { body: { version: 'ett' } },
      stale: { body: { version: consultation.version + 1 } },
    };
  },
  'POST /api/v1/consultations/:id/close': async () => {
    const { plan, consultation } = await freshConsultation('sent');
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/consultations/${consultation.id}/close`,
      body: { version: consultation.version },
      status: 200,
      event: () => planEvent(coordinator, 'consultation', consultation.id, plan.id, 'close', { before: { state: 'sent' }, after: { state: 'closed' }, changes: [{ field: 'state', before: 'sent', after: 'closed' }] }),
      invalid: { body: { version: 'ett' } },
      stale: { body: { version: consultation.version + 1 } },
    };
  },
  'POST /api/v1/consultations/:id/publish': async () => {
    const { plan, consultation } = await answeredConsultation({ submit: true, close: true });
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/consultations/${consultation.id}/publish`,
      body: { version: consultation.version, published: true },
      status: 200,
      event: () => planEvent(coordinator, 'consultation', consultation.id, plan.id, 'publish', { before: { published: false }, after: { published: true }, changes: [{ field: 'published', before: false, after: true }] }),
      invalid: { body: { version: consultation.version, published: 'ja' } },
      stale: { body: { version: consultation.version + 1, published: true } },
    };
  },
  'PUT /api/v1/consultations/:id/comments/:commentId/disposition': async () => {
    const { plan, consultation } = await answeredConsultation({ submit: true });
    const comment = (await as(coordinator).get(`/api/v1/consultations/${consultation.id}/responses`)).body[0].comments[0];
    return {
      session: coordinator,
      method: 'PUT',
      url: `/api/v1/consultations/${consultation.id}/comments/${comment.id}/disposition`,
      body: { disposition: 'accepted', reason: 'Vi för in synpunkten i planen.' },
      status: 200,
      // The API does not expose a disposition's own id: any id, checked to be the one event's.
      event: () => planEvent(coordinator, 'consultation_disposition', expect.any(String) as never, plan.id, 'create', { before: null, after: { disposition: 'accepted', reason: 'Vi för in synpunkten i planen.' } }),
      invalid: { body: { disposition: 'kanske', reason: 'x' } },
    };
  },
  'POST /api/v1/consultations/:id/next-version': async () => {
    const { plan, consultation } = await answeredConsultation({ submit: true, close: true });
    return {
      session: coordinator,
      method: 'POST',
      url: `/api/v1/consultations/${consultation.id}/next-version`,
      body: { title: 'Reviderad efter remiss' },
      status: 201,
      event: (res) => ({ ...planEvent(coordinator, 'consultation', consultation.id, res.body.plan.id, 'next_version'), after: { nextPlanId: res.body.plan.id }, changes: [{ field: 'nextPlanId', before: null, after: res.body.plan.id }] }),
      invalid: { body: { title: '', planId: plan.id } },
    };
  },
  // The public link routes: the recipient acts, named in the trail, without a user account.
  'PUT /api/v1/consultation-links/:token': async () => {
    const { plan, tokens, recipients } = await freshConsultation('sent');
    // Not opened first: saving through a fresh link marks it opened in the same change, one event.
    return {
      session: null,
      method: 'PUT',
      url: link(tokens[0]!),
      body: { position: 'tillstyrker', statement: 'Vi tillstyrker planen.' },
      status: 200,
      event: (res) => ({ ...planEvent(coordinator, 'consultation_response', res.body.response.id, plan.id, 'save_draft', { before: null, after: { position: 'tillstyrker', statement: 'Vi tillstyrker planen.' } }), actor: recipientActor(recipients[0].name) }),
      invalid: { body: { position: 'kanske' } },
    };
  },
  'POST /api/v1/consultation-links/:token/submit': async () => {
    const { plan, token, responseId, recipient } = await answeredConsultation();
    return {
      session: null,
      method: 'POST',
      url: link(token, '/submit'),
      status: 200,
      event: () => ({ ...planEvent(coordinator, 'consultation_response', responseId, plan.id, 'submit', { before: { state: 'draft' }, after: { state: 'submitted' } }), actor: recipientActor(recipient.name) }),
      invalid: { url: link('A'.repeat(43), '/submit'), status: 404 },
    };
  },
  'POST /api/v1/consultation-links/:token/decline': async () => {
    const { plan, tokens, recipients } = await freshConsultation('sent');
    const recipient = recipients[1];
    return {
      session: null,
      method: 'POST',
      url: link(tokens[1]!, '/decline'),
      body: { reason: 'Vi avstår.' },
      status: 200,
      event: () => ({ ...planEvent(coordinator, 'consultation_recipient', recipient.id, plan.id, 'decline', { before: { declinedAt: null }, after: { name: recipient.name } }), actor: recipientActor(recipient.name) }),
      invalid: { body: { reason: 'x'.repeat(2001) } },
    };
  },
  'POST /api/v1/consultation-links/:token/attachments': async () => {
    const { plan, token, responseId, recipient } = await answeredConsultation();
    return {
      session: null,
      method: 'POST',
      url: link(token, '/attachments'),
      ...fileUpload('yttrande.pdf', pdfBytes, 'application/pdf'),
      status: 201,
      event: () => ({ ...planEvent(coordinator, 'consultation_response', responseId, plan.id, 'add_attachment', { before: null, after: { filename: 'yttrande.pdf' } }), actor: recipientActor(recipient.name) }),
      invalid: { url: link('A'.repeat(43), '/attachments'), status: 404 },
    };
  },
  'DELETE /api/v1/consultation-links/:token/attachments/:attachmentId': async () => {
    const { plan, token, responseId, recipient } = await answeredConsultation();
    const file = fileUpload('yttrande.pdf', pdfBytes, 'application/pdf');
    const added = await ctx.app.inject({ method: 'POST', url: link(token, '/attachments'), payload: file.payload, headers: file.headers });
    expect(added.statusCode, added.body).toBe(201);
    const attachment = JSON.parse(added.body);
    return {
      session: null,
      method: 'DELETE',
      url: link(token, `/attachments/${attachment.id}`),
      status: 204,
      event: () => ({ ...planEvent(coordinator, 'consultation_response', responseId, plan.id, 'remove_attachment', { before: { filename: 'yttrande.pdf' }, after: null }), actor: recipientActor(recipient.name) }),
      invalid: { url: link(token, '/attachments/00000000-0000-4000-8000-000000000000'), status: 404 },
    };
  },
};

function expectEvent(event: AuditEventRow, expected: ExpectedEvent): void {
  expect(event.actorUserId).toBe(expected.actor.userId);
  expect(event.actorName).toBe('name' in expected.actor ? expected.actor.name : (names.get(expected.actor.userId) ?? 'Test Systemadmin'));
  expect(event.organizationId).toBe(expected.organizationId);
  expect(event.entity).toBe(expected.entity);
  expect(event.entityId).toEqual(expected.entityId);
  expect(event.action).toBe(expected.action);
  if (expected.planId !== undefined) expect(event.planId).toBe(expected.planId);
  for (const side of ['before', 'after'] as const) {
    const want = expected[side];
    if (want === undefined) continue;
    if (want === null) expect(event[side]).toBeNull();
    else expect(event[side]).toMatchObject(want);
  }
  // Secrets and derived columns never enter the trail.
  const text = JSON.stringify([event.before, event.after]);
  for (const key of ['passwordHash', 'clientSecret"', 'searchText', 'hemligt-värde', testPassword]) expect(text).not.toContain(key);
}

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  // The remiss links reach their recipients only by e-mail: the scenarios read them from here.
  smtp = await startTestSmtpServer();
  configureMailer(smtp.mailConfig, () => {});
  sys = checkedApi(ctx);
  names.set(ctx.admin.userId, 'Test Systemadmin');
  const sodertalje = await organizationByCode(sys, '0181');
  org = { ...sodertalje, code: '0181' };
  other = { ...(await organizationByCode(sys, '0880')), code: '0880' };
  units = (await sys.get(`/api/v1/organizations/${org.id}/units`)).body.map((u: any) => u.id);
  otherUnits = (await sys.get(`/api/v1/organizations/${other.id}/units`)).body.map((u: any) => u.id);
  publishedPlanId = (await sys.get(`/api/v1/plans?organizationId=${org.id}&status=in_force`)).body.items[0].id;
  const used = new Set((await sys.get('/api/v1/organizations')).body.map((o: any) => o.code));
  freeCodes = [...municipalities().keys()].filter((c) => !used.has(c)).slice(0, 20);
  orgAdmin = await user('Anna Admin', [{ organizationId: org.id, role: 'admin' }]);
  coordinator = await user('Cecilia Samordnare', [{ organizationId: org.id, role: 'coordinator' }]);
  reader = await user('Rasmus Läsare', [{ organizationId: org.id, role: 'reader' }]);
  owner = await user('Olle Rapportör', [{ organizationId: org.id, role: 'reporter', unitIds: [units[1]!] }]);
});
afterAll(async () => {
  configureMailer(null);
  await smtp?.close();
  await ctx?.close();
});

describe(`every change is audited, on ${testDatabaseKind}`, () => {
  it('has a scenario for every mutating route, and none for a route that does not exist', () => {
    const mutating = ctx.app.routePolicies.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
    expect(mutating.length).toBeGreaterThan(25);
    expect(mutating.filter((route) => !(route in scenarios)), 'mutating routes without an audit scenario').toEqual([]);
    expect(Object.keys(scenarios).filter((route) => !mutating.includes(route)), 'scenarios for routes that do not exist').toEqual([]);
  });

  for (const route of Object.keys(scenarios)) {
    it(`${route}: one event with actor, organization, entity, action and before/after; refusals write none`, async () => {
      const prepared = await scenarios[route]!();
      const policyName = ctx.app.routePolicies.find((r) => `${r.method} ${r.url}` === route)?.policy.name;
      const mark = await lastSeq();

      // Refused: without a session, as a reader of the organization, invalid, stale. None writes.
      // A remiss link's token is its only credential: it is used without a session by design.
      const publicPolicy = policyName === 'public' || policyName === 'consultation link (token)';
      if (!publicPolicy) {
        const anonymous = await send({ ...prepared, session: null });
        expect(anonymous.status, JSON.stringify(anonymous.body)).toBe(401);
      }
      if (!publicPolicy && policyName !== 'signed in') {
        const refused = await send({ ...prepared, session: reader });
        expect([403, 404], JSON.stringify(refused.body)).toContain(refused.status);
      }
      if (prepared.invalid) {
        const { status = 400, ...variant } = prepared.invalid;
        const refused = await send({ ...prepared, ...variant });
        expect(refused.status, JSON.stringify(refused.body)).toBe(status);
      }
      if (prepared.stale) {
        const refused = await send({ ...prepared, ...prepared.stale });
        expectError(refused, 409, 'version_conflict');
      }
      expect(await eventsAfter(mark), 'refused requests wrote audit events').toEqual([]);

      const response = await send(prepared);
      expect(response.status, JSON.stringify(response.body)).toBe(prepared.status);
      const events = await eventsAfter(mark);
      if ('none' in prepared.event) {
        expect(events).toEqual([]);
        return;
      }
      expect(events).toHaveLength(1);
      const expected = prepared.event(response);
      expectEvent(events[0]!, expected);

      // The read side shows the same event with its field changes spelled out.
      if (expected.organizationId) {
        const log = await sys.get(`/api/v1/organizations/${expected.organizationId}/audit?limit=1`);
        expect(log.status).toBe(200);
        expect(log.body.items[0]).toMatchObject({ id: events[0]!.id, entity: expected.entity, entityId: expected.entityId, action: expected.action, actor: { userId: expected.actor.userId } });
        if (expected.changes) expect(log.body.items[0].changes).toEqual(expect.arrayContaining(expected.changes));
      }
    });
  }

  it('a request that fails after the change began writes neither the change nor an event', async () => {
    // A measure naming a unit of another organization passes the schema and is refused by the
    // service inside its transaction.
    const { plan, nodes } = await freshDraft();
    const mark = await lastSeq();
    const res = await as(coordinator).post(`/api/v1/nodes/${nodes[0].id}/measures`, { text: 'Fel enhet', leadUnitIds: [otherUnits[0]] });
    expectValidation(res, [{ path: 'body.leadUnitIds.0', code: 'unknown_reference' }]);
    expect(await eventsAfter(mark)).toEqual([]);
    expect((await sys.get(`/api/v1/plans/${plan.id}/tree`)).body.nodes[0].measures).toHaveLength(2);
  });
});

describe(`the audit table is append-only, on ${testDatabaseKind}`, () => {
  it('refuses UPDATE and DELETE on audit_events, and keeps the rows', async () => {
    const db = ctx.database.db;
    const before = await listAuditEvents(db, {}, 1);
    expect(before).toHaveLength(1);
    const id = before[0]!.id;
    // The driver wraps the database's refusal; its message is the trigger's.
    const refusal = async (statement: Promise<unknown>) => {
      const error = await statement.then(() => null, (e: unknown) => e as Error & { cause?: Error });
      expect(error, 'the statement succeeded').not.toBeNull();
      expect(`${error!.message} ${error!.cause?.message ?? ''}`).toMatch(/audit_events is append-only: (UPDATE|DELETE) is not allowed/);
    };
    await refusal(db.execute(sql`update audit_events set actor_name = 'someone else' where id = ${id}`));
    await refusal(db.execute(sql`delete from audit_events where id = ${id}`));
    await refusal(db.execute(sql`delete from audit_events`));
    const [after] = await listAuditEvents(db, { entityId: before[0]!.entityId }, 1);
    expect(after).toEqual(before[0]);
  });
});

describe(`reading the trail, on ${testDatabaseKind}`, () => {
  let plan: any;
  let measureId: string;
  let nodeIds: string[];
  let otherPlanEvent: string;

  beforeAll(async () => {
    const draft = await freshDraft();
    plan = draft.plan;
    measureId = draft.measures[0].id;
    nodeIds = draft.nodes.map((n) => n.id);
    // Seven changes to the plan and its content, by two people.
    await as(coordinator).patch(`/api/v1/plans/${plan.id}`, { version: 1, title: 'Historikplan' });
    await as(coordinator).patch(`/api/v1/measures/${measureId}`, { version: draft.measures[0].version, text: 'Första ändringen' });
    await as(coordinator).patch(`/api/v1/measures/${measureId}`, { version: draft.measures[0].version + 1, text: 'Andra ändringen' });
    await as(owner).get(`/api/v1/plans/${plan.id}`); // a read: no event
    await as(coordinator).patch(`/api/v1/nodes/${draft.nodes[1].id}`, { version: draft.nodes[1].version, text: 'Mål två' });
    await as(orgAdmin).post(`/api/v1/plans/${plan.id}/versions`, { label: 'Ögonblicksbild' });
    await as(coordinator).post(`/api/v1/measures/${measureId}/move`, { version: draft.measures[0].version + 2, nodeId: draft.nodes[1].id, position: 0 });
    // Another plan's change must not appear in this plan's history.
    const another = await freshDraft();
    otherPlanEvent = another.plan.id;
  });

  it("a plan's history holds its own events and those of its nodes, measures and versions, newest first, in pages", async () => {
    const all = await as(reader).get(`/api/v1/plans/${plan.id}/history`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(7);
    expect(all.body.nextBefore).toBeNull();
    expect(all.body.items.map((e: any) => [e.entity, e.action])).toEqual([
      ['measure', 'move'],
      ['version', 'create'],
      ['node', 'update'],
      ['measure', 'update'],
      ['measure', 'update'],
      ['plan', 'update'],
      ['plan', 'create'],
    ]);
    expect(all.body.items.every((e: any) => e.planId === plan.id)).toBe(true);
    expect(all.body.items.some((e: any) => e.entityId === otherPlanEvent)).toBe(false);
    const seqs = all.body.items.map((e: any) => e.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);

    const titleChange = all.body.items[5];
    expect(titleChange).toMatchObject({ actor: { userId: coordinator.userId, name: 'Cecilia Samordnare' }, label: 'Historikplan', organizationId: org.id });
    expect(titleChange.changes).toEqual([{ field: 'title', before: plan.title, after: 'Historikplan' }]);
    expect(all.body.items[1]).toMatchObject({ label: '1', actor: { name: 'Anna Admin' } });
    // A move's snapshots hold only where the measure went: no label to show.
    expect(all.body.items[0].label).toBeNull();

    const first = await as(reader).get(`/api/v1/plans/${plan.id}/history?limit=3`);
    expect(first.body.items.map((e: any) => e.seq)).toEqual(seqs.slice(0, 3));
    expect(first.body.total).toBe(7);
    expect(first.body.nextBefore).toBe(seqs[2]);
    const second = await as(reader).get(`/api/v1/plans/${plan.id}/history?limit=3&before=${first.body.nextBefore}`);
    expect(second.body.items.map((e: any) => e.seq)).toEqual(seqs.slice(3, 6));
    const third = await as(reader).get(`/api/v1/plans/${plan.id}/history?limit=3&before=${second.body.nextBefore}`);
    expect(third.body.items.map((e: any) => e.seq)).toEqual(seqs.slice(6));
    expect(third.body.nextBefore).toBeNull();
  });

  it("a measure's history holds the measure's events only, with old → new", async () => {
    const res = await as(owner).get(`/api/v1/measures/${measureId}/history`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: any) => e.action)).toEqual(['move', 'update', 'update']);
    expect(res.body.items[1].changes).toEqual([{ field: 'text', before: 'Första ändringen', after: 'Andra ändringen' }]);
    expect(res.body.items[2].changes).toEqual([{ field: 'text', before: 'Åtgärd 1.1', after: 'Första ändringen' }]);
    expect(res.body.items[2].label).toBe('1.1');
    // Moved from the first goal's first place to the second goal's first place: only the goal changed.
    expect(res.body.items[0].changes).toEqual([{ field: 'nodeId', before: nodeIds[0], after: nodeIds[1] }]);
    expect(res.body.total).toBe(3);
  });

  it('histories are for members: 401 for the public, 403 on a published plan of another organization, 404 on its draft', async () => {
    const stranger = await user('Stina Främling', [{ organizationId: other.id, role: 'admin' }]);
    expectError(await as(null).get(`/api/v1/plans/${plan.id}/history`), 401, 'authentication_required');
    expectError(await as(stranger).get(`/api/v1/plans/${plan.id}/history`), 404, 'not_found');
    expectError(await as(stranger).get(`/api/v1/measures/${measureId}/history`), 404, 'not_found');
    expectError(await as(stranger).get(`/api/v1/plans/${publishedPlanId}/history`), 403, 'forbidden');
    expectError(await as(null).get(`/api/v1/plans/${publishedPlanId}/history`), 401, 'authentication_required');
    expectValidation(await as(reader).get(`/api/v1/plans/${plan.id}/history?limit=0`), [{ path: 'querystring.limit', code: 'too_small_number' }]);
    expectValidation(await as(reader).get(`/api/v1/plans/${plan.id}/history?order=asc`), [{ path: 'querystring.order', code: 'unrecognized_key' }]);
  });

  it("the organization's log: admins only, filtered by entity, action, actor and days, in pages", async () => {
    const base = `/api/v1/organizations/${org.id}/audit`;
    expectError(await as(coordinator).get(base), 403, 'forbidden');
    expectError(await as(null).get(base), 401, 'authentication_required');
    const stranger = await user('Sven Utomstående', [{ organizationId: other.id, role: 'admin' }]);
    expectError(await as(stranger).get(base), 403, 'forbidden');

    const all = await as(orgAdmin).get(`${base}?limit=500`);
    expect(all.status).toBe(200);
    expect(all.body.items.every((e: any) => e.organizationId === org.id)).toBe(true);
    expect(all.body.total).toBeGreaterThanOrEqual(all.body.items.length);

    const byCoordinator = await as(orgAdmin).get(`${base}?actor=${coordinator.userId}&entity=measure&action=update&limit=500`);
    expect(byCoordinator.body.items.length).toBeGreaterThanOrEqual(2);
    expect(byCoordinator.body.items.every((e: any) => e.actor.userId === coordinator.userId && e.entity === 'measure' && e.action === 'update')).toBe(true);
    expect(byCoordinator.body.total).toBe(byCoordinator.body.items.length);
    const byAdminVersions = await as(orgAdmin).get(`${base}?actor=${orgAdmin.userId}&entity=version`);
    expect(byAdminVersions.body.items.map((e: any) => e.after.label)).toContain('Ögonblicksbild');

    // Days are Swedish calendar days; everything happened today.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const tomorrow = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(Date.now() + 86_400_000));
    const yesterday = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(Date.now() - 86_400_000));
    expect((await as(orgAdmin).get(`${base}?from=${today}&to=${today}`)).body.total).toBe(all.body.total);
    expect((await as(orgAdmin).get(`${base}?from=${tomorrow}`)).body.total).toBe(0);
    expect((await as(orgAdmin).get(`${base}?to=${yesterday}`)).body.total).toBe(0);

    const page1 = await as(orgAdmin).get(`${base}?entity=measure&limit=2`);
    const page2 = await as(orgAdmin).get(`${base}?entity=measure&limit=2&before=${page1.body.nextBefore}`);
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items[0].seq).toBeLessThan(page1.body.items[1].seq);
    expect(page2.body.total).toBe(page1.body.total);

    expectValidation(await as(orgAdmin).get(`${base}?from=yesterday`), [{ path: 'querystring.from', code: 'invalid_date' }]);
    expectValidation(await as(orgAdmin).get(`${base}?actor=someone`), [{ path: 'querystring.actor', code: 'invalid_format' }]);
    // The system administrator reads every organization's log.
    expect((await sys.get(`/api/v1/organizations/${other.id}/audit`)).status).toBe(200);
  });

  it('the CSV export: BOM, ; separated, quoted, a header in the request language, one row per changed field', async () => {
    // A title with the separator, quotes, a line break and a formula, to see the quoting.
    const tricky = await freshDraft();
    const nasty = '=SUMMA(A1); "citat"\nrad två';
    await as(coordinator).patch(`/api/v1/plans/${tricky.plan.id}`, { version: 1, title: nasty, validTo: '2029-12-31' });

    const res = await csv(orgAdmin, `/api/v1/organizations/${org.id}/audit.csv?actor=${coordinator.userId}`);
    expect(res.status).toBe(200);
    expect(res.raw.headers['content-type']).toBe('text/csv; charset=utf-8');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    expect(res.raw.headers['content-disposition']).toBe(`attachment; filename="audit-0181-${today}.csv"`);
    const bytes = res.raw.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['Tid (svensk tid)', 'Utförd av', 'Typ', 'Id', 'Händelse', 'Fält', 'Före', 'Efter']);
    const data = rows.slice(1);
    expect(data.every((r) => r.length === 8 && r[1] === 'Cecilia Samordnare')).toBe(true);
    expect(data.every((r) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r[0]!))).toBe(true);

    // The newest event (the tricky update) comes first: one row per changed field.
    const update = data.filter((r) => r[3] === tricky.plan.id && r[4] === 'update');
    expect(update.map((r) => r[5])).toEqual(['title', 'validTo']);
    expect(update[0]!.slice(2)).toEqual(['plan', tricky.plan.id, 'update', 'title', tricky.plan.title, `'${nasty}`]);
    expect(update[1]!.slice(5)).toEqual(['validTo', '', '2029-12-31']);
    // Every event of the coordinator appears, with at least one row; counted against the JSON log.
    const json = await as(orgAdmin).get(`/api/v1/organizations/${org.id}/audit?actor=${coordinator.userId}&limit=500`);
    const expectedRows = json.body.items.reduce((n: number, e: any) => n + Math.max(1, e.changes.length), 0);
    expect(data).toHaveLength(expectedRows);
    expect(new Set(data.map((r) => r[3]))).toEqual(new Set(json.body.items.map((e: any) => e.entityId)));
    const moved = json.body.items.find((e: any) => e.entity === 'measure' && e.action === 'move');
    expect(data.find((r) => r[3] === moved.entityId && r[4] === 'move')!.slice(5)).toEqual(['nodeId', moved.before.nodeId, moved.after.nodeId]);

    const english = await csv(orgAdmin, `/api/v1/organizations/${org.id}/audit.csv?entity=version`, 'en');
    const englishRows = parseCsv(english.raw.rawPayload.subarray(3).toString('utf8'));
    expect(englishRows[0]).toEqual(['Time (Swedish time)', 'Actor', 'Entity', 'Id', 'Action', 'Field', 'Before', 'After']);
    expect(englishRows.slice(1).every((r) => r[2] === 'version')).toBe(true);
    expect(englishRows.length).toBeGreaterThan(1);

    const refused = await csv(coordinator, `/api/v1/organizations/${org.id}/audit.csv`);
    expect(refused.status).toBe(403);
    expect(refused.raw.headers['content-type']).toMatch(/application\/json/);
  });
});

/** The CSV export as raw bytes (not JSON). */
async function csv(session: TestSession, url: string, language = 'sv') {
  const raw = await ctx.app.inject({ method: 'GET', url, headers: { cookie: session.cookie, 'accept-language': language } });
  return { status: raw.statusCode, raw };
}

/** RFC 4180 with `;`: quoted cells may hold the separator, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  expect(cell === '' && row.length === 0, 'the CSV ends with a line break').toBe(true);
  return rows;
}
