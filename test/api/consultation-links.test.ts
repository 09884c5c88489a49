import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultAuthConfig } from '../../src/config/config.js';
import { addDays } from '../../src/domain/consultation.js';
import { configureMailer } from '../../src/services/mailer.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { createTestUser, startTestApp, type Client, type TestContext, type TestSession } from './harness.js';
import { api, expectError, expectValidation } from './helpers.js';

/**
 * The recipient links: a wrong, revoked or expired token is refused, one recipient never sees
 * another's answer, the token routes are rate limited, and attachments are checked by what they are.
 */

let ctx: TestContext;
let smtp: TestSmtpServer;
let coordinator: TestSession;
let as: Client;
let consultationId: string;
let organizationId: string;
let content: { nodes: { id: string; text: string; measures: { id: string; text: string }[] }[] };
const tokens: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
const recipientIds: Record<string, string> = {};
const today = new Date().toISOString().slice(0, 10);
const deadline = addDays(today, 10);

const tokenIn = (text: string) => /\/remiss\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;
const pub = () => api(ctx, { session: null });
const link = (token: string, rest = '') => `/api/v1/consultation-links/${token}${rest}`;

/** A multipart body with one file in the field "file". */
function multipart(filename: string, bytes: Uint8Array, type = 'application/octet-stream') {
  const boundary = `----fridplan${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, Buffer.from(bytes), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (token: string, filename: string, bytes: Uint8Array) => {
  const body = multipart(filename, bytes);
  return ctx.app.inject({ method: 'POST', url: link(token, '/attachments'), payload: body.payload, headers: { ...body.headers, 'accept-language': 'sv' } });
};

const pdfBytes = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'));
let docxBytes: Uint8Array;
/** A Windows program: "MZ" and a DOS stub, renamed to look like a PDF. */
const exeBytes = new Uint8Array(Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), Buffer.from('This program cannot be run in DOS mode.', 'latin1')]));

beforeAll(async () => {
  ctx = await startTestApp();
  smtp = await startTestSmtpServer();
  configureMailer(smtp.mailConfig, () => {});
  docxBytes = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Yttrande från nämnden')] }] })));
  const admin = api(ctx);
  const org = (await admin.post('/api/v1/organizations', { code: '0980', name: 'Region Gotland' })).body;
  organizationId = org.id;
  coordinator = await createTestUser(ctx, { memberships: [{ organizationId: org.id, role: 'coordinator' }] });
  as = api(ctx, { session: coordinator });
  const plan = (
    await as.post('/api/v1/plans', {
      organizationId: org.id,
      title: 'Handlingsplan mot våld i nära relationer',
      kind: 'action_plan',
      nodes: [{ role: 'goal', number: '1', text: 'Tidig upptäckt av våld', measures: [{ text: 'Utbilda all personal om våld i nära relationer' }] }],
    })
  ).body;
  const created = await as.post(`/api/v1/plans/${plan.id}/consultations`, {
    title: 'Remiss: handlingsplan',
    invitationText: 'Välkommen att lämna synpunkter.',
    deadline,
    graceDays: 3,
    recipients: [
      { name: 'Socialnämnden', email: 'social@gotland.example.invalid', kind: 'internal' },
      { name: 'Polisen', email: 'polisen@example.invalid', kind: 'external' },
      { name: 'Kvinnojouren', email: 'jouren@example.invalid', kind: 'external' },
    ],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  consultationId = created.body.id;
  for (const r of created.body.recipients) recipientIds[r.name] = r.id;
  // Creating it on a draft plan sent the plan out: its content is frozen as version 1.
  expect(created.body.versionNumber).toBe(1);
  expect((await as.get(`/api/v1/plans/${plan.id}`)).body.status).toBe('consultation');
  const sent = await as.post(`/api/v1/consultations/${consultationId}/send`, { version: created.body.version });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  tokens.a = tokenIn(smtp.to('social@gotland.example.invalid')[0]!.text);
  tokens.b = tokenIn(smtp.to('polisen@example.invalid')[0]!.text);
  tokens.c = tokenIn(smtp.to('jouren@example.invalid')[0]!.text);
  content = (await pub().get(link(tokens.a))).body.content;
}, 300_000);

afterAll(async () => {
  vi.useRealTimers();
  configureMailer(null);
  await smtp?.close();
  await ctx?.close();
});

describe('recipient links', () => {
  it('sends each recipient their own link of 256 random bits, of which only the hash is kept', async () => {
    expect(new Set(Object.values(tokens)).size).toBe(3);
    const rows = (await ctx.database.db.execute(`select token_hash from consultation_links` as never)) as unknown as { rows: { token_hash: string }[] };
    expect(rows.rows).toHaveLength(3);
    for (const token of Object.values(tokens)) expect(rows.rows.map((r) => r.token_hash)).not.toContain(token);
    const mail = smtp.to('polisen@example.invalid')[0]!;
    expect(mail.subject).toBe('Remiss: Remiss: handlingsplan');
    expect(mail.text).toContain(`http://localhost:80/remiss/${tokens.b}`);
  });

  it('answers a wrong token 404 without saying more', async () => {
    for (const token of ['A'.repeat(43), 'nope', tokens.a.slice(0, 42) + (tokens.a.endsWith('A') ? 'B' : 'A'), 'x'.repeat(90)]) {
      const response = await pub().get(link(token));
      expectError(response, 404, 'not_found');
      expect(JSON.stringify(response.body)).not.toContain('Socialnämnden');
      expectError(await pub().raw('PUT', link(token), { statement: 'x' }), 404, 'not_found');
      expectError(await pub().post(link(token, '/submit')), 404, 'not_found');
    }
  });

  it('checks where comments point and what a submission needs', async () => {
    const goal = content.nodes[0]!;
    expectValidation(
      await pub().raw('PUT', link(tokens.c), {
        comments: [
          { anchor: { kind: 'passage', nodeId: goal.id, field: 'text', start: 0, end: 5, quote: 'Sen u' }, text: 'fel citat' },
          { anchor: { kind: 'node', nodeId: '00000000-0000-4000-8000-000000000000' }, text: 'okänt mål' },
        ],
      }),
      [
        { path: 'body.comments.0.anchor.quote', code: 'quote_mismatch' },
        { path: 'body.comments.1.anchor.nodeId', code: 'unknown_reference' },
      ],
    );
    await pub().raw('PUT', link(tokens.c), { statement: 'Utkast utan ställningstagande' });
    expectError(await pub().post(link(tokens.c, '/submit')), 409, 'consultation_position_required');
  });

  it('never shows one recipient another’s answer, draft or submitted', async () => {
    const goal = content.nodes[0]!;
    const measure = goal.measures[0]!;
    const start = measure.text.indexOf('all personal');
    const saved = await pub().raw('PUT', link(tokens.a), {
      position: 'avstyrker',
      statement: 'Hemligt yttrande från socialnämnden',
      comments: [
        { anchor: { kind: 'node', nodeId: goal.id }, text: 'Synpunkt på målet' },
        { anchor: { kind: 'passage', measureId: measure.id, field: 'text', start, end: start + 12, quote: 'all personal' }, text: 'Vilken personal?' },
      ],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const attached = await upload(tokens.a, 'yttrande.pdf', pdfBytes);
    expect(attached.statusCode, attached.body).toBe(201);
    const attachmentId = JSON.parse(attached.body).id;

    // The coordinator sees nothing of a draft.
    expect((await as.get(`/api/v1/consultations/${consultationId}/responses`)).body).toEqual([]);
    const b = await pub().get(link(tokens.b));
    expect(b.body.recipient.name).toBe('Polisen');
    expect(b.body.response).toBeNull();
    expect(JSON.stringify(b.body)).not.toContain('Hemligt');
    expectError(await pub().get(link(tokens.b, `/attachments/${attachmentId}`)), 404, 'not_found');
    expectError(await pub().raw('DELETE', link(tokens.b, `/attachments/${attachmentId}`)), 404, 'not_found');

    const submitted = await pub().post(link(tokens.a, '/submit'));
    expect(submitted.status).toBe(200);
    expect(submitted.body.response.attachments.map((a: { filename: string }) => a.filename)).toEqual(['yttrande.pdf']);
    expectError(await pub().get(link(tokens.b, '/receipt')), 404, 'not_found');
    expect(JSON.stringify((await pub().get(link(tokens.b))).body)).not.toContain('Hemligt');
    // Their own attachment, read back as stored; the coordinator reads it too once submitted.
    const own = await ctx.app.inject({ method: 'GET', url: link(tokens.a, `/attachments/${attachmentId}`) });
    expect(Buffer.compare(own.rawPayload, Buffer.from(pdfBytes))).toBe(0);
    const forCoordinator = await ctx.app.inject({ method: 'GET', url: `/api/v1/consultations/${consultationId}/attachments/${attachmentId}`, headers: { cookie: coordinator.cookie } });
    expect(forCoordinator.statusCode).toBe(200);
    expect(forCoordinator.headers['content-type']).toBe('application/pdf');
    // The public cannot.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/consultations/${consultationId}/attachments/${attachmentId}` })).statusCode).toBe(401);
  });

  it('accepts PDF and DOCX attachments and refuses other types, renamed files and files too large', async () => {
    const docx = await upload(tokens.b, 'Yttrande Polisen.docx', docxBytes);
    expect(docx.statusCode, docx.body).toBe(201);
    expect(JSON.parse(docx.body)).toMatchObject({ filename: 'Yttrande Polisen.docx', contentType: expect.stringContaining('wordprocessingml'), size: docxBytes.byteLength });

    const exe = await upload(tokens.b, 'yttrande.pdf', exeBytes);
    expect(exe.statusCode).toBe(415);
    expect(JSON.parse(exe.body).error.code).toBe('attachment_type');
    // A real PDF under a Word name is not what it claims either.
    expect((await upload(tokens.b, 'yttrande.docx', pdfBytes)).statusCode).toBe(415);
    // A ZIP that is not a Word document.
    expect((await upload(tokens.b, 'arkiv.docx', new Uint8Array(Buffer.from('PK\u0003\u0004 hello.txt', 'latin1')))).statusCode).toBe(415);

    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdfBytes);
    const tooLarge = await upload(tokens.b, 'stor.pdf', big);
    expect(tooLarge.statusCode).toBe(413);
    expect(JSON.parse(tooLarge.body).error.code).toBe('attachment_too_large');

    const notMultipart = await pub().post(link(tokens.b, '/attachments'), { file: 'x' });
    expect(notMultipart.status).toBe(415);
    const view = await pub().get(link(tokens.b));
    expect(view.body.response.attachments).toHaveLength(1);
  });

  it('refuses a revoked link as unknown, and a new link restores access', async () => {
    const revoked = await as.post(`/api/v1/consultations/${consultationId}/recipients/${recipientIds.Polisen}/revoke`);
    expect(revoked.body.recipients.find((r: { name: string }) => r.name === 'Polisen').revokedAt).not.toBeNull();
    expectError(await pub().get(link(tokens.b)), 404, 'not_found');
    expectError(await pub().raw('PUT', link(tokens.b), { statement: 'x' }), 404, 'not_found');
    const before = smtp.to('polisen@example.invalid').length;
    await as.post(`/api/v1/consultations/${consultationId}/recipients/${recipientIds.Polisen}/resend`);
    const fresh = tokenIn(smtp.to('polisen@example.invalid')[before]!.text);
    expect((await pub().get(link(fresh))).body.recipient.name).toBe('Polisen');
  });

  it('keeps a link open through the grace period (answers marked late) and refuses it after', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${addDays(deadline, 2)}T12:00:00+02:00`) });
    try {
      const view = await pub().get(link(tokens.c));
      expect(view.status).toBe(200);
      expect(view.body.recipient.status).toBe('overdue');
      await pub().raw('PUT', link(tokens.c), { position: 'avstar', statement: 'Vi avstår.' });
      const late = await pub().post(link(tokens.c, '/submit'));
      expect(late.body.receipt.late).toBe(true);

      vi.setSystemTime(new Date(`${addDays(deadline, 4)}T12:00:00+02:00`));
      expectError(await pub().get(link(tokens.c)), 410, 'consultation_link_expired');
      expectError(await pub().get(link(tokens.a, '/receipt')), 410, 'consultation_link_expired');
      expectError(await pub().raw('PUT', link(tokens.a), { statement: 'x' }), 410, 'consultation_link_expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses changes once the consultation is closed, while the answers stay readable', async () => {
    const { body } = await as.get(`/api/v1/consultations/${consultationId}`);
    expect(body.counts).toMatchObject({ answered: 2 });
    await as.post(`/api/v1/consultations/${consultationId}/close`, { version: body.version });
    const view = await pub().get(link(tokens.a));
    expect(view.body).toMatchObject({ editable: false, consultation: { state: 'closed' } });
    expectError(await pub().post(link(tokens.a, '/submit')), 409, 'consultation_not_sent');
  });
});

describe('consultations and their plan', () => {
  it('refuses a deadline already past, and a draft plan deleted takes its consultations with it', async () => {
    const plan = (await as.post('/api/v1/plans', { organizationId, title: 'Utkast till plan', kind: 'plan' })).body;
    const body = { title: 'Remiss', invitationText: 'Inbjudan.', deadline: addDays(today, -1) };
    expectValidation(await as.post(`/api/v1/plans/${plan.id}/consultations`, body), [{ path: 'body.deadline', code: 'deadline_passed' }]);
    const made = await as.post(`/api/v1/plans/${plan.id}/consultations`, { ...body, deadline });
    expect(made.status).toBe(201);
    expectValidation(await as.patch(`/api/v1/consultations/${made.body.id}`, { version: made.body.version, deadline: addDays(today, -3) }), [{ path: 'body.deadline', code: 'deadline_passed' }]);
    // Sending with nobody to send to is refused.
    expectError(await as.post(`/api/v1/consultations/${made.body.id}/send`, { version: made.body.version }), 409, 'consultation_no_recipients');
    const current = (await as.get(`/api/v1/plans/${plan.id}`)).body;
    expect(current.status).toBe('consultation');
    const back = await as.post(`/api/v1/plans/${plan.id}/transitions`, { to: 'draft', version: current.version });
    expect(back.status).toBe(200);
    expect((await as.delete(`/api/v1/plans/${plan.id}?version=${back.body.version}`)).status).toBe(204);
    expectError(await as.get(`/api/v1/consultations/${made.body.id}`), 404, 'not_found');
  });
});

describe('rate limits on the token routes', () => {
  let limited: TestContext;
  beforeAll(async () => {
    // Four requests per minute and address (four times a sign-in limit of 1).
    limited = await startTestApp({ auth: { ...defaultAuthConfig, authRateLimit: 1 } });
  }, 300_000);
  afterAll(async () => limited?.close());

  it('answers 429 once an address has used up its requests, for wrong tokens too', async () => {
    const client = api(limited, { session: null });
    for (let i = 0; i < 4; i++) {
      const response = await client.get(link('A'.repeat(43)));
      expect(response.status).toBe(404);
      expect([response.raw.headers['x-ratelimit-limit'], response.raw.headers['x-ratelimit-remaining']]).toEqual(['4', String(3 - i)]);
    }
    const refused = await client.get(link('B'.repeat(43)));
    expectError(refused, 429, 'rate_limited');
    // Each token route counts on its own: saving has its own four.
    for (let i = 0; i < 4; i++) expect((await client.raw('PUT', link('C'.repeat(43)), { statement: 'x' })).status).toBe(404);
    expectError(await client.raw('PUT', link('C'.repeat(43)), { statement: 'x' }), 429, 'rate_limited');
    expectError(await client.post(link('C'.repeat(43), '/submit')), 404, 'not_found');
    // Other routes are not affected.
    expect((await client.get('/api/v1/organizations')).status).toBe(200);
  });
});
