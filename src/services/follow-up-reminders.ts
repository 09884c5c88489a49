import type { Db } from '../db/database.js';
import * as jobsRepo from '../db/repositories/jobs.js';
import * as repo from '../db/repositories/followup.js';
import { reminderTimes } from '../domain/follow-up.js';
import { registerJobHandler, scheduleJob } from './jobs.js';
import { sendMail } from './mailer.js';
import { inTransaction } from './transaction.js';

/*
 * Reminders of a follow-up round. Opening a round schedules one job per occasion ("before": N days
 * before the deadline; "after": the day after it). When it runs, it looks at the reports not yet
 * handed in and schedules one mail job per recipient (reporters of those units; the coordinators for
 * units without a reporter) and one digest per coordinator. Every job has a dedupe key naming its
 * cause and recipient, and is claimed by exactly one runner (src/services/jobs.ts): one message per
 * recipient per occasion, however many server processes run.
 */

export const roundReminderKind = 'followup.round-reminder';
export const followUpMailKind = 'followup.mail';

const roundKeyPrefix = (roundId: string) => `followup-round:${roundId}:`;

function roundReminderJobs(round: repo.RoundRow) {
  const { before, after } = reminderTimes(round.deadline, round.reminderDaysBefore);
  const list: { occasion: 'before' | 'after'; runAt: Date }[] = [...(before ? [{ occasion: 'before' as const, runAt: before }] : []), { occasion: 'after', runAt: after }];
  return list.map((j) => ({ ...j, dedupeKey: `${roundKeyPrefix(round.id)}${j.occasion}:${j.runAt.toISOString()}` }));
}

/** Schedules (or reschedules, after a change of deadline) the round's reminders, in the caller's transaction. */
export async function scheduleRoundReminders(tx: Db, round: repo.RoundRow): Promise<void> {
  const wanted = roundReminderJobs(round);
  const keys = new Set(wanted.map((w) => w.dedupeKey));
  const existing = await jobsRepo.listJobs(tx, { dedupePrefix: roundKeyPrefix(round.id) });
  await jobsRepo.cancelJobs(tx, existing.filter((j) => j.state === 'pending' && !keys.has(j.dedupeKey)).map((j) => j.dedupeKey), new Date().toISOString());
  for (const w of wanted) {
    await scheduleJob(tx, { kind: roundReminderKind, runAt: w.runAt, dedupeKey: w.dedupeKey, payload: { roundId: round.id, occasion: w.occasion } });
  }
}

/** A closed round sends no more reminders. */
export async function cancelRoundReminders(tx: Db, roundId: string): Promise<void> {
  const existing = await jobsRepo.listJobs(tx, { dedupePrefix: roundKeyPrefix(roundId) });
  await jobsRepo.cancelJobs(tx, existing.filter((j) => j.state === 'pending').map((j) => j.dedupeKey), new Date().toISOString());
}

type Language = 'sv' | 'en';
const lang = (l: string | null): Language => (l === 'en' ? 'en' : 'sv');

interface Owed {
  unitName: string;
  measureCode: string | null;
  measureText: string;
  state: string;
}

const stateWords: Record<Language, Record<string, string>> = {
  sv: { draft: 'ej inlämnad', returned: 'återsänd för komplettering' },
  en: { draft: 'not handed in', returned: 'returned for completion' },
};

function reminderMail(language: Language, occasion: 'before' | 'after', round: repo.RoundRow, planTitle: string, owed: Owed[]) {
  const lines = owed.map((o) => `- ${o.unitName}: ${o.measureCode ? `${o.measureCode} ` : ''}${o.measureText.length > 120 ? `${o.measureText.slice(0, 117)}…` : o.measureText} (${stateWords[language][o.state] ?? o.state})`);
  if (language === 'en') {
    return {
      subject: occasion === 'before' ? `Reminder: follow-up "${round.name}" is due ${round.deadline}` : `Overdue: follow-up "${round.name}" was due ${round.deadline}`,
      text: [
        'Hello,',
        '',
        occasion === 'before'
          ? `The follow-up round "${round.name}" of ${planTitle} is due on ${round.deadline}. These reports of your units are not handed in yet:`
          : `The deadline of the follow-up round "${round.name}" of ${planTitle} was ${round.deadline}. These reports of your units are still not handed in:`,
        '',
        ...lines,
        '',
        'Sign in to Fridplan and open "My assignments" to report.',
      ].join('\n'),
    };
  }
  return {
    subject: occasion === 'before' ? `Påminnelse: uppföljningen "${round.name}" ska lämnas senast ${round.deadline}` : `Försenad: uppföljningen "${round.name}" skulle lämnats senast ${round.deadline}`,
    text: [
      'Hej,',
      '',
      occasion === 'before'
        ? `Uppföljningen "${round.name}" av ${planTitle} ska lämnas senast ${round.deadline}. De här rapporterna för dina enheter är inte inlämnade än:`
        : `Sista dag för uppföljningen "${round.name}" av ${planTitle} var ${round.deadline}. De här rapporterna för dina enheter är fortfarande inte inlämnade:`,
      '',
      ...lines,
      '',
      'Logga in i Fridplan och öppna "Mina uppgifter" för att rapportera.',
    ].join('\n'),
  };
}

function digestMail(language: Language, occasion: 'before' | 'after', round: repo.RoundRow, planTitle: string, perUnit: { unitName: string; missing: number; total: number }[], totals: { reported: number; total: number }) {
  const lines = perUnit.map((u) => (language === 'en' ? `- ${u.unitName}: ${u.missing} of ${u.total} not handed in` : `- ${u.unitName}: ${u.missing} av ${u.total} ej inlämnade`));
  if (language === 'en') {
    return {
      subject: `Follow-up "${round.name}": ${totals.reported} of ${totals.total} reports handed in`,
      text: [
        `Status of the follow-up round "${round.name}" of ${planTitle} (deadline ${round.deadline}${occasion === 'after' ? ', passed' : ''}):`,
        `${totals.reported} of ${totals.total} reports handed in.`,
        '',
        ...(lines.length ? ['Units with reports outstanding:', ...lines] : ['All units have reported.']),
      ].join('\n'),
    };
  }
  return {
    subject: `Uppföljningen "${round.name}": ${totals.reported} av ${totals.total} rapporter inlämnade`,
    text: [
      `Läget i uppföljningen "${round.name}" av ${planTitle} (sista dag ${round.deadline}${occasion === 'after' ? ', passerad' : ''}):`,
      `${totals.reported} av ${totals.total} rapporter är inlämnade.`,
      '',
      ...(lines.length ? ['Enheter som inte har rapporterat allt:', ...lines] : ['Alla enheter har rapporterat.']),
    ].join('\n'),
  };
}

/** Fans a round's reminder out into one mail job per recipient and a digest per coordinator. */
async function runRoundReminder(db: Db, jobId: string, now: Date, payload: Record<string, unknown>): Promise<void> {
  const roundId = String(payload.roundId);
  const occasion = payload.occasion === 'before' ? 'before' : 'after';
  await inTransaction(db, async (tx) => {
    const round = await repo.findRound(tx, roundId);
    if (!round || round.state !== 'open') return;
    const planTitle = (await repo.planTitle(tx, round.planId))?.title ?? '';
    const all = await repo.listReports(tx, { roundId });
    const open = all.filter((r) => r.report.state === 'draft' || r.report.state === 'returned');
    const reporters = (await repo.listMembersWithRoles(tx, round.organizationId, ['reporter'])).filter((p) => p.unitIds.length > 0);
    let coordinators = await repo.listMembersWithRoles(tx, round.organizationId, ['coordinator']);
    if (coordinators.length === 0) coordinators = await repo.listMembersWithRoles(tx, round.organizationId, ['admin']);

    const owedBy = new Map<string, { person: repo.Person; owed: Owed[] }>();
    const add = (person: repo.Person, owed: Owed) => {
      const entry = owedBy.get(person.email) ?? { person, owed: [] };
      entry.owed.push(owed);
      owedBy.set(person.email, entry);
    };
    for (const r of open) {
      const owed = { unitName: r.unitName, measureCode: r.measureCode, measureText: r.measureText, state: r.report.state };
      const responsible = reporters.filter((p) => p.unitIds.includes(r.report.unitId));
      for (const p of responsible.length ? responsible : coordinators) add(p, owed);
    }
    for (const { person, owed } of owedBy.values()) {
      const mail = reminderMail(lang(person.preferredLanguage), occasion, round, planTitle, owed);
      await scheduleJob(tx, { kind: followUpMailKind, runAt: now, dedupeKey: `followup-mail:${jobId}:${person.email}`, payload: { to: person.email, ...mail } });
    }
    const units = new Map<string, { unitName: string; missing: number; total: number }>();
    for (const r of all) {
      const u = units.get(r.report.unitId) ?? { unitName: r.unitName, missing: 0, total: 0 };
      u.total++;
      if (r.report.state === 'draft' || r.report.state === 'returned') u.missing++;
      units.set(r.report.unitId, u);
    }
    const perUnit = [...units.values()].filter((u) => u.missing > 0).sort((a, b) => a.unitName.localeCompare(b.unitName, 'sv'));
    const totals = { reported: all.length - open.length, total: all.length };
    for (const c of coordinators) {
      const mail = digestMail(lang(c.preferredLanguage), occasion, round, planTitle, perUnit, totals);
      await scheduleJob(tx, { kind: followUpMailKind, runAt: now, dedupeKey: `followup-digest:${jobId}:${c.email}`, payload: { to: c.email, ...mail } });
    }
  });
}

registerJobHandler(roundReminderKind, (payload, ctx) => runRoundReminder(ctx.db, ctx.jobId, ctx.now, payload));
registerJobHandler(followUpMailKind, async (payload) => {
  await sendMail({ to: String(payload.to), subject: String(payload.subject), text: String(payload.text) });
});
