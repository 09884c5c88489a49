import type { PlanStatus } from './vocabulary.js';

/**
 * Who may do what, as rules over plain data: no I/O. The API's route policies load the resource
 * (its organization, owner unit, status) and ask these functions.
 *
 * - admin: users, units, taxonomies, settings of the organization, and everything a coordinator may do
 * - coordinator: all plans of the organization
 * - reporter: reads the organization; edits only what their units own (their breakdown plans)
 * - reader: reads everything of the organization
 * - the public (no account): reads published plans only
 * - system administrator: runs the installation, creates organizations; acts as admin everywhere
 */
export const roles = ['admin', 'coordinator', 'reporter', 'reader'] as const;
export type Role = (typeof roles)[number];

export interface Membership {
  organizationId: string;
  role: Role;
  /** The units a reporter reports for; empty for other roles. */
  unitIds: readonly string[];
}

export interface SignedInActor {
  kind: 'user';
  userId: string;
  displayName: string;
  email: string;
  isSystemAdmin: boolean;
  memberships: readonly Membership[];
}

export type Actor = SignedInActor | { kind: 'anonymous' } | { kind: 'system'; name: string };

export const anonymous: Actor = { kind: 'anonymous' };
/** Changes made by the server itself (seeding, the command line). */
export const systemActor = (name: string): Actor => ({ kind: 'system', name });

/** Adopted plans are public records; drafts and plans out on consultation are not published here. */
const publishedStatuses: ReadonlySet<PlanStatus> = new Set(['adopted', 'in_force', 'expired', 'replaced']);
export const isPublished = (status: string): boolean => publishedStatuses.has(status as PlanStatus);
export const publishedPlanStatuses = [...publishedStatuses];

export function membershipIn(actor: Actor, organizationId: string): Membership | undefined {
  return actor.kind === 'user' ? actor.memberships.find((m) => m.organizationId === organizationId) : undefined;
}

const isSystem = (actor: Actor): boolean => actor.kind === 'system' || (actor.kind === 'user' && actor.isSystemAdmin);

/** The organization's role of the actor, with the system administrator acting as admin everywhere. */
export function roleIn(actor: Actor, organizationId: string): Role | null {
  if (isSystem(actor)) return 'admin';
  return membershipIn(actor, organizationId)?.role ?? null;
}

/** Organizations whose unpublished data the actor may read; `'all'` for the system administrator. */
export function readableOrganizations(actor: Actor): 'all' | string[] {
  if (isSystem(actor)) return 'all';
  return actor.kind === 'user' ? actor.memberships.map((m) => m.organizationId) : [];
}

export const isMember = (actor: Actor, organizationId: string): boolean => roleIn(actor, organizationId) !== null;
export const canAdministerOrganization = (actor: Actor, organizationId: string): boolean => roleIn(actor, organizationId) === 'admin';
export const canCoordinate = (actor: Actor, organizationId: string): boolean => {
  const role = roleIn(actor, organizationId);
  return role === 'admin' || role === 'coordinator';
};
export const canCreateOrganizations = (actor: Actor): boolean => isSystem(actor);

/** What a plan needs for a decision. */
export interface PlanFacts {
  organizationId: string;
  status: string;
  ownerUnitId: string | null;
  parentPlanId: string | null;
}

export function canReadPlan(actor: Actor, plan: PlanFacts): boolean {
  return isPublished(plan.status) || isMember(actor, plan.organizationId);
}

/** A reporter owns a breakdown plan (one with a parent plan) whose owner unit is one of theirs. */
export function ownsPlan(actor: Actor, plan: PlanFacts): boolean {
  const membership = membershipIn(actor, plan.organizationId);
  return (
    membership?.role === 'reporter' && plan.parentPlanId !== null && plan.ownerUnitId !== null && membership.unitIds.includes(plan.ownerUnitId)
  );
}

/** Change the content and metadata of a plan (the services still refuse frozen plans). */
export function canEditPlan(actor: Actor, plan: PlanFacts): boolean {
  return canCoordinate(actor, plan.organizationId) || ownsPlan(actor, plan);
}

/** Lifecycle decisions, versions, deletion: the coordinator's, or the owning reporter's for their own breakdown plan. */
export const canManagePlan = canEditPlan;

/** A reporter may break a plan down for one of their own units; coordinators for any unit. */
export function canBreakDownFor(actor: Actor, organizationId: string, unitId: string): boolean {
  if (canCoordinate(actor, organizationId)) return true;
  const membership = membershipIn(actor, organizationId);
  return membership?.role === 'reporter' && membership.unitIds.includes(unitId);
}

/** A plan's history names the officials who changed it: members only. */
export const canReadHistory = (actor: Actor, organizationId: string): boolean => isMember(actor, organizationId);

/** The name written in the audit trail. */
export function actorName(actor: Actor): string {
  if (actor.kind === 'user') return actor.displayName;
  if (actor.kind === 'system') return actor.name;
  return 'anonymous';
}

export const actorUserId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);

/** What the web client shows: capabilities per organization, derived from the same rules. */
export function capabilitiesIn(actor: Actor, organizationId: string) {
  const role = roleIn(actor, organizationId);
  const membership = membershipIn(actor, organizationId);
  return {
    role,
    unitIds: membership?.unitIds ?? [],
    administer: role === 'admin',
    coordinate: role === 'admin' || role === 'coordinator',
    read: role !== null,
  };
}
