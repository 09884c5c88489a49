import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from './harness.js';
import { registerJobHandler, runDueJobs, scheduleJob } from '../../src/services/jobs.js';
import { listJobs } from '../../src/db/repositories/jobs.js';
import { configureMailer, sendMail } from '../../src/services/mailer.js';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

describe('jobs and mail', () => {
  let ctx: TestContext;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    ctx = await startTestApp();
    smtp = await startTestSmtpServer();
    configureMailer(smtp.mailConfig);
  });
  afterAll(async () => {
    configureMailer(null);
    await smtp.close();
    await ctx.close();
  });

  it('schedules once per dedupe key and runs each due job once, even with concurrent runners', async () => {
    const db = ctx.database.db;
    const runs: string[] = [];
    registerJobHandler('test.mail', async (payload) => {
      runs.push(String(payload.n));
      await sendMail({ to: `person${String(payload.n)}@test.invalid`, subject: `Påminnelse ${String(payload.n)}`, text: 'Hej' });
    });
    const now = new Date('2030-01-10T08:00:00Z');
    for (let n = 0; n < 6; n++) {
      expect(await scheduleJob(db, { kind: 'test.mail', runAt: new Date('2030-01-09T00:00:00Z'), dedupeKey: `test:${n}`, payload: { n } })).toBe(true);
    }
    expect(await scheduleJob(db, { kind: 'test.mail', runAt: now, dedupeKey: 'test:0', payload: { n: 99 } })).toBe(false);
    await scheduleJob(db, { kind: 'test.mail', runAt: new Date('2030-02-01T00:00:00Z'), dedupeKey: 'test:later', payload: { n: 7 } });
    const [a, b] = await Promise.all([runDueJobs(db, { now }), runDueJobs(db, { now })]);
    expect(a.done + b.done).toBe(6);
    expect(runs.sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(smtp.messages).toHaveLength(6);
    expect(smtp.to('person3@test.invalid')[0]!.subject).toBe('Påminnelse 3');
    const jobs = await listJobs(db, { kind: 'test.mail' });
    expect(jobs.filter((j) => j.state === 'done')).toHaveLength(6);
    expect(jobs.find((j) => j.dedupeKey === 'test:later')!.state).toBe('pending');
  });

  it('retries a failing job later and keeps its error', async () => {
    const db = ctx.database.db;
    let calls = 0;
    registerJobHandler('test.flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('smtp down');
    });
    const now = new Date('2030-01-20T08:00:00Z');
    await scheduleJob(db, { kind: 'test.flaky', runAt: now, dedupeKey: 'flaky:1' });
    expect(await runDueJobs(db, { now })).toEqual({ done: 0, failed: 1 });
    let [job] = await listJobs(db, { kind: 'test.flaky' });
    expect(job).toMatchObject({ state: 'pending', lastError: 'smtp down', attempts: 1 });
    expect(await runDueJobs(db, { now })).toEqual({ done: 0, failed: 0 });
    expect(await runDueJobs(db, { now: new Date(now.getTime() + 61_000) })).toEqual({ done: 1, failed: 0 });
    [job] = await listJobs(db, { kind: 'test.flaky' });
    expect(job!.state).toBe('done');
  });

  it('logs instead of sending when no SMTP host is configured', async () => {
    const logged: string[] = [];
    configureMailer(null, (m) => logged.push(m));
    expect(await sendMail({ to: 'x@test.invalid', subject: 'S', text: 'T' })).toEqual({ sent: false });
    expect(logged[0]).toMatch(/not sent: no SMTP configured/);
    configureMailer(smtp.mailConfig);
  });
});
