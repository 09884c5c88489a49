import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { listJobs } from '../../src/db/repositories/jobs.js';
import { runDueJobs } from '../../src/services/jobs.js';
import { configureMailer } from '../../src/services/mailer.js';
import { createTestUser, startTestApp, testDatabaseKind, type TestContext, type TestSession } from './harness.js';
import { api } from './helpers.js';
import { openRound, sodertalje, unitNames, type Sodertalje } from './followup-support.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/**
 * Reminders of a follow-up round, delivered to a real SMTP server: N days before the deadline and
 * the day after it, to the reporters of units with reports not handed in (the coordinators for units
 * without a reporter), plus a digest to the coordinators. Two job runners — on PostgreSQL two
 * database connections pools as two server processes have, on PGlite two concurrent runners — send
 * each message exactly once.
 */

let ctx: TestContext;
let s: Sodertalje;
let smtp: TestSmtpServer;
let second: Database | undefined;
let secondSocial: TestSession;
let round: any;

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  s = await sodertalje(ctx);
  secondSocial = await createTestUser(ctx, { displayName: 'Andra rapportören', memberships: [{ organizationId: s.organizationId, role: 'reporter', unitIds: [s.units[unitNames.social]!] }] });
  smtp = await startTestSmtpServer();
  configureMailer(smtp.mailConfig, () => undefined);
  if (testDatabaseKind === 'postgres') {
    // A second "server process": its own pool on the same database.
    const result = (await ctx.database.db.execute('SELECT current_database() AS name' as never)) as unknown as { rows: { name: string }[] };
    const url = new URL(process.env.FRIDPLAN_TEST_DATABASE_URL!);
    url.pathname = `/${result.rows[0]!.name}`;
    second = await openDatabase({ kind: 'postgres', url: url.toString() });
  }
  round = await openRound(ctx, s, { name: 'Årsuppföljning 2029', periodStart: '2029-01-01', periodEnd: '2029-12-31', deadline: '2030-03-01', reminderDaysBefore: 7 });
}, 180_000);

afterAll(async () => {
  configureMailer(null);
  await second?.close();
  await smtp?.close();
  await ctx?.close();
});

/** Two runners at once, until neither finds anything due. */
async function runTwoRunners(now: Date) {
  const dbs = [ctx.database.db, (second ?? ctx.database).db];
  let total = 0;
  for (;;) {
    const results = await Promise.all(dbs.map((db) => runDueJobs(db, { now })));
    const done = results.reduce((n, r) => n + r.done + r.failed, 0);
    total += done;
    if (done === 0) return total;
  }
}

const subjects = (email: string) => smtp.to(email).map((m) => m.subject);
/** Messages to the people of this test (the seed's other organizations may have jobs of their own, e.g. a remiss). */
const ours = () => smtp.messages.filter((m) => m.to.some((t) => people().includes(t)));
const people = () => [s.coordinator, s.reader, secondSocial, ...Object.values(s.reporters)].map((p) => p.email.toLowerCase());

describe('round reminders', () => {
  it('are scheduled when the round opens: before the deadline and the day after it', async () => {
    const jobs = await listJobs(ctx.database.db, { dedupePrefix: `followup-round:${round.id}:` });
    expect(jobs.map((j) => [j.payload.occasion, j.runAt && new Date(j.runAt).toISOString(), j.state])).toEqual([
      ['before', '2030-02-22T09:00:00.000Z', 'pending'],
      ['after', '2030-03-02T09:00:00.000Z', 'pending'],
    ]);
    // Nothing is due yet.
    await runTwoRunners(new Date('2030-02-20T12:00:00Z'));
    expect(ours()).toHaveLength(0);
    expect(jobs.every((j) => j.state === 'pending')).toBe(true);
  });

  it('go once to each reporter with reports outstanding, to the coordinators for units without one, and a digest', async () => {
    // The culture unit's reporter hands everything in: no reminder for them.
    const culture = api(ctx, { session: s.reporters.culture });
    for (const r of (await culture.get('/api/v1/me/assignments')).body) {
      const saved = await culture.patch(`/api/v1/status-reports/${r.id}`, { version: r.version, status: 'ongoing', narrative: 'Pågår.' });
      expect((await culture.post(`/api/v1/status-reports/${r.id}/submit`, { version: saved.body.version })).status).toBe(200);
    }
    await runTwoRunners(new Date('2030-02-23T08:00:00Z'));

    const expectOne = (session: TestSession, pattern: RegExp) => {
      const mine = subjects(session.email);
      expect(mine, session.email).toHaveLength(1);
      expect(mine[0]).toMatch(pattern);
    };
    expectOne(s.reporters.social, /^Påminnelse: uppföljningen "Årsuppföljning 2029" ska lämnas senast 2030-03-01$/);
    expectOne(secondSocial, /^Påminnelse/);
    expectOne(s.reporters.school, /^Påminnelse/);
    expect(subjects(s.reporters.culture.email)).toEqual([]);
    expect(subjects(s.reader.email)).toEqual([]);
    // The coordinator: the reminder for the units nobody reports for, and the digest.
    const coordinator = subjects(s.coordinator.email).sort();
    expect(coordinator).toHaveLength(2);
    expect(coordinator[0]).toMatch(/^Påminnelse/);
    expect(coordinator[1]).toMatch(/^Uppföljningen "Årsuppföljning 2029": \d+ av \d+ rapporter inlämnade$/);
    const total = (await api(ctx, { session: s.coordinator }).get(`/api/v1/rounds/${round.id}`)).body.reportCounts;
    expect(coordinator[1]).toContain(`${total.submitted} av ${total.total}`);

    // The social reporter's message names their measures; the coordinator's names the units without a reporter.
    const socialMail = smtp.to(s.reporters.social.email)[0]!.text;
    expect(socialMail).toContain(unitNames.social);
    expect(socialMail).not.toContain(unitNames.school);
    expect(smtp.to(s.coordinator.email).find((m) => m.subject.startsWith('Påminnelse'))!.text).toContain('Kommunstyrelsen:');

    // Running again sends nothing more.
    const count = ours().length;
    await runTwoRunners(new Date('2030-02-24T08:00:00Z'));
    expect(ours()).toHaveLength(count);
  });

  it('after the deadline: one more message each, then nothing once the round is closed', async () => {
    const before = ours().length;
    await runTwoRunners(new Date('2030-03-02T10:00:00Z'));
    for (const session of [s.reporters.social, secondSocial, s.reporters.school]) {
      expect(subjects(session.email).filter((x) => x.startsWith('Försenad'))).toHaveLength(1);
    }
    expect(subjects(s.coordinator.email)).toHaveLength(4);
    expect(ours().length - before).toBe(5);

    // A closed round's pending reminders are cancelled.
    const coordinator = api(ctx, { session: s.coordinator });
    const later = await openRound(ctx, s, { name: 'Årsuppföljning 2030', periodStart: '2030-01-01', periodEnd: '2030-12-31', deadline: '2031-03-01' });
    await coordinator.post(`/api/v1/rounds/${later.id}/close`, { version: later.version });
    const count = ours().length;
    await runTwoRunners(new Date('2031-04-01T10:00:00Z'));
    expect(ours()).toHaveLength(count);
    const jobs = await listJobs(ctx.database.db, { dedupePrefix: `followup-round:${later.id}:` });
    expect(jobs.map((j) => [j.state, j.lastError])).toEqual([
      ['done', 'cancelled'],
      ['done', 'cancelled'],
    ]);
  });

  it('moves with the deadline', async () => {
    const coordinator = api(ctx, { session: s.coordinator });
    const next = await openRound(ctx, s, { name: 'Delår 2031', periodStart: '2031-01-01', periodEnd: '2031-04-30', deadline: '2031-05-31', reminderDaysBefore: 3 });
    const moved = await coordinator.patch(`/api/v1/rounds/${next.id}`, { version: next.version, deadline: '2031-06-15' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const jobs = await listJobs(ctx.database.db, { dedupePrefix: `followup-round:${next.id}:` });
    const pending = jobs.filter((j) => j.state === 'pending').map((j) => new Date(j.runAt).toISOString());
    expect(pending).toEqual(['2031-06-12T09:00:00.000Z', '2031-06-16T09:00:00.000Z']);
    // The annual wheel follows the round's deadline.
    const wheel = (await coordinator.get(`/api/v1/organizations/${s.organizationId}/calendar?from=2031-01-01&to=2031-12-31`)).body;
    expect(wheel.events.filter((e: { roundId: string }) => e.roundId === next.id).map((e: { startDate: string }) => e.startDate)).toEqual(['2031-06-15']);
  });
});
