import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { positionFromSeed } from '../../src/domain/consultation.js';
import { runDueJobs } from '../../src/services/jobs.js';
import { configureMailer } from '../../src/services/mailer.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { createTestUser, organizationByCode, startTestApp, type Client, type TestContext, type TestSession } from './harness.js';
import { api, expectError } from './helpers.js';

/**
 * Kalmar's remiss of 2022 as the seed gives it: the invitation to fifteen bodies with the deadline
 * 2022-05-07, the social services' statement entered through their own link (one comment per point,
 * on the focus areas and sections it names), the others reminded, every comment disposed of, the
 * next version with its changes, and the compiled report read back from DOCX and PDF.
 */

interface SeedComment {
  text: string;
  pointsAt?: string;
  node?: string;
}
interface SeedConsultation {
  title: string;
  deadline: string;
  sentDate: string;
  invitationText: string;
  recipients: { name: string; email: string; kind: string }[];
  responses: { recipient: string; position: keyof typeof positionFromSeed; statement: string; comments: SeedComment[] }[];
}
const seed = parse(readFileSync(new URL('../../seed-data/kalmar.yaml', import.meta.url), 'utf8')) as { plans: { status: string; consultation?: SeedConsultation }[] };
const consultationSeed = seed.plans.find((p) => p.consultation)!.consultation!;
const statementSeed = consultationSeed.responses.find((r) => r.recipient === 'Socialnämnden')!;
const social = consultationSeed.recipients.find((r) => r.name === 'Socialnämnden')!;
const others = consultationSeed.recipients.filter((r) => r !== social);

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The link in a message's decoded body. */
const tokenIn = (text: string): string => {
  const match = /\/remiss\/([A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error('no link in the message');
  return match[1]!;
};

let ctx: TestContext;
let smtp: TestSmtpServer;
let coordinator: TestSession;
let reader: TestSession;
let as: Client;
let consultationId: string;
let planId: string;
let socialToken: string;

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  smtp = await startTestSmtpServer();
  configureMailer(smtp.mailConfig, () => {});
  const kalmar = await organizationByCode(api(ctx), '0880');
  coordinator = await createTestUser(ctx, { displayName: 'Ann-Sofie Lagercrantz', memberships: [{ organizationId: kalmar.id, role: 'coordinator' }] });
  reader = await createTestUser(ctx, { memberships: [{ organizationId: kalmar.id, role: 'reader' }] });
  as = api(ctx, { session: coordinator });
}, 600_000);

afterAll(async () => {
  vi.useRealTimers();
  configureMailer(null);
  await smtp?.close();
  await ctx?.close();
});

/** Runs `work` with the clock set to a moment of spring 2022 (only Date is faked). */
async function at<T>(moment: string, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(moment) });
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

describe('Kalmar’s remiss of the strategy 2022–2026', () => {
  it('is seeded as it was sent: its invitation, its fifteen recipients and the deadline 2022-05-07', async () => {
    const plans = await as.get('/api/v1/plans?q=Strategi för att förebygga');
    planId = plans.body.items.find((p: { status: string; title: string }) => p.status === 'consultation' && p.title.startsWith('Strategi för att förebygga')).id;
    const list = await as.get(`/api/v1/plans/${planId}/consultations`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    consultationId = list.body[0].id;
    const { body } = await as.get(`/api/v1/consultations/${consultationId}`);
    expect(body).toMatchObject({ title: consultationSeed.title, deadline: '2022-05-07', state: 'sent', versionNumber: 1, graceDays: 14, published: false, nextPlanId: null });
    expect(body.invitationText).toBe(consultationSeed.invitationText);
    expect(body.sentAt.slice(0, 10)).toBe(consultationSeed.sentDate);
    // The end of 7 May in Swedish summer time (UTC+2), plus fourteen days.
    expect(body.linkExpiresAt).toBe('2022-05-21T22:00:00.000Z');
    expect(body.recipients.map((r: { name: string }) => r.name)).toEqual(consultationSeed.recipients.map((r) => r.name));
    expect(body.recipients.map((r: { email: string }) => r.email)).toEqual(consultationSeed.recipients.map((r) => r.email));
    expect(body.recipients.filter((r: { kind: string }) => r.kind === 'internal')).toHaveLength(8);
    // Seen today, long after the deadline, nobody has answered.
    expect(new Set(body.recipients.map((r: { status: string }) => r.status))).toEqual(new Set(['overdue']));
    expect(body.counts).toMatchObject({ recipients: 15, answered: 0, comments: 0 });
    // Members read; a reader cannot change it.
    expect((await api(ctx, { session: reader }).get(`/api/v1/consultations/${consultationId}`)).status).toBe(200);
    expectError(await api(ctx, { session: reader }).post(`/api/v1/consultations/${consultationId}/close`, { version: body.version }), 403, 'forbidden');
    expectError(await api(ctx, { session: null }).get(`/api/v1/consultations/${consultationId}`), 401, 'authentication_required');
  });

  it('sends the social services a link by e-mail; the seed holds no usable link', async () => {
    const { body } = await as.get(`/api/v1/consultations/${consultationId}`);
    const recipient = body.recipients.find((r: { name: string }) => r.name === social.name);
    const resent = await as.post(`/api/v1/consultations/${consultationId}/recipients/${recipient.id}/resend`);
    expect(resent.status).toBe(200);
    const mails = smtp.to(social.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Remiss: ${consultationSeed.title}`);
    socialToken = tokenIn(mails[0]!.text);
    // Only the hash is stored.
    const stored = (await ctx.database.db.execute(`select token_hash from consultation_links` as never)) as unknown as { rows: { token_hash: string }[] };
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(socialToken);
    expect(stored.rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('takes the social services’ statement through their link, one comment per point, on the focus areas and sections it names', async () => {
    await at('2022-04-08T10:00:00+02:00', async () => {
      const pub = api(ctx, { session: null });
      const view = await pub.get(`/api/v1/consultation-links/${socialToken}`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ recipient: { name: 'Socialnämnden', status: 'opened' }, editable: true, consultation: { deadline: '2022-05-07', organizationName: 'Kalmar kommun' }, response: null });
      const content = view.body.content;
      const focusArea = (number: string) => content.nodes.find((n: { number: string }) => n.number === number);
      const sectionIndex = (pointsAt: string) =>
        content.plan.sections.findIndex((s: { heading: string }) => normalize(pointsAt).toLowerCase().startsWith(normalize(s.heading).toLowerCase().slice(0, 24)));

      const comments = statementSeed.comments.map((comment) => {
        // The ESTER point: the passage naming the tool in focus area 2's measure.
        if (comment.text.includes('ESTER')) {
          const measure = focusArea(comment.node!).measures.find((m: { text: string }) => m.text.includes('(ESTER)'));
          const start = measure.text.indexOf('ESTER');
          return { anchor: { kind: 'passage', measureId: measure.id, field: 'text', start, end: start + 5, quote: 'ESTER' }, text: comment.text };
        }
        if (comment.node) return { anchor: { kind: 'node', nodeId: focusArea(comment.node).id }, text: comment.text };
        const index = comment.pointsAt ? sectionIndex(comment.pointsAt) : -1;
        if (index >= 0) {
          const heading = content.plan.sections[index].heading;
          return { anchor: { kind: 'passage', sectionIndex: index, field: 'heading', start: 0, end: heading.length, quote: heading }, text: comment.text };
        }
        return { anchor: { kind: 'plan' }, text: comment.text };
      });
      expect(comments.filter((c) => c.anchor.kind === 'passage' && 'sectionIndex' in c.anchor)).toHaveLength(1);

      const saved = await pub.raw('PUT', `/api/v1/consultation-links/${socialToken}`, { position: positionFromSeed[statementSeed.position], statement: normalize(statementSeed.statement), comments });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body.response).toMatchObject({ state: 'draft', position: 'tillstyrker_med_synpunkter', receipt: null });
      expect(saved.body.response.comments.map((c: { text: string }) => c.text)).toEqual(statementSeed.comments.map((c) => c.text));

      // Nothing reaches the coordinator before it is submitted.
      vi.useRealTimers();
      expect((await as.get(`/api/v1/consultations/${consultationId}/responses`)).body).toEqual([]);
      vi.useFakeTimers({ toFake: ['Date'], now: new Date('2022-04-08T10:05:00+02:00') });

      const submitted = await pub.post(`/api/v1/consultation-links/${socialToken}/submit`);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      expect(submitted.body.receipt).toMatchObject({ number: expect.stringMatching(/^FP-[2-9A-Z]{4}-[2-9A-Z]{4}$/), late: false, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(submitted.body.receipt.submittedAt).toBe('2022-04-08T08:05:00.000Z');
      const copy = smtp.to(social.email).find((m) => m.subject.startsWith('Kvittens'))!;
      expect(copy.subject).toContain(submitted.body.receipt.number);
      expect(normalize(copy.text)).toContain('Tillstyrker med synpunkter');

      // Submitted means locked; the receipt stays readable.
      expectError(await pub.raw('PUT', `/api/v1/consultation-links/${socialToken}`, { statement: 'ändrat' }), 409, 'consultation_answer_locked');
      const receipt = await pub.get(`/api/v1/consultation-links/${socialToken}/receipt`);
      expect(receipt.body.receipt.number).toBe(submitted.body.receipt.number);
    });
  });

  it('shows the coordinator the answer, and its comments grouped by what they point at', async () => {
    const { body } = await as.get(`/api/v1/consultations/${consultationId}`);
    const byName = new Map(body.recipients.map((r: { name: string }) => [r.name, r]));
    expect(byName.get('Socialnämnden')).toMatchObject({ status: 'answered', position: 'tillstyrker_med_synpunkter' });
    expect(body.counts).toMatchObject({ answered: 1, comments: statementSeed.comments.length, disposed: 0 });

    const groups = (await as.get(`/api/v1/consultations/${consultationId}/comments`)).body as { target: { kind: string; number: string; label: string }; comments: { text: string }[] }[];
    const groupOf = (fragment: string) => groups.find((g) => g.comments.some((c) => c.text.includes(fragment)))!.target;
    expect(groupOf('andra fokusområdet')).toMatchObject({ kind: 'node', number: '2' });
    expect(groupOf('fjärde punkten')).toMatchObject({ kind: 'node', number: '5' });
    expect(groupOf('ESTER')).toMatchObject({ kind: 'measure', number: expect.stringMatching(/^2\./) });
    expect(groupOf('hedersnormer')).toMatchObject({ kind: 'section', label: expect.stringContaining('Särskilt sårbara grupper') });
    expect(groupOf('muntligt')).toMatchObject({ kind: 'plan' });
    expect(groups.flatMap((g) => g.comments)).toHaveLength(statementSeed.comments.length);
    // Document order: the plan, then sections, then focus areas in order.
    expect(groups[0]!.target.kind).toBe('plan');
  });

  it('reminds the fourteen who have not answered before the deadline, each with a working link, and nobody after it', async () => {
    const before = smtp.messages.length;
    // The first reminder is due seven days before the deadline, at 08:00 Swedish time on 30 April.
    const early = await runDueJobs(ctx.database.db, { now: new Date('2022-04-29T12:00:00Z') });
    expect(smtp.messages.slice(before).filter((m) => m.subject.startsWith('Påminnelse'))).toHaveLength(0);
    expect(early.failed).toBe(0);

    const run = await runDueJobs(ctx.database.db, { now: new Date('2022-05-01T08:00:00Z') });
    expect(run.failed).toBe(0);
    const reminders = smtp.messages.slice(before).filter((m) => m.subject.startsWith('Påminnelse: remiss'));
    expect(reminders.flatMap((m) => m.to).sort()).toEqual(others.map((r) => r.email).sort());
    expect(reminders.every((m) => m.subject.includes('2022-05-07'))).toBe(true);
    // Each reminder's link opens that recipient's own page.
    const police = reminders.find((m) => m.to.includes('polismyndigheten-kalmar@example.invalid'))!;
    const view = await at('2022-05-02T09:00:00+02:00', () => api(ctx, { session: null }).get(`/api/v1/consultation-links/${tokenIn(police.text)}`));
    expect(view.body).toMatchObject({ recipient: { name: 'Polismyndigheten', status: 'opened' }, response: null });

    // Run again at the same time: done jobs do not repeat.
    const count = smtp.messages.length;
    await runDueJobs(ctx.database.db, { now: new Date('2022-05-01T08:00:00Z') });
    expect(smtp.messages.length).toBe(count);
    // The second reminder (5 May) run only after the deadline has passed sends nothing.
    await runDueJobs(ctx.database.db, { now: new Date('2022-05-09T08:00:00Z') });
    expect(smtp.messages.length).toBe(count);
    const { body } = await as.get(`/api/v1/consultations/${consultationId}`);
    expect(body.recipients.filter((r: { remindedAt: string | null }) => r.remindedAt)).toHaveLength(14);
  });

  it('gives every comment a disposition with a reason', async () => {
    const responses = (await as.get(`/api/v1/consultations/${consultationId}/responses`)).body;
    expect(responses).toHaveLength(1);
    const comments = responses[0].comments as { id: string; text: string }[];
    const choices = ['accepted', 'partly_accepted', 'not_accepted', 'noted'] as const;
    for (const [i, comment] of comments.entries()) {
      const saved = await as.raw('PUT', `/api/v1/consultations/${consultationId}/comments/${comment.id}/disposition`, { disposition: choices[i % 4], reason: `Motivering ${i + 1}: ${choices[i % 4]}` });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body.disposition).toMatchObject({ disposition: choices[i % 4], decidedBy: 'Ann-Sofie Lagercrantz', version: 1 });
    }
    // Changing one needs the version read.
    expectError(await as.raw('PUT', `/api/v1/consultations/${consultationId}/comments/${comments[0]!.id}/disposition`, { disposition: 'noted', reason: 'x' }), 409, 'version_conflict');
    // A reader may not dispose of comments.
    expectError(await api(ctx, { session: reader }).raw('PUT', `/api/v1/consultations/${consultationId}/comments/${comments[0]!.id}/disposition`, { disposition: 'noted', reason: 'x' }), 403, 'forbidden');
    expect((await as.get(`/api/v1/consultations/${consultationId}`)).body.counts).toMatchObject({ comments: 10, disposed: 10 });
  });

  it('makes the next version from the consulted one; its diff shows each change with the comments that led to it', async () => {
    const made = await as.post(`/api/v1/consultations/${consultationId}/next-version`, {});
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.plan).toMatchObject({ status: 'draft', title: expect.stringContaining('Strategi') });
    expect(made.body.consultation.nextPlanId).toBe(made.body.plan.id);
    expectError(await as.post(`/api/v1/consultations/${consultationId}/next-version`, {}), 409, 'next_version_exists');

    // Before any edit the copy reads the same as the consulted version.
    expect((await as.get(`/api/v1/consultations/${consultationId}/diff`)).body.changes).toEqual([]);

    const next = (await as.get(`/api/v1/plans/${made.body.plan.id}/tree`)).body;
    const area2 = next.nodes.find((n: { number: string }) => n.number === '2');
    const ester = area2.measures.find((m: { text: string }) => m.text.includes('(ESTER)'));
    const edited = await as.patch(`/api/v1/nodes/${area2.id}`, { version: area2.version, text: `${area2.text} och barn och unga som bevittnat/upplevt våld` });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await as.patch(`/api/v1/measures/${ester.id}`, { version: ester.version, text: `${ester.text}. Användningen av ESTER beskrivs i en egen rutin.` })).status).toBe(200);

    // Link the dispositions: one by the consulted version's id (followed into the copy), one by the new id.
    const responses = (await as.get(`/api/v1/consultations/${consultationId}/responses`)).body;
    const comments = responses[0].comments as { id: string; text: string; anchor: { nodeId?: string }; disposition: { version: number } }[];
    const area2Comment = comments.find((c) => c.text.includes('andra fokusområdet'))!;
    const esterComment = comments.find((c) => c.text.includes('ESTER'))!;
    const link1 = await as.raw('PUT', `/api/v1/consultations/${consultationId}/comments/${area2Comment.id}/disposition`, {
      disposition: 'accepted',
      reason: 'Fokusområdet kompletteras.',
      linkedId: area2Comment.anchor.nodeId,
      version: area2Comment.disposition.version,
    });
    expect(link1.status, JSON.stringify(link1.body)).toBe(200);
    expect(link1.body.disposition.linkedLabel).toContain('bevittnat/upplevt våld');
    const link2 = await as.raw('PUT', `/api/v1/consultations/${consultationId}/comments/${esterComment.id}/disposition`, {
      disposition: 'partly_accepted',
      reason: 'Rutin för ESTER tas fram.',
      linkedId: ester.id,
      note: 'Piloten behålls.',
      version: esterComment.disposition.version,
    });
    expect(link2.status, JSON.stringify(link2.body)).toBe(200);
    const unknown = await as.raw('PUT', `/api/v1/consultations/${consultationId}/comments/${esterComment.id}/disposition`, { disposition: 'noted', reason: 'x', linkedId: '00000000-0000-4000-8000-000000000000', version: link2.body.disposition.version });
    expect(unknown.body.error.fields).toEqual([{ path: 'body.linkedId', code: 'not_in_version', message: expect.any(String) }]);

    const diff = (await as.get(`/api/v1/consultations/${consultationId}/diff`)).body;
    expect(diff.nextPlanId).toBe(made.body.plan.id);
    expect(diff.changes).toHaveLength(2);
    const nodeChange = diff.changes.find((c: { kind: string }) => c.kind === 'node');
    expect(nodeChange).toMatchObject({ change: 'changed', id: area2.id, number: '2', fields: ['text'] });
    expect(nodeChange.comments).toEqual([{ id: area2Comment.id, recipientName: 'Socialnämnden', text: area2Comment.text, disposition: 'accepted', reason: 'Fokusområdet kompletteras.' }]);
    const measureChange = diff.changes.find((c: { kind: string }) => c.kind === 'measure');
    expect(measureChange).toMatchObject({ change: 'changed', id: ester.id, fields: ['text'] });
    expect(measureChange.comments.map((c: { id: string }) => c.id)).toEqual([esterComment.id]);
    // The consulted version itself did not change.
    const consulted = (await as.get(`/api/v1/plans/${planId}/versions`)).body;
    expect(consulted).toHaveLength(1);
  });

  it('exports the compiled report as DOCX and PDF that read back with recipients, positions, comments, dispositions and changes', async () => {
    const report = (await as.get(`/api/v1/consultations/${consultationId}/report`)).body;
    expect(report.summary).toMatchObject({ asked: 15, answered: 1, notAnswered: 14, comments: 10, disposed: 10, byPosition: { tillstyrker_med_synpunkter: 1, tillstyrker: 0 } });

    // Each comment is followed by its disposition and reason, as they stand now.
    const comments = (await as.get(`/api/v1/consultations/${consultationId}/responses`)).body[0].comments as { text: string; disposition: { disposition: string; reason: string } }[];
    const dispositionLabels: Record<string, string> = { accepted: 'Tillgodosedd', partly_accepted: 'Delvis tillgodosedd', not_accepted: 'Inte tillgodosedd', noted: 'Noterad' };
    expect(new Set(comments.map((c) => c.disposition.disposition)).size).toBeGreaterThanOrEqual(3);

    const docx = await ctx.app.inject({ method: 'GET', url: `/api/v1/consultations/${consultationId}/report.docx`, headers: { cookie: coordinator.cookie } });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const docxText = normalize((await mammoth.extractRawText({ buffer: docx.rawPayload })).value);

    const pdf = await ctx.app.inject({ method: 'GET', url: `/api/v1/consultations/${consultationId}/report.pdf`, headers: { cookie: coordinator.cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfText = normalize((await extractText(new Uint8Array(pdf.rawPayload), { mergePages: true })).text);

    // PDF lines break where the text allows ("bevittnat/ upplevt"): compare it without whitespace.
    const squash = (text: string) => text.replace(/\s+/g, '');
    for (const [format, raw] of [['docx', docxText], ['pdf', pdfText]] as const) {
      const form = format === 'pdf' ? squash : (t: string) => t.replace(/\s+/g, ' ');
      const text = form(raw);
      const has = (expected: string, what = expected) => expect(text, `${format}: ${what.slice(0, 40)}`).toContain(form(expected));
      has('Remissammanställning');
      for (const r of consultationSeed.recipients) has(r.name);
      has('Tillstyrker med synpunkter');
      for (const c of comments) {
        // The comment, the passage it marked (if any), then its disposition and reason.
        const pattern = `${escape(form(c.text))}(${escape(form(' Markerad text: '))}”[^”]*”)?${escape(form(` Ställningstagande: ${dispositionLabels[c.disposition.disposition]}. Motivering: ${c.disposition.reason}`))}`;
        expect(text, `${format}: ${c.text.slice(0, 30)}`).toMatch(new RegExp(pattern));
      }
      has('Ändring: 2 Tidig upptäckt av våld samt stärkt skydd och stöd för våldsutsatta och barn och unga som bevittnat/upplevt våld');
      has('Kommentar: Piloten behålls.');
      has('Ändringar i den nya versionen');
      has('svar saknas');
    }
    // In English when asked.
    const en = await ctx.app.inject({ method: 'GET', url: `/api/v1/consultations/${consultationId}/report.docx?lang=en`, headers: { cookie: coordinator.cookie } });
    expect((await mammoth.extractRawText({ buffer: en.rawPayload })).value).toContain('Approves with comments');
  });

  it('publishes the report as a public page only when told to', async () => {
    const pub = api(ctx, { session: null });
    expectError(await pub.get(`/api/v1/consultations/${consultationId}/public`), 404, 'not_found');
    const { body } = await as.get(`/api/v1/consultations/${consultationId}`);
    const published = await as.post(`/api/v1/consultations/${consultationId}/publish`, { version: body.version, published: true });
    expect(published.body.published).toBe(true);
    const page = await pub.get(`/api/v1/consultations/${consultationId}/public`);
    expect(page.status).toBe(200);
    expect(page.body.groups.flatMap((g: { comments: unknown[] }) => g.comments)).toHaveLength(10);
    // Contact addresses are not part of the public page.
    expect(JSON.stringify(page.body)).not.toContain('@');
    // The rest of the consultation stays for members.
    expectError(await pub.get(`/api/v1/consultations/${consultationId}/responses`), 401, 'authentication_required');
  });
});
