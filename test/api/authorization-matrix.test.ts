import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { buildApp } from '../../src/api/app.js';
import { isPublished, systemActor } from '../../src/domain/access.js';
import { insertLink } from '../../src/db/repositories/consultations.js';
import { issuePasswordReset } from '../../src/services/accounts.js';
import * as links from '../../src/services/consultation-links.js';
import { linkTokenHash, newLinkToken } from '../../src/services/consultation-mail.js';
import { municipalities } from '../../src/services/municipalities.js';
import { client, createTestUser, startTestApp, testDatabaseKind, testPassword, type TestContext, type TestSession } from './harness.js';

/*
 * Every route × every role × own organization / another organization / the anonymous public, with
 * the status each must get, written out below. Allowed requests carry a valid body, so the
 * expectation is the success status and a refusal cannot hide behind a validation error.
 * Every GET answered 200 is checked for data of another organization that is not published.
 */

/** Who acts, in this column order: the system administrator, then the roles in their organization. */
const personas = ['system', 'admin', 'coordinator', 'reporter', 'owner', 'reader'] as const;
type Persona = (typeof personas)[number];
type Six = [number, number, number, number, number, number];

interface Row {
  /** Acting on data of the persona's own organization (the system administrator: organization A). */
  own: Six;
  /** Acting on data of another organization (the system administrator: organization B). */
  other: Six;
  anonymous: number;
}

const row = (own: Six, other: Six, anonymous: number): Row => ({ own, other, anonymous });
const everyone = (status: number, anonymous = status): Row => row([status, status, status, status, status, status], [status, status, status, status, status, status], anonymous);
/** The organization's admins (and the system administrator). */
const admins = (ok: number): Row => row([ok, ok, 403, 403, 403, 403], [ok, 403, 403, 403, 403, 403], 401);
/** Admins and coordinators. */
const coordinators = (ok: number): Row => row([ok, ok, ok, 403, 403, 403], [ok, 403, 403, 403, 403, 403], 401);
/** An unpublished plan (a unit's breakdown draft): members read it; others do not learn that it exists. */
const readDraft = row([200, 200, 200, 200, 200, 200], [200, 404, 404, 404, 404, 404], 401);
/** Changing that draft: coordinators, and the reporter whose unit owns it. */
const editDraft = (ok: number): Row => row([ok, ok, ok, 403, ok, 403], [ok, 404, 404, 404, 404, 404], 401);

/** Follow-up and remiss: managed by coordinators; outside the organization they do not exist (404). */
const coordinatorsHidden = (ok: number): Row => row([ok, ok, ok, 403, 403, 403], [ok, 404, 404, 404, 404, 404], 401);
/** The organization's follow-up settings: its admins; outside the organization they do not exist (404). */
const adminsHidden = (ok: number): Row => row([ok, ok, 403, 403, 403, 403], [ok, 404, 404, 404, 404, 404], 401);
/** A round's spreadsheet import: anyone who reports (the service checks each row's unit). */
const reporters = (ok: number): Row => row([ok, ok, ok, ok, ok, 403], [ok, 404, 404, 404, 404, 404], 401);

/**
 * The table: "METHOD /url" as the app declares it. Plan, goal and measure routes act on a breakdown
 * draft owned by the owner's unit (`owner` = a reporter for that unit, `reporter` = a reporter for
 * another unit), except revisions and breakdowns, which act on the organization's published plan.
 */
const matrix: Record<string, Row> = {
  'GET /api/v1/auth/session': everyone(200),
  'POST /api/v1/auth/login': everyone(200),
  'POST /api/v1/auth/logout': everyone(204),
  'POST /api/v1/auth/password': everyone(204, 401),
  'POST /api/v1/auth/password-reset': everyone(204),
  'GET /api/v1/account': everyone(200, 401),
  'PATCH /api/v1/account': everyone(200, 401),
  'GET /api/v1/auth/sso/providers': everyone(200),
  'GET /api/v1/auth/sso/start': everyone(302),
  'GET /api/v1/auth/sso/callback': everyone(302),
  'GET /api/v1/openapi.json': everyone(200),

  'GET /api/v1/organizations': everyone(200),
  'POST /api/v1/organizations': row([201, 403, 403, 403, 403, 403], [201, 403, 403, 403, 403, 403], 401),
  'GET /api/v1/organizations/:id': everyone(200),
  'PATCH /api/v1/organizations/:id': admins(200),
  'GET /api/v1/organizations/:organizationId/units': everyone(200),
  'POST /api/v1/organizations/:organizationId/units': admins(201),
  'GET /api/v1/organizations/:organizationId/taxonomies': everyone(200),
  'POST /api/v1/organizations/:organizationId/taxonomies/:taxonomy/terms': admins(201),
  'GET /api/v1/organizations/:organizationId/frameworks': everyone(200),
  'GET /api/v1/organizations/:organizationId/measures': everyone(200),
  'POST /api/v1/organizations/:organizationId/imports': coordinators(200),
  'POST /api/v1/organizations/:organizationId/imports/drafts': coordinators(201),
  'GET /api/v1/organizations/:organizationId/audit': admins(200),
  'GET /api/v1/organizations/:organizationId/audit.csv': admins(200),
  'GET /api/v1/organizations/:organizationId/members': admins(200),
  'POST /api/v1/organizations/:organizationId/members': admins(201),
  'PATCH /api/v1/organizations/:organizationId/members/:userId': admins(200),
  'DELETE /api/v1/organizations/:organizationId/members/:userId': admins(204),
  'POST /api/v1/organizations/:organizationId/members/:userId/reset-link': admins(201),
  'GET /api/v1/organizations/:organizationId/sso': admins(200),
  'PUT /api/v1/organizations/:organizationId/sso': admins(200),

  'GET /api/v1/units/:id': everyone(200),
  'PATCH /api/v1/units/:id': admins(200),
  'DELETE /api/v1/units/:id': admins(204),

  'GET /api/v1/plans': everyone(200),
  'POST /api/v1/plans': coordinators(201),
  'GET /api/v1/plans/:id': readDraft,
  'PATCH /api/v1/plans/:id': editDraft(200),
  'DELETE /api/v1/plans/:id': editDraft(204),
  'GET /api/v1/plans/:id/tree': readDraft,
  'GET /api/v1/plans/:id/coverage': readDraft,
  'POST /api/v1/plans/:id/transitions': editDraft(200),
  'POST /api/v1/plans/:id/revisions': coordinators(201),
  'GET /api/v1/plans/:id/versions': readDraft,
  'POST /api/v1/plans/:id/versions': editDraft(201),
  'GET /api/v1/plans/:id/versions/:versionId': readDraft,
  'GET /api/v1/plans/:id/diff': readDraft,
  'GET /api/v1/plans/:id/breakdowns': readDraft,
  // A reporter breaks a plan down for their own unit (the body names it); coordinators for any.
  'POST /api/v1/plans/:id/breakdowns': row([201, 201, 201, 201, 201, 403], [201, 403, 403, 403, 403, 403], 401),
  'GET /api/v1/plans/:id/history': readDraft,
  'POST /api/v1/plans/:id/nodes': editDraft(201),
  'PATCH /api/v1/nodes/:id': editDraft(200),
  'POST /api/v1/nodes/:id/move': editDraft(200),
  'DELETE /api/v1/nodes/:id': editDraft(204),
  'POST /api/v1/nodes/:id/measures': editDraft(201),
  'GET /api/v1/measures/:id': readDraft,
  'PATCH /api/v1/measures/:id': editDraft(200),
  'POST /api/v1/measures/:id/move': editDraft(200),
  'DELETE /api/v1/measures/:id': editDraft(204),
  'GET /api/v1/measures/:id/history': readDraft,

  // Follow-up acts on a round of the organization's published plan; status reports are the owner's unit's.
  'GET /api/v1/plans/:id/rounds': readDraft,
  'POST /api/v1/plans/:id/rounds': coordinatorsHidden(201),
  'GET /api/v1/rounds/:id': readDraft,
  'PATCH /api/v1/rounds/:id': coordinatorsHidden(200),
  'DELETE /api/v1/rounds/:id': coordinatorsHidden(204),
  'POST /api/v1/rounds/:id/open': coordinatorsHidden(200),
  'POST /api/v1/rounds/:id/close': coordinatorsHidden(200),
  'GET /api/v1/rounds/:id/assignments': readDraft,
  'GET /api/v1/rounds/:id/progress': readDraft,
  'GET /api/v1/rounds/:id/export.xlsx': readDraft,
  'POST /api/v1/rounds/:id/import': reporters(200),
  'POST /api/v1/rounds/:id/import/commit': reporters(200),
  'GET /api/v1/rounds/:id/report.docx': readDraft,
  'GET /api/v1/rounds/:id/report.pdf': readDraft,
  'GET /api/v1/rounds/:id/report.xlsx': readDraft,
  'GET /api/v1/status-reports/:id': readDraft,
  'PATCH /api/v1/status-reports/:id': editDraft(200),
  'POST /api/v1/status-reports/:id/submit': editDraft(200),
  'POST /api/v1/status-reports/:id/approve': coordinatorsHidden(200),
  'POST /api/v1/status-reports/:id/return': coordinatorsHidden(200),
  'GET /api/v1/status-reports/:id/revisions': readDraft,
  'GET /api/v1/me/assignments': everyone(200, 401),
  'GET /api/v1/organizations/:organizationId/status-labels': readDraft,
  'PUT /api/v1/organizations/:organizationId/status-labels': adminsHidden(200),
  'GET /api/v1/organizations/:organizationId/calendar': readDraft,
  // The feed is fetched without cookies: the public gets the public events only.
  'GET /api/v1/organizations/:organizationId/calendar.ics': everyone(200),
  'POST /api/v1/organizations/:organizationId/calendar': coordinatorsHidden(201),
  'POST /api/v1/organizations/:organizationId/calendar/campaigns': coordinatorsHidden(201),
  'PATCH /api/v1/organizations/:organizationId/calendar/:eventId': coordinatorsHidden(200),
  'DELETE /api/v1/organizations/:organizationId/calendar/:eventId': coordinatorsHidden(204),

  // Remiss: on a breakdown draft sent out on consultation; the list of a plan's consultations names officials (history).
  'GET /api/v1/plans/:id/consultations': readDraft,
  'POST /api/v1/plans/:id/consultations': row([201, 201, 201, 403, 403, 403], [201, 404, 404, 404, 404, 404], 401),
  'GET /api/v1/consultations/:id': readDraft,
  'PATCH /api/v1/consultations/:id': coordinatorsHidden(200),
  'DELETE /api/v1/consultations/:id': coordinatorsHidden(204),
  'POST /api/v1/consultations/:id/recipients': coordinatorsHidden(200),
  'PATCH /api/v1/consultations/:id/recipients/:recipientId': coordinatorsHidden(200),
  'DELETE /api/v1/consultations/:id/recipients/:recipientId': coordinatorsHidden(200),
  'POST /api/v1/consultations/:id/recipients/:recipientId/revoke': coordinatorsHidden(200),
  'POST /api/v1/consultations/:id/recipients/:recipientId/resend': coordinatorsHidden(200),
  'POST /api/v1/consultations/:id/send': coordinatorsHidden(200),
  'POST /api/v1/consultations/:id/close': coordinatorsHidden(200),
  'POST /api/v1/consultations/:id/publish': coordinatorsHidden(200),
  'GET /api/v1/consultations/:id/responses': readDraft,
  'GET /api/v1/consultations/:id/comments': readDraft,
  'PUT /api/v1/consultations/:id/comments/:commentId/disposition': coordinatorsHidden(200),
  'GET /api/v1/consultations/:id/attachments/:attachmentId': readDraft,
  'POST /api/v1/consultations/:id/next-version': coordinatorsHidden(201),
  'GET /api/v1/consultations/:id/diff': readDraft,
  'GET /api/v1/consultations/:id/report': readDraft,
  'GET /api/v1/consultations/:id/report.docx': readDraft,
  'GET /api/v1/consultations/:id/report.pdf': readDraft,
  // Published by the coordinator: a public page.
  'GET /api/v1/consultations/:id/public': everyone(200),
  // A recipient's link: the token is the key, whoever holds it (each cell gets a valid token of its own).
  'GET /api/v1/consultation-links/:token': everyone(200),
  'PUT /api/v1/consultation-links/:token': everyone(200),
  'POST /api/v1/consultation-links/:token/submit': everyone(200),
  'POST /api/v1/consultation-links/:token/decline': everyone(200),
  'GET /api/v1/consultation-links/:token/receipt': everyone(200),
  'POST /api/v1/consultation-links/:token/attachments': everyone(201),
  'GET /api/v1/consultation-links/:token/attachments/:attachmentId': everyone(200),
  'DELETE /api/v1/consultation-links/:token/attachments/:attachmentId': everyone(204),
};

/** The same reads on the organization's published plan: public records, but the history names officials. */
const publishedMatrix: Record<string, Row> = {
  'GET /api/v1/plans/:id': everyone(200),
  'GET /api/v1/plans/:id/tree': everyone(200),
  'GET /api/v1/plans/:id/coverage': everyone(200),
  'GET /api/v1/plans/:id/versions': everyone(200),
  'GET /api/v1/plans/:id/versions/:versionId': everyone(200),
  'GET /api/v1/plans/:id/diff': everyone(200),
  'GET /api/v1/plans/:id/breakdowns': everyone(200),
  'GET /api/v1/measures/:id': everyone(200),
  'GET /api/v1/plans/:id/history': row([200, 200, 200, 200, 200, 200], [200, 403, 403, 403, 403, 403], 401),
  'GET /api/v1/measures/:id/history': row([200, 200, 200, 200, 200, 200], [200, 403, 403, 403, 403, 403], 401),
};

// --- the data the requests act on -----------------------------------------------------------------

interface Draft {
  id: string;
  nodes: { id: string; version: number }[];
  measures: { id: string; version: number }[];
}

interface World {
  id: string;
  code: string;
  name: string;
  /** units[0]: the reporter's unit; units[1]: the owner's unit, which owns `draft`. */
  units: string[];
  published: { id: string; nodeId: string; measureId: string; versionId: string };
  draft: Draft & { versionId: string };
  /** An open round of the published plan; `reportId`: a status report of the owner's unit in it. */
  followUp: { roundId: string; reportId: string };
  /**
   * Consultations on breakdown drafts: `full` sent, answered (a comment, an attachment), closed, with a
   * next version, and published; `draftId` not yet sent; `sentId` sent (recipients get tokens on it).
   */
  remiss: { fullId: string; planId: string; commentId: string; attachmentId: string; draftId: string; sentId: string };
  sessions: Record<Exclude<Persona, 'system'>, TestSession>;
  memberships: Record<Exclude<Persona, 'system'>, { organizationId: string; role: 'admin' | 'coordinator' | 'reporter' | 'reader'; unitIds: string[] }[]>;
}

let ctx: TestContext;
let A: World;
let B: World;
let freeCodes: string[];
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;
const sys = () => client(ctx.app, { session: ctx.admin });

async function expectOk<T = any>(promise: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const res = await promise;
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);
  return res.body;
}

/** A unit's draft breakdown plan under the published plan, with two goals and three measures. */
async function createDraft(world: Pick<World, 'id' | 'units' | 'published'>): Promise<Draft> {
  const plan = await expectOk(
    sys().post('/api/v1/plans', {
      organizationId: world.id,
      title: unique('Förvaltningens plan'),
      kind: 'action_plan',
      parentPlanId: world.published.id,
      ownerUnitId: world.units[1],
      nodes: [
        { role: 'goal', number: '1', text: 'Mål 1', measures: [{ code: '1.1', text: 'Åtgärd 1.1' }, { code: '1.2', text: 'Åtgärd 1.2' }] },
        { role: 'goal', number: '2', text: 'Mål 2', measures: [{ code: '2.1', text: 'Åtgärd 2.1' }] },
      ],
    }),
    201,
  );
  const tree = await expectOk(sys().get(`/api/v1/plans/${plan.id}/tree`));
  return { id: plan.id, nodes: tree.nodes, measures: tree.nodes.flatMap((n: any) => n.measures) };
}

/** A round of the published plan (2026), planned or opened (one status report per lead unit × measure). */
async function newRound(world: Pick<World, 'published'>, open: boolean) {
  const body = { name: unique('Uppföljning'), periodStart: '2026-01-01', periodEnd: '2026-12-31', deadline: '2027-02-15' };
  const created = await expectOk(sys().post(`/api/v1/plans/${world.published.id}/rounds`, body), 201);
  return open ? expectOk(sys().post(`/api/v1/rounds/${created.id}/open`, { version: created.version })) : created;
}

/** A status report of the owner's unit, editable (draft or returned) or submitted; a new round when all are used up. */
async function reportOf(world: World, state: 'editable' | 'submitted') {
  for (;;) {
    const reports = await expectOk(sys().get(`/api/v1/rounds/${world.followUp.roundId}/assignments?unitId=${world.units[1]}`));
    const found = reports.find((r: any) => r.state === 'draft' || r.state === 'returned');
    if (found) {
      // Handing in needs a status.
      const saved = await expectOk(sys().raw('PATCH', `/api/v1/status-reports/${found.id}`, { version: found.version, status: 'ongoing', progressPercent: 40 }));
      return state === 'editable' ? saved : expectOk(sys().post(`/api/v1/status-reports/${found.id}/submit`, { version: saved.version }));
    }
    world.followUp.roundId = (await newRound(world, true)).id;
  }
}

const remissBody = () => ({
  title: unique('Remiss'),
  invitationText: 'Välkommen att lämna synpunkter.',
  deadline: '2027-06-30',
  recipients: [{ name: unique('Polisen'), email: `${unique('polisen')}@example.invalid`, kind: 'external' }],
});

/** A consultation on a new breakdown draft, with one recipient. */
async function newConsultation(world: Pick<World, 'id' | 'units' | 'published'>, state: 'draft' | 'sent' | 'closed') {
  const plan = await createDraft(world);
  let consultation = await expectOk(sys().post(`/api/v1/plans/${plan.id}/consultations`, remissBody()), 201);
  if (state !== 'draft') consultation = await expectOk(sys().post(`/api/v1/consultations/${consultation.id}/send`, { version: consultation.version }));
  if (state === 'closed') consultation = await expectOk(sys().post(`/api/v1/consultations/${consultation.id}/close`, { version: consultation.version }));
  return consultation;
}

/** A new recipient of the consultation and a link token of theirs (as the invitation e-mail would carry). */
async function tokenFor(consultationId: string): Promise<string> {
  const email = `${unique('jouren')}@example.invalid`;
  const detail = await expectOk(sys().post(`/api/v1/consultations/${consultationId}/recipients`, { recipients: [{ name: unique('Kvinnojouren'), email, kind: 'external' }] }));
  const recipient = detail.recipients.find((r: any) => r.email === email);
  const token = newLinkToken();
  await insertLink(ctx.database.db, { tokenHash: linkTokenHash(token), recipientId: recipient.id, purpose: 'invitation' });
  return token;
}

const pdfBytes = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'));

async function createRemiss(world: Pick<World, 'id' | 'units' | 'published'>): Promise<World['remiss']> {
  const full = await newConsultation(world, 'sent');
  const token = await tokenFor(full.id);
  await links.saveDraft(ctx.database.db, token, { position: 'tillstyrker_med_synpunkter', statement: 'Vi tillstyrker.', comments: [{ anchor: { kind: 'plan' }, text: 'Förtydliga ansvaret.' }] });
  const attachment = await links.addAttachment(ctx.database.db, token, { bytes: pdfBytes, filename: 'yttrande.pdf' });
  await links.submitAnswer(ctx.database.db, token, 'http://localhost');
  let current = await expectOk(sys().get(`/api/v1/consultations/${full.id}`));
  current = await expectOk(sys().post(`/api/v1/consultations/${full.id}/close`, { version: current.version }));
  await expectOk(sys().post(`/api/v1/consultations/${full.id}/next-version`, {}), 201);
  current = await expectOk(sys().get(`/api/v1/consultations/${full.id}`));
  await expectOk(sys().post(`/api/v1/consultations/${full.id}/publish`, { version: current.version, published: true }));
  const groups = await expectOk(sys().get(`/api/v1/consultations/${full.id}/comments`));
  return {
    fullId: full.id,
    planId: full.planId,
    commentId: groups[0].comments[0].id,
    attachmentId: (attachment as { id: string }).id,
    draftId: (await newConsultation(world, 'draft')).id,
    sentId: (await newConsultation(world, 'sent')).id,
  };
}

async function createWorld(code: string): Promise<World> {
  const org = (await expectOk(sys().get('/api/v1/organizations'))).find((o: any) => o.code === code);
  const unitIds: string[] = (await expectOk(sys().get(`/api/v1/organizations/${org.id}/units`))).map((u: any) => u.id);
  // The first published plan with a measure (some strategies have goals only).
  const allNodes = (nodes: any[]): any[] => nodes.flatMap((n) => [n, ...allNodes(n.children)]);
  let publishedId = '';
  let publishedTree: any;
  let withMeasure: any;
  for (const item of (await expectOk(sys().get(`/api/v1/plans?organizationId=${org.id}&status=in_force`))).items) {
    publishedTree = await expectOk(sys().get(`/api/v1/plans/${item.id}/tree`));
    withMeasure = allNodes(publishedTree.nodes).find((n) => n.measures.length > 0);
    publishedId = item.id;
    if (withMeasure) break;
  }
  expect(withMeasure, `a published plan with measures in ${code}`).toBeDefined();
  const publishedVersion = await expectOk(sys().post(`/api/v1/plans/${publishedId}/versions`, { label: 'Matris' }), 201);
  const published = { id: publishedId, nodeId: publishedTree.nodes.at(-1).id, measureId: withMeasure.measures[0].id, versionId: publishedVersion.id };
  // An open round: the owner's unit is one that has status reports in it, the reporter's another.
  const round = await newRound({ published }, true);
  const reports = await expectOk(sys().get(`/api/v1/rounds/${round.id}/assignments`));
  expect(reports.length, `status reports in ${code}`).toBeGreaterThan(0);
  const ownerUnit: string = reports[0].unitId;
  const units: [string, string] = [unitIds.find((u) => u !== ownerUnit)!, ownerUnit];
  const followUp = { roundId: round.id, reportId: reports.find((r: any) => r.unitId === ownerUnit).id };
  const draft = await createDraft({ id: org.id, units, published });
  const draftVersion = await expectOk(sys().post(`/api/v1/plans/${draft.id}/versions`, { label: 'Matris' }), 201);
  // A single sign-on configuration to read; its issuer refuses connections at once (no network).
  await expectOk(sys().raw('PUT', `/api/v1/organizations/${org.id}/sso`, { issuer: 'http://127.0.0.1:9/', clientId: 'fridplan', clientSecret: 'hemligt', allowedDomains: ['example.se'] }));
  const memberships = {
    admin: [{ organizationId: org.id, role: 'admin' as const, unitIds: [] }],
    coordinator: [{ organizationId: org.id, role: 'coordinator' as const, unitIds: [] }],
    reporter: [{ organizationId: org.id, role: 'reporter' as const, unitIds: [units[0]] }],
    owner: [{ organizationId: org.id, role: 'reporter' as const, unitIds: [units[1]] }],
    reader: [{ organizationId: org.id, role: 'reader' as const, unitIds: [] }],
  };
  const sessions = Object.fromEntries(
    await Promise.all(Object.entries(memberships).map(async ([persona, m]) => [persona, await createTestUser(ctx, { displayName: `${persona} ${code}`, memberships: m })])),
  ) as World['sessions'];
  const remiss = await createRemiss({ id: org.id, units, published });
  return { id: org.id, code, name: org.name, units, published, draft: { ...draft, versionId: draftVersion.id }, followUp, remiss, sessions, memberships };
}

// --- the requests -----------------------------------------------------------------------------------

interface Cell {
  /** Whose data: the organization the request is about. */
  world: World;
  /** The acting persona's own organization (A), or null for the anonymous public. */
  home: World | null;
  persona: Persona | 'anonymous';
  session: TestSession | null;
}

interface Req {
  url: string;
  body?: unknown;
  payload?: string | Buffer;
  headers?: Record<string, string>;
  /** Act as someone else with the same roles (for requests that use up the session or change the account). */
  session?: TestSession | null;
}

/** A person with the persona's memberships and a session of their own. */
async function twin(cell: Cell): Promise<TestSession | null> {
  if (cell.persona === 'anonymous') return null;
  if (cell.persona === 'system') return createTestUser(ctx, { isSystemAdmin: true });
  return createTestUser(ctx, { memberships: cell.home!.memberships[cell.persona] });
}

function multipart(text: string) {
  const boundary = `----fridplan${Math.random().toString(16).slice(2)}`;
  return {
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.txt"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function freshUnit(world: World) {
  return expectOk(sys().post(`/api/v1/organizations/${world.id}/units`, { name: unique('Enhet'), kind: 'administration' }), 201);
}

async function freshMember(world: World) {
  return createTestUser(ctx, { memberships: [{ organizationId: world.id, role: 'reader' }] });
}

/** The round as a spreadsheet (exported by the system administrator), uploaded back as a form. */
async function roundUpload(world: World, commit: boolean) {
  const exported = await ctx.app.inject({ method: 'GET', url: `/api/v1/rounds/${world.followUp.roundId}/export.xlsx`, headers: { cookie: ctx.admin.cookie } });
  expect(exported.statusCode).toBe(200);
  const boundary = `----fridplan${Math.random().toString(16).slice(2)}`;
  const parts = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="uppfoljning.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    exported.rawPayload,
    Buffer.from('\r\n'),
    ...(commit ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="onlyValidRows"\r\n\r\ntrue\r\n`)] : []),
    Buffer.from(`--${boundary}--\r\n`),
  ];
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function pdfUpload() {
  const boundary = `----fridplan${Math.random().toString(16).slice(2)}`;
  const pdf = Buffer.from(pdfBytes);
  return {
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="yttrande.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function newEvent(world: World) {
  return expectOk(sys().post(`/api/v1/organizations/${world.id}/calendar`, { title: unique('Möte'), kind: 'meeting', startDate: '2027-04-01' }), 201);
}

async function newRecipient(consultationId: string) {
  const email = `${unique('mottagare')}@example.invalid`;
  const detail = await expectOk(sys().post(`/api/v1/consultations/${consultationId}/recipients`, { recipients: [{ name: unique('Brottsofferjouren'), email, kind: 'external' }] }));
  return detail.recipients.find((r: any) => r.email === email);
}

/** A token whose answer has a position (ready to submit), or is submitted already. */
async function answered(world: World, submitted: boolean): Promise<string> {
  const token = await tokenFor(world.remiss.sentId);
  await links.saveDraft(ctx.database.db, token, { position: 'avstar', statement: 'Vi avstår.' });
  if (submitted) await links.submitAnswer(ctx.database.db, token, 'http://localhost');
  return token;
}

/** The request for one cell: for a draft, the plan version, and the unit a reporter names in a breakdown. */
const requests: Record<string, (cell: Cell, plan: 'draft' | 'published') => Promise<Req>> = {
  'GET /api/v1/auth/session': async () => ({ url: '/api/v1/auth/session' }),
  'POST /api/v1/auth/login': async () => {
    const person = await createTestUser(ctx, {});
    return { url: '/api/v1/auth/login', body: { email: person.email, password: testPassword } };
  },
  'POST /api/v1/auth/logout': async (cell) => ({ url: '/api/v1/auth/logout', session: await twin(cell) }),
  'POST /api/v1/auth/password': async (cell) => ({ url: '/api/v1/auth/password', body: { currentPassword: testPassword, newPassword: 'Matrisens-nya-lösenord-2026' }, session: await twin(cell) }),
  'POST /api/v1/auth/password-reset': async () => {
    const person = await createTestUser(ctx, {});
    const { token } = await issuePasswordReset(ctx.database.db, systemActor('test'), person.userId);
    return { url: '/api/v1/auth/password-reset', body: { token, newPassword: 'Matrisens-återställda-lösenord' } };
  },
  'GET /api/v1/account': async () => ({ url: '/api/v1/account' }),
  'PATCH /api/v1/account': async (cell) => ({ url: '/api/v1/account', body: { version: 1, displayName: 'Nytt namn' }, session: await twin(cell) }),
  'GET /api/v1/auth/sso/providers': async () => ({ url: '/api/v1/auth/sso/providers' }),
  'GET /api/v1/auth/sso/start': async ({ world }) => ({ url: `/api/v1/auth/sso/start?organization=${world.id}&returnTo=/plans` }),
  'GET /api/v1/auth/sso/callback': async () => ({ url: '/api/v1/auth/sso/callback?state=unknown-state&code=some-code' }),
  'GET /api/v1/openapi.json': async () => ({ url: '/api/v1/openapi.json' }),

  'GET /api/v1/organizations': async () => ({ url: '/api/v1/organizations' }),
  'POST /api/v1/organizations': async () => {
    const code = freeCodes.shift()!;
    return { url: '/api/v1/organizations', body: { code, name: `${municipalities().get(code)!.name} kommun` } };
  },
  'GET /api/v1/organizations/:id': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}` }),
  'PATCH /api/v1/organizations/:id': async ({ world }) => {
    const current = await expectOk(sys().get(`/api/v1/organizations/${world.id}`));
    return { url: `/api/v1/organizations/${world.id}`, body: { version: current.version, name: world.name } };
  },
  'GET /api/v1/organizations/:organizationId/units': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/units` }),
  'POST /api/v1/organizations/:organizationId/units': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/units`, body: { name: unique('Ny enhet'), kind: 'council' } }),
  'GET /api/v1/organizations/:organizationId/taxonomies': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/taxonomies` }),
  'POST /api/v1/organizations/:organizationId/taxonomies/:taxonomy/terms': async ({ world }) => {
    const label = unique('Målgrupp');
    return { url: `/api/v1/organizations/${world.id}/taxonomies/target_group/terms`, body: { sv: label, en: label } };
  },
  'GET /api/v1/organizations/:organizationId/frameworks': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/frameworks` }),
  'GET /api/v1/organizations/:organizationId/measures': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/measures?limit=500` }),
  'POST /api/v1/organizations/:organizationId/imports': async ({ world }) => ({
    url: `/api/v1/organizations/${world.id}/imports`,
    ...multipart('Handlingsplan mot våld 2025\n\nFokusområde 1: Kommunen arbetar förebyggande\n'),
  }),
  'POST /api/v1/organizations/:organizationId/imports/drafts': async ({ world }) => ({
    url: `/api/v1/organizations/${world.id}/imports/drafts`,
    body: { title: unique('Importerad'), kind: 'action_plan', nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd', leadUnitIds: [world.units[0]] }] }] },
  }),
  'GET /api/v1/organizations/:organizationId/audit': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/audit?limit=20` }),
  'GET /api/v1/organizations/:organizationId/audit.csv': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/audit.csv?entity=plan` }),
  'GET /api/v1/organizations/:organizationId/members': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/members` }),
  'POST /api/v1/organizations/:organizationId/members': async ({ world }) => ({
    url: `/api/v1/organizations/${world.id}/members`,
    body: { email: `${unique('ny')}@example.se`, displayName: 'Ny person', role: 'reader' },
  }),
  'PATCH /api/v1/organizations/:organizationId/members/:userId': async ({ world }) => ({
    url: `/api/v1/organizations/${world.id}/members/${(await freshMember(world)).userId}`,
    body: { version: 1, role: 'coordinator' },
  }),
  'DELETE /api/v1/organizations/:organizationId/members/:userId': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/members/${(await freshMember(world)).userId}?version=1` }),
  'POST /api/v1/organizations/:organizationId/members/:userId/reset-link': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/members/${(await freshMember(world)).userId}/reset-link` }),
  'GET /api/v1/organizations/:organizationId/sso': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/sso` }),
  'PUT /api/v1/organizations/:organizationId/sso': async ({ world }) => {
    const current = await expectOk(sys().get(`/api/v1/organizations/${world.id}/sso`));
    return { url: `/api/v1/organizations/${world.id}/sso`, body: { version: current.version, issuer: 'http://127.0.0.1:9/', clientId: unique('fridplan'), allowedDomains: ['example.se'] } };
  },

  'GET /api/v1/units/:id': async ({ world }) => ({ url: `/api/v1/units/${world.units[0]}` }),
  'PATCH /api/v1/units/:id': async ({ world }) => {
    const unit = await freshUnit(world);
    return { url: `/api/v1/units/${unit.id}`, body: { version: unit.version, shortName: 'KORT' } };
  },
  'DELETE /api/v1/units/:id': async ({ world }) => ({ url: `/api/v1/units/${(await freshUnit(world)).id}?version=1` }),

  'GET /api/v1/plans': async ({ world }) => ({ url: `/api/v1/plans?organizationId=${world.id}` }),
  'POST /api/v1/plans': async ({ world }) => ({ url: '/api/v1/plans', body: { organizationId: world.id, title: unique('Ny plan'), kind: 'action_plan' } }),
  'GET /api/v1/plans/:id': async ({ world }, plan) => ({ url: `/api/v1/plans/${world[plan].id}` }),
  'PATCH /api/v1/plans/:id': async ({ world }) => ({ url: `/api/v1/plans/${(await createDraft(world)).id}`, body: { version: 1, title: unique('Ändrad titel') } }),
  'DELETE /api/v1/plans/:id': async ({ world }) => ({ url: `/api/v1/plans/${(await createDraft(world)).id}?version=1` }),
  'GET /api/v1/plans/:id/tree': async ({ world }, plan) => ({ url: `/api/v1/plans/${world[plan].id}/tree` }),
  'GET /api/v1/plans/:id/coverage': async ({ world }, plan) => ({ url: `/api/v1/plans/${world[plan].id}/coverage` }),
  'POST /api/v1/plans/:id/transitions': async ({ world }) => ({ url: `/api/v1/plans/${(await createDraft(world)).id}/transitions`, body: { to: 'consultation', version: 1 } }),
  'POST /api/v1/plans/:id/revisions': async ({ world }) => ({ url: `/api/v1/plans/${world.published.id}/revisions`, body: { title: unique('Reviderad') } }),
  'GET /api/v1/plans/:id/versions': async ({ world }, plan) => ({ url: `/api/v1/plans/${world[plan].id}/versions` }),
  'POST /api/v1/plans/:id/versions': async ({ world }) => ({ url: `/api/v1/plans/${world.draft.id}/versions`, body: { label: unique('Version') } }),
  'GET /api/v1/plans/:id/versions/:versionId': async ({ world }, plan) => ({ url: `/api/v1/plans/${world[plan].id}/versions/${world[plan].versionId}` }),
  'GET /api/v1/plans/:id/diff': async ({ world }, plan) => ({ url: `/api/v1/plans/${world[plan].id}/diff?from=${world[plan].versionId}` }),
  'GET /api/v1/plans/:id/breakdowns': async ({ world }, plan) => ({ url: `/api/v1/plans/${world[plan].id}/breakdowns` }),
  'POST /api/v1/plans/:id/breakdowns': async ({ world, home, persona }) => {
    // A reporter names their own unit; everyone else the first unit of the plan's organization.
    const unit = persona === 'reporter' ? home!.units[0] : persona === 'owner' ? home!.units[1] : world.units[0];
    return { url: `/api/v1/plans/${world.published.id}/breakdowns`, body: { ownerUnitId: unit, title: unique('Nedbrytning'), nodeIds: [world.published.nodeId] } };
  },
  'GET /api/v1/plans/:id/history': async ({ world }, plan) => ({ url: `/api/v1/plans/${world[plan].id}/history?limit=5` }),
  'POST /api/v1/plans/:id/nodes': async ({ world }) => ({ url: `/api/v1/plans/${world.draft.id}/nodes`, body: { role: 'goal', text: unique('Nytt mål') } }),
  'PATCH /api/v1/nodes/:id': async ({ world }) => {
    const node = (await createDraft(world)).nodes[0]!;
    return { url: `/api/v1/nodes/${node.id}`, body: { version: node.version, text: 'Ändrat mål' } };
  },
  'POST /api/v1/nodes/:id/move': async ({ world }) => {
    const node = (await createDraft(world)).nodes[0]!;
    return { url: `/api/v1/nodes/${node.id}/move`, body: { version: node.version, parentId: null, position: 1 } };
  },
  'DELETE /api/v1/nodes/:id': async ({ world }) => {
    const node = (await createDraft(world)).nodes[1]!;
    return { url: `/api/v1/nodes/${node.id}?version=${node.version}` };
  },
  'POST /api/v1/nodes/:id/measures': async ({ world }) => ({ url: `/api/v1/nodes/${world.draft.nodes[0]!.id}/measures`, body: { text: unique('Ny åtgärd') } }),
  'GET /api/v1/measures/:id': async ({ world }, plan) => ({ url: `/api/v1/measures/${plan === 'draft' ? world.draft.measures[0]!.id : world.published.measureId}` }),
  'PATCH /api/v1/measures/:id': async ({ world }) => {
    const measure = (await createDraft(world)).measures[0]!;
    return { url: `/api/v1/measures/${measure.id}`, body: { version: measure.version, text: 'Ändrad åtgärd' } };
  },
  'POST /api/v1/measures/:id/move': async ({ world }) => {
    const draft = await createDraft(world);
    return { url: `/api/v1/measures/${draft.measures[0]!.id}/move`, body: { version: draft.measures[0]!.version, nodeId: draft.nodes[1]!.id, position: 0 } };
  },
  'DELETE /api/v1/measures/:id': async ({ world }) => {
    const measure = (await createDraft(world)).measures[2]!;
    return { url: `/api/v1/measures/${measure.id}?version=${measure.version}` };
  },
  'GET /api/v1/measures/:id/history': async ({ world }, plan) => ({ url: `/api/v1/measures/${plan === 'draft' ? world.draft.measures[0]!.id : world.published.measureId}/history` }),

  'GET /api/v1/plans/:id/rounds': async ({ world }) => ({ url: `/api/v1/plans/${world.published.id}/rounds` }),
  'POST /api/v1/plans/:id/rounds': async ({ world }) => ({
    url: `/api/v1/plans/${world.published.id}/rounds`,
    body: { name: unique('Uppföljning'), periodStart: '2026-01-01', periodEnd: '2026-12-31', deadline: '2027-02-15' },
  }),
  'GET /api/v1/rounds/:id': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}` }),
  'PATCH /api/v1/rounds/:id': async ({ world }) => {
    const round = await newRound(world, false);
    return { url: `/api/v1/rounds/${round.id}`, body: { version: round.version, name: unique('Ändrad uppföljning') } };
  },
  'DELETE /api/v1/rounds/:id': async ({ world }) => {
    const round = await newRound(world, false);
    return { url: `/api/v1/rounds/${round.id}?version=${round.version}` };
  },
  'POST /api/v1/rounds/:id/open': async ({ world }) => {
    const round = await newRound(world, false);
    return { url: `/api/v1/rounds/${round.id}/open`, body: { version: round.version } };
  },
  'POST /api/v1/rounds/:id/close': async ({ world }) => {
    const round = await newRound(world, true);
    return { url: `/api/v1/rounds/${round.id}/close`, body: { version: round.version } };
  },
  'GET /api/v1/rounds/:id/assignments': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}/assignments` }),
  'GET /api/v1/rounds/:id/progress': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}/progress` }),
  'GET /api/v1/rounds/:id/export.xlsx': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}/export.xlsx` }),
  'POST /api/v1/rounds/:id/import': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}/import`, ...(await roundUpload(world, false)) }),
  'POST /api/v1/rounds/:id/import/commit': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}/import/commit`, ...(await roundUpload(world, true)) }),
  'GET /api/v1/rounds/:id/report.docx': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}/report.docx` }),
  'GET /api/v1/rounds/:id/report.pdf': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}/report.pdf` }),
  'GET /api/v1/rounds/:id/report.xlsx': async ({ world }) => ({ url: `/api/v1/rounds/${world.followUp.roundId}/report.xlsx` }),
  'GET /api/v1/status-reports/:id': async ({ world }) => ({ url: `/api/v1/status-reports/${world.followUp.reportId}` }),
  'PATCH /api/v1/status-reports/:id': async ({ world }) => {
    const report = await reportOf(world, 'editable');
    return { url: `/api/v1/status-reports/${report.id}`, body: { version: report.version, narrative: unique('Lägesbeskrivning') } };
  },
  'POST /api/v1/status-reports/:id/submit': async ({ world }) => {
    const report = await reportOf(world, 'editable');
    return { url: `/api/v1/status-reports/${report.id}/submit`, body: { version: report.version } };
  },
  'POST /api/v1/status-reports/:id/approve': async ({ world }) => {
    const report = await reportOf(world, 'submitted');
    return { url: `/api/v1/status-reports/${report.id}/approve`, body: { version: report.version } };
  },
  'POST /api/v1/status-reports/:id/return': async ({ world }) => {
    const report = await reportOf(world, 'submitted');
    return { url: `/api/v1/status-reports/${report.id}/return`, body: { version: report.version, comment: 'Beskriv hur många som deltog.' } };
  },
  'GET /api/v1/status-reports/:id/revisions': async ({ world }) => ({ url: `/api/v1/status-reports/${world.followUp.reportId}/revisions` }),
  'GET /api/v1/me/assignments': async () => ({ url: '/api/v1/me/assignments' }),
  'GET /api/v1/organizations/:organizationId/status-labels': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/status-labels` }),
  'PUT /api/v1/organizations/:organizationId/status-labels': async ({ world }) => {
    const current = await expectOk(sys().get(`/api/v1/organizations/${world.id}/status-labels`));
    return { url: `/api/v1/organizations/${world.id}/status-labels`, body: { version: current.version, labels: [{ code: 'done', sv: unique('Klar'), en: 'Done', weight: 1 }] } };
  },
  'GET /api/v1/organizations/:organizationId/calendar': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/calendar` }),
  'GET /api/v1/organizations/:organizationId/calendar.ics': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/calendar.ics` }),
  'POST /api/v1/organizations/:organizationId/calendar': async ({ world }) => ({
    url: `/api/v1/organizations/${world.id}/calendar`,
    body: { title: unique('Samverkansmöte'), kind: 'meeting', startDate: '2027-03-01' },
  }),
  'POST /api/v1/organizations/:organizationId/calendar/campaigns': async ({ world }) => ({ url: `/api/v1/organizations/${world.id}/calendar/campaigns`, body: { year: 2027 } }),
  'PATCH /api/v1/organizations/:organizationId/calendar/:eventId': async ({ world }) => {
    const event = await newEvent(world);
    return { url: `/api/v1/organizations/${world.id}/calendar/${event.id}`, body: { version: event.version, title: unique('Flyttat möte') } };
  },
  'DELETE /api/v1/organizations/:organizationId/calendar/:eventId': async ({ world }) => {
    const event = await newEvent(world);
    return { url: `/api/v1/organizations/${world.id}/calendar/${event.id}?version=${event.version}` };
  },

  'GET /api/v1/plans/:id/consultations': async ({ world }) => ({ url: `/api/v1/plans/${world.remiss.planId}/consultations` }),
  'POST /api/v1/plans/:id/consultations': async ({ world }) => ({ url: `/api/v1/plans/${(await createDraft(world)).id}/consultations`, body: remissBody() }),
  'GET /api/v1/consultations/:id': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}` }),
  'PATCH /api/v1/consultations/:id': async ({ world }) => {
    const current = await expectOk(sys().get(`/api/v1/consultations/${world.remiss.draftId}`));
    return { url: `/api/v1/consultations/${current.id}`, body: { version: current.version, title: unique('Remiss') } };
  },
  'DELETE /api/v1/consultations/:id': async ({ world }) => {
    const consultation = await newConsultation(world, 'draft');
    return { url: `/api/v1/consultations/${consultation.id}?version=${consultation.version}` };
  },
  'POST /api/v1/consultations/:id/recipients': async ({ world }) => ({
    url: `/api/v1/consultations/${world.remiss.draftId}/recipients`,
    body: { recipients: [{ name: unique('Polisen'), email: `${unique('polisen')}@example.invalid`, kind: 'external' }] },
  }),
  'PATCH /api/v1/consultations/:id/recipients/:recipientId': async ({ world }) => {
    const recipient = await newRecipient(world.remiss.draftId);
    return { url: `/api/v1/consultations/${world.remiss.draftId}/recipients/${recipient.id}`, body: { version: recipient.version, name: unique('Polismyndigheten') } };
  },
  'DELETE /api/v1/consultations/:id/recipients/:recipientId': async ({ world }) => ({
    url: `/api/v1/consultations/${world.remiss.draftId}/recipients/${(await newRecipient(world.remiss.draftId)).id}`,
  }),
  'POST /api/v1/consultations/:id/recipients/:recipientId/revoke': async ({ world }) => ({
    url: `/api/v1/consultations/${world.remiss.sentId}/recipients/${(await newRecipient(world.remiss.sentId)).id}/revoke`,
  }),
  'POST /api/v1/consultations/:id/recipients/:recipientId/resend': async ({ world }) => ({
    url: `/api/v1/consultations/${world.remiss.sentId}/recipients/${(await newRecipient(world.remiss.sentId)).id}/resend`,
  }),
  'POST /api/v1/consultations/:id/send': async ({ world }) => {
    const consultation = await newConsultation(world, 'draft');
    return { url: `/api/v1/consultations/${consultation.id}/send`, body: { version: consultation.version } };
  },
  'POST /api/v1/consultations/:id/close': async ({ world }) => {
    const consultation = await newConsultation(world, 'sent');
    return { url: `/api/v1/consultations/${consultation.id}/close`, body: { version: consultation.version } };
  },
  'POST /api/v1/consultations/:id/publish': async ({ world }) => {
    const current = await expectOk(sys().get(`/api/v1/consultations/${world.remiss.sentId}`));
    return { url: `/api/v1/consultations/${current.id}/publish`, body: { version: current.version, published: !current.published } };
  },
  'GET /api/v1/consultations/:id/responses': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}/responses` }),
  'GET /api/v1/consultations/:id/comments': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}/comments` }),
  'PUT /api/v1/consultations/:id/comments/:commentId/disposition': async ({ world }) => {
    const groups = await expectOk(sys().get(`/api/v1/consultations/${world.remiss.fullId}/comments`));
    const comment = groups.flatMap((g: any) => g.comments).find((c: any) => c.id === world.remiss.commentId);
    return {
      url: `/api/v1/consultations/${world.remiss.fullId}/comments/${comment.id}/disposition`,
      body: { disposition: 'noted', reason: unique('Noteras'), ...(comment.disposition ? { version: comment.disposition.version } : {}) },
    };
  },
  'GET /api/v1/consultations/:id/attachments/:attachmentId': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}/attachments/${world.remiss.attachmentId}` }),
  'POST /api/v1/consultations/:id/next-version': async ({ world }) => ({ url: `/api/v1/consultations/${(await newConsultation(world, 'sent')).id}/next-version`, body: {} }),
  'GET /api/v1/consultations/:id/diff': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}/diff` }),
  'GET /api/v1/consultations/:id/report': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}/report` }),
  'GET /api/v1/consultations/:id/report.docx': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}/report.docx` }),
  'GET /api/v1/consultations/:id/report.pdf': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}/report.pdf` }),
  'GET /api/v1/consultations/:id/public': async ({ world }) => ({ url: `/api/v1/consultations/${world.remiss.fullId}/public` }),
  'GET /api/v1/consultation-links/:token': async ({ world }) => ({ url: `/api/v1/consultation-links/${await tokenFor(world.remiss.sentId)}` }),
  'PUT /api/v1/consultation-links/:token': async ({ world }) => ({
    url: `/api/v1/consultation-links/${await tokenFor(world.remiss.sentId)}`,
    body: { position: 'tillstyrker', statement: 'Vi tillstyrker förslaget.' },
  }),
  'POST /api/v1/consultation-links/:token/submit': async ({ world }) => ({ url: `/api/v1/consultation-links/${await answered(world, false)}/submit` }),
  'POST /api/v1/consultation-links/:token/decline': async ({ world }) => ({ url: `/api/v1/consultation-links/${await tokenFor(world.remiss.sentId)}/decline`, body: { reason: 'Inga synpunkter.' } }),
  'GET /api/v1/consultation-links/:token/receipt': async ({ world }) => ({ url: `/api/v1/consultation-links/${await answered(world, true)}/receipt` }),
  'POST /api/v1/consultation-links/:token/attachments': async ({ world }) => ({ url: `/api/v1/consultation-links/${await tokenFor(world.remiss.sentId)}/attachments`, ...pdfUpload() }),
  'GET /api/v1/consultation-links/:token/attachments/:attachmentId': async ({ world }) => {
    const token = await tokenFor(world.remiss.sentId);
    const attachment = (await links.addAttachment(ctx.database.db, token, { bytes: pdfBytes, filename: 'yttrande.pdf' })) as { id: string };
    return { url: `/api/v1/consultation-links/${token}/attachments/${attachment.id}` };
  },
  'DELETE /api/v1/consultation-links/:token/attachments/:attachmentId': async ({ world }) => {
    const token = await tokenFor(world.remiss.sentId);
    const attachment = (await links.addAttachment(ctx.database.db, token, { bytes: pdfBytes, filename: 'yttrande.pdf' })) as { id: string };
    return { url: `/api/v1/consultation-links/${token}/attachments/${attachment.id}` };
  },
};

// --- checks -------------------------------------------------------------------------------------

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

async function rows(query: SQL): Promise<Record<string, any>[]> {
  return ((await ctx.database.db.execute(query)) as unknown as { rows: Record<string, any>[] }).rows;
}

/**
 * Every plan, goal, measure, version and audit event named in an answer, with its organization and
 * plan status: what a reader outside the organization sees must be published (and audit events never).
 */
async function unpublishedForeignData(text: string, readable: string[]): Promise<string[]> {
  const ids = [...new Set(text.match(uuidPattern) ?? [])];
  if (ids.length === 0) return [];
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const found = await rows(sql`
    select 'plan' as kind, p.id::text as id, p.organization_id::text as org, p.status from plans p where p.id in (${list})
    union all select 'node', n.id::text, p.organization_id::text, p.status from goal_nodes n join plans p on p.id = n.plan_id where n.id in (${list})
    union all select 'measure', m.id::text, p.organization_id::text, p.status from measures m join plans p on p.id = m.plan_id where m.id in (${list})
    union all select 'version', v.id::text, p.organization_id::text, p.status from plan_versions v join plans p on p.id = v.plan_id where v.id in (${list})
    union all select 'audit', a.id::text, a.organization_id::text, 'audit' from audit_events a where a.id in (${list})`);
  return found.filter((r) => !readable.includes(r.org) && (r.kind === 'audit' || !isPublished(r.status))).map((r) => `${r.kind} ${r.id} (${r.status})`);
}

async function auditCount(): Promise<number> {
  return Number((await rows(sql`select count(*)::int as n from audit_events`))[0]!.n);
}

async function send(cell: Cell, method: string, req: Req) {
  const session = req.session !== undefined ? req.session : cell.session;
  const auth: Record<string, string> = session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {};
  const payload = req.payload ?? (req.body !== undefined ? JSON.stringify(req.body) : method === 'GET' || method === 'DELETE' ? undefined : '{}');
  const headers = { 'accept-language': 'sv', ...auth, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers };
  return ctx.app.inject({ method: method as 'GET', url: req.url, headers, ...(payload !== undefined ? { payload } : {}) });
}

/** Runs one row: 13 cells. Returns the mismatches ("persona/where: expected → got"). */
async function runRow(route: string, expected: Row, plan: 'draft' | 'published'): Promise<string[]> {
  const [method] = route.split(' ') as [string];
  const cells: { label: string; cell: Cell; status: number }[] = [];
  personas.forEach((persona, i) => {
    const session = persona === 'system' ? ctx.admin : A.sessions[persona];
    cells.push({ label: `${persona}/own`, cell: { world: A, home: A, persona, session }, status: expected.own[i]! });
    cells.push({ label: `${persona}/other`, cell: { world: B, home: A, persona, session }, status: expected.other[i]! });
  });
  cells.push({ label: 'anonymous', cell: { world: A, home: null, persona: 'anonymous', session: null }, status: expected.anonymous });

  const problems: string[] = [];
  for (const { label, cell, status } of cells) {
    const req = await requests[route]!(cell, plan);
    const auditBefore = method === 'GET' ? 0 : await auditCount();
    const res = await send(cell, method, req);
    if (res.statusCode !== status) problems.push(`${label}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (res.statusCode >= 500) problems.push(`${label}: ${res.statusCode}`);
    // A refused change writes nothing.
    if (method !== 'GET' && res.statusCode >= 400 && (await auditCount()) !== auditBefore) problems.push(`${label}: refused with ${res.statusCode} but wrote an audit event`);
    // Zero reads across organizations: whatever a 200 shows from elsewhere is published.
    // Except through a recipient's link: the token, not the session, is the key, and the recipient
    // (outside the organization by design) is shown the consulted version; the rows above hold the token.
    if (method === 'GET' && res.statusCode === 200 && cell.persona !== 'system' && !route.includes('/consultation-links/')) {
      const readable = cell.home ? [cell.home.id] : [];
      const leaked = await unpublishedForeignData(res.body, readable);
      if (leaked.length > 0) problems.push(`${label}: read unpublished data of another organization: ${leaked.slice(0, 3).join(', ')}`);
    }
  }
  return problems;
}

beforeAll(async () => {
  ctx = await startTestApp({ seed: true, auth: undefined });
  A = await createWorld('0181');
  B = await createWorld('1280');
  const used = new Set((await expectOk(sys().get('/api/v1/organizations'))).map((o: any) => o.code));
  freeCodes = [...municipalities().keys()].filter((c) => !used.has(c));
}, 300_000);
afterAll(async () => ctx?.close());

describe(`authorization matrix: every route × role × organization, on ${testDatabaseKind}`, () => {
  it('has a row for every route, and no row for a route that does not exist; every route declares a policy', () => {
    const routes = ctx.app.routePolicies.map((r) => `${r.method} ${r.url}`);
    expect(new Set(routes).size).toBe(routes.length);
    expect(routes.filter((r) => !(r in matrix)), 'routes without a row in the matrix').toEqual([]);
    expect(Object.keys(matrix).filter((r) => !routes.includes(r)), 'rows for routes that do not exist').toEqual([]);
    expect(Object.keys(publishedMatrix).filter((r) => !routes.includes(r))).toEqual([]);
    expect(Object.keys(requests).sort()).toEqual(Object.keys(matrix).sort());
    for (const route of ctx.app.routePolicies) {
      expect(typeof route.policy.name, `${route.method} ${route.url}`).toBe('string');
      expect(typeof route.policy.authorize).toBe('function');
    }
  });

  it('the cross-organization check sees unpublished data of another organization (it can fail)', async () => {
    const text = JSON.stringify({ plan: B.draft.id, node: B.draft.nodes[0]!.id, measure: { id: B.draft.measures[0]!.id }, published: B.published.id });
    expect((await unpublishedForeignData(text, [A.id])).map((s) => s.split(' ')[0])).toEqual(['plan', 'node', 'measure']);
    expect(await unpublishedForeignData(text, [B.id])).toEqual([]);
    const [event] = await rows(sql`select id::text from audit_events where organization_id = ${B.id} limit 1`);
    expect(await unpublishedForeignData(event!.id, [A.id])).toHaveLength(1);
  });

  it('an app with an /api route that declares no policy does not start', async () => {
    const app = await buildApp({ database: ctx.database });
    const start = async () => {
      await app.register(async (api) => {
        api.get('/unguarded', async () => ({ secret: true }));
      }, { prefix: '/api/v1' });
      await app.ready();
    };
    await expect(start()).rejects.toThrow(/GET \/api\/v1\/unguarded declares no authorization policy/);
    // A route outside the API (the web client's pages) needs none.
    const pages = await buildApp({ database: ctx.database });
    pages.get('/about-page', async () => 'ok');
    await pages.ready();
    expect(pages.routePolicies.some((r) => r.url === '/about-page')).toBe(false);
    await pages.close();
    await app.close().catch(() => undefined);
  });

  for (const route of Object.keys(matrix)) {
    it(route, async () => {
      expect(await runRow(route, matrix[route]!, 'draft')).toEqual([]);
    });
  }

  for (const route of Object.keys(publishedMatrix)) {
    it(`${route} on a published plan`, async () => {
      expect(await runRow(route, publishedMatrix[route]!, 'published')).toEqual([]);
    });
  }
});
