import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import * as facts from '../../db/repositories/access.js';
import {
  canAdministerOrganization,
  canCoordinate,
  canCreateOrganizations,
  canEditPlan,
  canReadHistory,
  canReadPlan,
  isMember,
  type Actor,
  type PlanFacts,
} from '../../domain/access.js';
import { authenticationRequired, forbidden, notFound, type Entity } from '../../services/errors.js';

/**
 * A route's authorization, declared beside the route (`config: { policy }`). The app refuses to
 * start with an /api route that has none: deny by default. `authorize` runs before the request body
 * is validated and throws 401 (no session), 404 (the resource is not visible to the actor: data of
 * another organization is not even confirmed to exist) or 403 (visible, but not the actor's to change).
 */
export interface Policy {
  /** A short description, for the OpenAPI document and the route × role matrix. */
  readonly name: string;
  authorize(request: FastifyRequest, db: Db): Promise<void>;
}

const policy = (name: string, authorize: Policy['authorize']): Policy => ({ name, authorize });

const param = (request: FastifyRequest, key: string): string => (request.params as Record<string, string>)[key] ?? '';

/** Refuses as described on Policy: 401 for the anonymous, 404 when the actor may not even read, 403 otherwise. */
function refuse(actor: Actor, canRead: boolean, entity: Entity): never {
  if (actor.kind === 'anonymous') throw authenticationRequired();
  if (!canRead) throw notFound(entity);
  throw forbidden();
}

/** Anyone, signed in or not: public reads (services scope what each actor sees) and the login itself. */
export const publicAccess = policy('public', async () => {});

/** Any signed-in person: their own account and session. */
export const signedIn = policy('signed in', async (request) => {
  if (request.actor.kind !== 'user') throw authenticationRequired();
});

export const systemAdministrator = policy('system administrator', async (request) => {
  if (request.actor.kind === 'anonymous') throw authenticationRequired();
  if (!canCreateOrganizations(request.actor)) throw forbidden();
});

type OrganizationLevel = 'member' | 'coordinator' | 'admin';
const organizationRules: Record<OrganizationLevel, (actor: Actor, organizationId: string) => boolean> = {
  member: isMember,
  coordinator: canCoordinate,
  admin: canAdministerOrganization,
};

/** The organization named in the path (`:organizationId`, or `:id` on /organizations/:id). */
export function organization(level: OrganizationLevel, key = 'organizationId'): Policy {
  return policy(`organization ${level}`, async (request, db) => {
    const id = param(request, key);
    if (!(await facts.organizationExists(db, id))) throw notFound('organization');
    if (!organizationRules[level](request.actor, id)) refuse(request.actor, true, 'organization');
  });
}

/** The organization named in the body (`organizationId`) of a create: coordinators and admins. */
export const organizationInBody = policy('organization coordinator (from body)', async (request, db) => {
  if (request.actor.kind === 'anonymous') throw authenticationRequired();
  const id = (request.body as { organizationId?: unknown } | undefined)?.organizationId;
  // A missing or unknown organization is the body's problem: validation answers it with the field.
  if (typeof id !== 'string' || !(await facts.organizationExists(db, id).catch(() => false))) return;
  if (!canCoordinate(request.actor, id)) throw forbidden();
});

export type PlanAction = 'read' | 'edit' | 'history' | 'coordinate';
const planRules: Record<PlanAction, (actor: Actor, plan: PlanFacts) => boolean> = {
  read: canReadPlan,
  edit: canEditPlan,
  history: (actor, plan) => canReadHistory(actor, plan.organizationId),
  coordinate: (actor, plan) => canCoordinate(actor, plan.organizationId),
};

function planPolicy(entity: 'plan' | 'node' | 'measure', load: (db: Db, id: string) => Promise<PlanFacts | undefined>) {
  return (action: PlanAction, key = 'id'): Policy =>
    policy(`${entity} ${action}`, async (request, db) => {
      const found = await load(db, param(request, key));
      if (!found) throw notFound(entity);
      if (!planRules[action](request.actor, found)) refuse(request.actor, canReadPlan(request.actor, found), entity);
    });
}

/** The plan in the path; reporters may edit only breakdown plans their units own. */
export const plan = planPolicy('plan', facts.planFactsById);
/** The goal node in the path, judged by its plan. */
export const node = planPolicy('node', facts.planFactsByNode);
/** The measure in the path, judged by its plan. */
export const measure = planPolicy('measure', facts.planFactsByMeasure);

/** The unit in the path: units are public reference data to read; the organization's admin changes them. */
export function unit(action: 'read' | 'administer'): Policy {
  return policy(`unit ${action}`, async (request, db) => {
    const organizationId = await facts.unitOrganization(db, param(request, 'id'));
    if (!organizationId) throw notFound('unit');
    if (action === 'administer' && !canAdministerOrganization(request.actor, organizationId)) refuse(request.actor, true, 'unit');
  });
}

/**
 * Breaking a plan down: coordinators for any unit; a reporter only for one of their own units
 * (the body's `ownerUnitId`; when that is missing or malformed, validation answers).
 */
export const breakdownOf = policy('plan breakdown (coordinator, or reporter for own unit)', async (request, db) => {
  const found = await facts.planFactsById(db, param(request, 'id'));
  if (!found) throw notFound('plan');
  const actor = request.actor;
  if (canCoordinate(actor, found.organizationId)) return;
  const unitId = (request.body as { ownerUnitId?: unknown } | undefined)?.ownerUnitId;
  const membership = actor.kind === 'user' ? actor.memberships.find((m) => m.organizationId === found.organizationId) : undefined;
  if (membership?.role === 'reporter' && (typeof unitId !== 'string' || membership.unitIds.includes(unitId))) return;
  refuse(actor, canReadPlan(actor, found), 'plan');
});
