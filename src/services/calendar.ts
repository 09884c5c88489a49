import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/followup.js';
import { findOrganization } from '../db/repositories/organizations.js';
import { isMember, type Actor } from '../domain/access.js';
import { campaignSuggestions, expandOccurrences, toICalendar } from '../domain/calendar.js';
import { recordAudit } from './audit.js';
import { AppError, ProblemList, versionConflict } from './errors.js';
import { inTransaction } from './transaction.js';

/*
 * The annual wheel of an organization: its own events (deadlines, decisions, campaigns, meetings),
 * and the deadlines of its open follow-up rounds, which follow the round. The iCalendar feed gives
 * the public only events marked public; members see everything.
 */

const notFound = () => new AppError(404, 'not_found', { params: { entity: 'calendar_event' } });

export interface EventInput {
  title?: string | undefined;
  description?: string | null | undefined;
  kind?: string | undefined;
  startDate?: string | undefined;
  endDate?: string | undefined;
  recursYearly?: boolean | undefined;
  isPublic?: boolean | undefined;
  planId?: string | null | undefined;
}

function checkEvent(values: { startDate: string; endDate: string; recursYearly: boolean }) {
  const problems = new ProblemList();
  if (values.endDate < values.startDate) problems.add('body.endDate', 'before_valid_from');
  // A yearly event longer than a year would overlap itself.
  else if (values.recursYearly && new Date(values.endDate).getTime() - new Date(values.startDate).getTime() > 365 * 86_400_000) problems.add('body.endDate', 'calendar_event_too_long');
  problems.throwIfAny();
}

async function checkPlan(tx: Db, organizationId: string, planId: string | null | undefined) {
  if (!planId) return;
  const plan = await repo.planTitle(tx, planId);
  if (!plan || plan.organizationId !== organizationId) {
    const problems = new ProblemList();
    problems.add('body.planId', 'unknown_reference', { valueSuffix: '' });
    problems.throwIfAny();
  }
}

export async function listCalendar(db: Db, actor: Actor, organizationId: string, window: { from?: string | undefined; to?: string | undefined }) {
  const year = new Date().getUTCFullYear();
  const from = window.from ?? `${year}-01-01`;
  const to = window.to ?? `${year}-12-31`;
  if (to < from) {
    const problems = new ProblemList();
    problems.add('querystring.to', 'before_valid_from');
    problems.throwIfAny();
  }
  const events = await repo.listCalendarEvents(db, organizationId, { publicOnly: !isMember(actor, organizationId), from, to });
  return { from, to, events, occurrences: expandOccurrences(events, from, to) };
}

export async function calendarFeed(db: Db, actor: Actor, organizationId: string, domain: string): Promise<string> {
  const organization = await findOrganization(db, organizationId);
  if (!organization) throw new AppError(404, 'not_found', { params: { entity: 'organization' } });
  const events = await repo.listCalendarEvents(db, organizationId, { publicOnly: !isMember(actor, organizationId) });
  return toICalendar(events, { domain, name: `${organization.name} – årshjul`, description: 'Årshjul för arbetet mot våld i nära relationer (Fridplan)' });
}

export async function createCalendarEvent(db: Db, actor: Actor, organizationId: string, input: EventInput & { title: string; kind: string; startDate: string }) {
  return inTransaction(db, async (tx) => {
    const values = {
      organizationId,
      title: input.title,
      description: input.description ?? null,
      kind: input.kind,
      startDate: input.startDate,
      endDate: input.endDate ?? input.startDate,
      recursYearly: input.recursYearly ?? false,
      isPublic: input.isPublic ?? false,
      planId: input.planId ?? null,
    };
    checkEvent(values);
    await checkPlan(tx, organizationId, values.planId);
    const event = await repo.insertCalendarEvent(tx, values);
    await recordAudit(tx, actor, { organizationId, entity: 'calendar_event', entityId: event.id, planId: event.planId, action: 'create', after: event });
    return event;
  });
}

/** Events that follow a round (its deadline) change with the round, not here. */
function refuseRoundEvent(event: repo.CalendarEventRow) {
  if (event.roundId) throw new AppError(409, 'calendar_event_follows_round');
}

export async function updateCalendarEvent(db: Db, actor: Actor, id: string, input: EventInput & { version: number }) {
  return inTransaction(db, async (tx) => {
    const before = await repo.findCalendarEvent(tx, id);
    if (!before) throw notFound();
    if (before.version !== input.version) throw versionConflict(before);
    refuseRoundEvent(before);
    const { version, ...changes } = input;
    const merged = { startDate: changes.startDate ?? before.startDate, endDate: changes.endDate ?? before.endDate, recursYearly: changes.recursYearly ?? before.recursYearly };
    checkEvent(merged);
    await checkPlan(tx, before.organizationId, changes.planId);
    const after = await repo.updateCalendarEvent(tx, id, version, changes);
    if (!after) throw versionConflict(before);
    await recordAudit(tx, actor, { organizationId: after.organizationId, entity: 'calendar_event', entityId: id, planId: after.planId, action: 'update', before, after });
    return after;
  });
}

export async function deleteCalendarEvent(db: Db, actor: Actor, id: string, version: number) {
  await inTransaction(db, async (tx) => {
    const before = await repo.findCalendarEvent(tx, id);
    if (!before) throw notFound();
    if (before.version !== version) throw versionConflict(before);
    refuseRoundEvent(before);
    await repo.deleteCalendarEvent(tx, id, version);
    await recordAudit(tx, actor, { organizationId: before.organizationId, entity: 'calendar_event', entityId: id, planId: before.planId, action: 'delete', before });
  });
}

/** Adds the recurring campaigns the organization does not have yet (matched by title); one audit event for the batch. */
export async function addCampaigns(db: Db, actor: Actor, organizationId: string, year: number, isPublic: boolean) {
  return inTransaction(db, async (tx) => {
    const existing = new Set((await repo.listCalendarEvents(tx, organizationId)).map((e) => e.title.toLowerCase()));
    const created: repo.CalendarEventRow[] = [];
    for (const c of campaignSuggestions(year)) {
      if (existing.has(c.title.toLowerCase())) continue;
      created.push(
        await repo.insertCalendarEvent(tx, { organizationId, title: c.title, description: c.description, kind: 'campaign', startDate: c.startDate, endDate: c.endDate, recursYearly: true, isPublic, planId: null }),
      );
    }
    if (created.length) await recordAudit(tx, actor, { organizationId, entity: 'calendar_event', entityId: organizationId, action: 'add_campaigns', after: created });
    return created;
  });
}
