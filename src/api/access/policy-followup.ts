import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import * as facts from '../../db/repositories/access.js';
import * as followUp from '../../db/repositories/followup.js';
import { canCoordinate, isMember, membershipIn, type Actor } from '../../domain/access.js';
import { AppError, authenticationRequired, forbidden } from '../../services/errors.js';
import type { Policy } from './policy.js';

/**
 * Follow-up is the organization's internal work: members read it, coordinators and admins manage
 * rounds and review, a reporter edits and submits only the reports of their own units. Refusals as
 * in policy.ts: 401 anonymous, 404 not visible (not a member), 403 visible but not allowed.
 */

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const policy = (name: string, authorize: Policy['authorize']): Policy => ({ name, authorize });
const param = (request: FastifyRequest, key: string): string => (request.params as Record<string, string>)[key] ?? '';

export const followUpNotFound = (entity: 'round' | 'status_report' | 'calendar_event' | 'plan' | 'organization') => new AppError(404, 'not_found', { params: { entity } });

function refuse(actor: Actor, member: boolean, entity: Parameters<typeof followUpNotFound>[0]): never {
  if (actor.kind === 'anonymous') throw authenticationRequired();
  if (!member) throw followUpNotFound(entity);
  throw forbidden();
}

/** A reporter of at least one unit in the organization (or a coordinator/admin). */
const canReport = (actor: Actor, organizationId: string): boolean =>
  canCoordinate(actor, organizationId) || (membershipIn(actor, organizationId)?.role === 'reporter' && membershipIn(actor, organizationId)!.unitIds.length > 0);

export type FollowUpLevel = 'read' | 'report' | 'manage';
const rules: Record<FollowUpLevel, (actor: Actor, organizationId: string) => boolean> = {
  read: isMember,
  report: canReport,
  manage: canCoordinate,
};

/** The plan in the path (`:id`): its rounds. */
export function planRounds(level: 'read' | 'manage', key = 'id'): Policy {
  return policy(`plan follow-up ${level}`, async (request, db) => {
    const plan = await facts.planFactsById(db, param(request, key));
    if (!plan) throw followUpNotFound('plan');
    if (!rules[level](request.actor, plan.organizationId)) refuse(request.actor, isMember(request.actor, plan.organizationId), 'plan');
  });
}

/**
 * The round in the path (`:id`). `report`: reporters too (exporting and importing their units' part;
 * the service checks each row's unit).
 */
export function round(level: FollowUpLevel, key = 'id'): Policy {
  return policy(`round ${level}`, async (request, db) => {
    const found = await followUp.roundFacts(db, param(request, key));
    if (!found) throw followUpNotFound('round');
    if (!rules[level](request.actor, found.organizationId)) refuse(request.actor, isMember(request.actor, found.organizationId), 'round');
  });
}

/** A status report: read by members; `edit` by coordinators and reporters of the report's unit; `review` by coordinators. */
export function statusReport(level: 'read' | 'edit' | 'review', key = 'id'): Policy {
  return policy(`status report ${level}`, async (request, db) => {
    const found = await followUp.reportFacts(db, param(request, key));
    if (!found) throw followUpNotFound('status_report');
    const actor = request.actor;
    const member = isMember(actor, found.organizationId);
    const allowed =
      level === 'read'
        ? member
        : level === 'review'
          ? canCoordinate(actor, found.organizationId)
          : canCoordinate(actor, found.organizationId) || canEditUnitReport(actor, found.organizationId, found.unitId);
    if (!allowed) refuse(actor, member, 'status_report');
  });
}

/** A reporter edits the reports of their own units. */
export function canEditUnitReport(actor: Actor, organizationId: string, unitId: string): boolean {
  if (canCoordinate(actor, organizationId)) return true;
  const m = membershipIn(actor, organizationId);
  return m?.role === 'reporter' && m.unitIds.includes(unitId);
}

/** The organization's follow-up settings and calendar (`:organizationId`). */
export function organizationFollowUp(level: 'read' | 'manage' | 'administer', key = 'organizationId'): Policy {
  return policy(`organization follow-up ${level}`, async (request, db) => {
    const id = param(request, key);
    if (!(await facts.organizationExists(db, id))) throw followUpNotFound('organization');
    const actor = request.actor;
    const role = level === 'read' ? isMember(actor, id) : level === 'manage' ? canCoordinate(actor, id) : canCoordinate(actor, id) && (actor.kind !== 'user' || actor.isSystemAdmin || membershipIn(actor, id)?.role === 'admin');
    if (!role) refuse(actor, isMember(actor, id), 'organization');
  });
}

/** One calendar event of the organization in the path: coordinators change it. */
export const calendarEventManage = policy('calendar event manage', async (request, db) => {
  const organizationId = param(request, 'organizationId');
  const eventId = param(request, 'eventId');
  const found = uuidPattern.test(eventId) ? await followUp.calendarEventFacts(db, eventId) : undefined;
  if (!found || found.organizationId !== organizationId) {
    if (request.actor.kind === 'anonymous') throw authenticationRequired();
    throw followUpNotFound('calendar_event');
  }
  if (!canCoordinate(request.actor, organizationId)) refuse(request.actor, isMember(request.actor, organizationId), 'calendar_event');
});

/**
 * The iCalendar feed: anyone may fetch it (calendar programs send no cookies); the service gives
 * the public only events marked public, members everything. An unknown organization is 404.
 */
export const calendarFeed = policy('calendar feed (public events; members all)', async (request, db) => {
  if (!(await facts.organizationExists(db, param(request, 'organizationId')))) throw followUpNotFound('organization');
});
