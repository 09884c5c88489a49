import {
  canAdministerOrganization,
  canCoordinate,
  canEditPlan,
  canReadHistory,
  type Actor,
  type SignedInActor,
} from '../../domain/access';
import type { SessionUser } from '../app/session';
import { useSession } from '../app/session';

/**
 * What the current user may do, decided by the same pure rules the server's policies use
 * (src/domain/access.ts). The UI only hides what the role may not do; the server still refuses it.
 */
export type Capability =
  | 'edit_plan'
  | 'edit_units'
  | 'transition_plan'
  | 'create_plan'
  | 'administer'
  | 'read_history'
  | 'view_audit';

/** What a plan decision needs besides its organization: reporters edit only their units' breakdown plans. */
export interface PlanOwnership {
  ownerUnitId: string | null;
  parentPlanId: string | null;
}

export function actorOf(user: SessionUser | null): Actor {
  if (!user) return { kind: 'anonymous' };
  const actor: SignedInActor = {
    kind: 'user',
    userId: user.id,
    displayName: user.displayName,
    email: user.email,
    isSystemAdmin: user.isSystemAdmin,
    memberships: user.memberships.map((m) => ({ organizationId: m.organization.id, role: m.role, unitIds: m.unitIds })),
  };
  return actor;
}

function decideIn(actor: Actor, capability: Capability, organizationId: string, plan?: PlanOwnership): boolean {
  switch (capability) {
    case 'edit_plan':
    case 'transition_plan':
      // Transitions go through the plan's edit policy on the server, like content changes.
      return plan ? canEditPlan(actor, { organizationId, status: 'draft', ...plan }) : canCoordinate(actor, organizationId);
    case 'create_plan':
      return canCoordinate(actor, organizationId);
    case 'edit_units':
    case 'administer':
    case 'view_audit':
      return canAdministerOrganization(actor, organizationId);
    case 'read_history':
      return canReadHistory(actor, organizationId);
  }
}

/**
 * The decision for one capability. With an organization: in that organization (and for that plan
 * when given). Without one: whether the person may do it in any organization at all — for entry
 * points such as "New plan" that choose the organization later.
 */
export function decide(user: SessionUser | null, capability: Capability, organizationId?: string, plan?: PlanOwnership): boolean {
  const actor = actorOf(user);
  if (actor.kind !== 'user') return false;
  if (organizationId) return decideIn(actor, capability, organizationId, plan);
  if (actor.isSystemAdmin) return true;
  return actor.memberships.some((m) => decideIn(actor, capability, m.organizationId, plan));
}

export function useCapabilities(): {
  can: (capability: Capability, organizationId?: string, plan?: PlanOwnership) => boolean;
} {
  const { can } = useSession();
  return { can };
}
