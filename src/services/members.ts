// The timestamp format every answer uses; a pure helper.
import { iso } from '../api/presenters.js';
import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/accounts.js';
import { findUnitsByIds } from '../db/repositories/units.js';
import { canAdministerOrganization, type Actor, type Role } from '../domain/access.js';
import { issuePasswordReset, normalizeEmail } from './accounts.js';
import { recordAudit } from './audit.js';
import { AppError, invalidFields, notFound, ProblemList, stateConflict, versionConflict } from './errors.js';
import { inTransaction } from './transaction.js';

/** A membership with the person it belongs to: what the members page lists. */
export interface MemberRecord {
  membership: repo.MembershipRow;
  user: repo.UserRow;
}

export interface ResetToken {
  token: string;
  expiresAt: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the audit trail keeps of a membership: the row, and whose it is (so the log can name the person). */
const membershipSnapshot = (membership: repo.MembershipRow, user: repo.UserRow) => ({ ...membership, email: user.email, displayName: user.displayName });

export async function listMembers(db: Db, organizationId: string): Promise<MemberRecord[]> {
  return repo.listMembershipsOfOrganization(db, organizationId);
}

/**
 * Reporters act for units, so they need at least one of the organization's own; the other roles
 * reach the whole organization and carry none.
 */
async function checkRoleUnits(db: Db, organizationId: string, role: Role, unitIds: readonly string[], problems: ProblemList): Promise<void> {
  if (role !== 'reporter') {
    if (unitIds.length > 0) problems.add('body.unitIds', 'units_only_for_reporter');
    return;
  }
  if (unitIds.length === 0) {
    problems.add('body.unitIds', 'unit_required_for_reporter');
    return;
  }
  const own = new Set((await findUnitsByIds(db, [...new Set(unitIds)])).filter((u) => u.organizationId === organizationId).map((u) => u.id));
  const seen = new Set<string>();
  unitIds.forEach((unitId, i) => {
    if (seen.has(unitId)) problems.add(`body.unitIds.${i}`, 'duplicate_values');
    else if (!own.has(unitId)) problems.add(`body.unitIds.${i}`, 'unknown_reference', { value: unitId });
    seen.add(unitId);
  });
}

/**
 * Adds a person to the organization. An e-mail without an account gets a new account without a
 * password and a reset link to set one; an existing account only gains the membership (its name
 * stays, and no link is made: the person already signs in).
 */
export async function addMember(
  db: Db,
  actor: Actor,
  organizationId: string,
  input: { email: string; displayName: string; role: Role; unitIds: string[] },
): Promise<MemberRecord & { reset: ResetToken | null }> {
  return inTransaction(db, async (tx) => {
    const email = normalizeEmail(input.email);
    const problems = new ProblemList();
    await checkRoleUnits(tx, organizationId, input.role, input.unitIds, problems);
    problems.throwIfAny();
    let user = await repo.findUserByEmail(tx, email);
    let reset: ResetToken | null = null;
    if (!user) {
      user = await repo.insertUserIfAbsent(tx, { email, displayName: input.displayName, passwordHash: null });
      // Created by a concurrent request in the meantime: add the membership to that account.
      if (!user) user = (await repo.findUserByEmail(tx, email))!;
      else reset = await issuePasswordReset(tx, actor, user.id);
    }
    const membership = await repo.insertMembershipIfAbsent(tx, { userId: user.id, organizationId, role: input.role, unitIds: input.role === 'reporter' ? input.unitIds : [] });
    if (!membership) throw invalidFields([{ path: 'body.email', code: 'already_member', params: { value: email } }]);
    await recordAudit(tx, actor, {
      organizationId,
      entity: 'membership',
      entityId: membership.id,
      action: 'create',
      after: { ...membershipSnapshot(membership, user), accountCreated: reset !== null },
    });
    return { membership, user, reset };
  });
}

async function findMember(db: Db, organizationId: string, userId: string): Promise<MemberRecord> {
  // An id that is not a UUID names nobody (and would be a type error in the database).
  if (!uuidPattern.test(userId)) throw notFound('member');
  const membership = await repo.findMembership(db, userId, organizationId);
  const user = membership && (await repo.findUser(db, userId));
  if (!membership || !user) throw notFound('member');
  return { membership, user };
}

/** Whether `membershipId` holds the only admin role of the organization (the admin rows are locked). */
async function isLastAdmin(db: Db, organizationId: string, membershipId: string): Promise<boolean> {
  const admins = await repo.lockAdminMemberships(db, organizationId);
  return admins.length === 1 && admins[0] === membershipId;
}

/** A member as the API shows it (also the `current` of a version conflict). */
export const presentMember = ({ membership, user }: MemberRecord) => ({
  userId: user.id,
  membershipId: membership.id,
  email: user.email,
  displayName: user.displayName,
  role: membership.role as Role,
  unitIds: membership.unitIds,
  hasPassword: user.passwordHash !== null,
  disabled: user.disabledAt !== null,
  lastLoginAt: user.lastLoginAt ? iso(user.lastLoginAt) : null,
  version: membership.version,
});

/**
 * Changes a member's role or units. A reporter who becomes something else loses their units
 * unless new ones are given (which is then refused); the last admin cannot be demoted.
 */
export async function updateMember(
  db: Db,
  actor: Actor,
  organizationId: string,
  userId: string,
  input: { version: number; role?: Role | undefined; unitIds?: string[] | undefined },
): Promise<MemberRecord> {
  return inTransaction(db, async (tx) => {
    const current = await findMember(tx, organizationId, userId);
    if (current.membership.version !== input.version) throw versionConflict(presentMember(current));
    const role = input.role ?? (current.membership.role as Role);
    const unitIds = input.unitIds ?? (role === 'reporter' ? current.membership.unitIds : []);
    const problems = new ProblemList();
    await checkRoleUnits(tx, organizationId, role, unitIds, problems);
    problems.throwIfAny();
    if (current.membership.role === 'admin' && role !== 'admin' && (await isLastAdmin(tx, organizationId, current.membership.id))) {
      throw invalidFields([{ path: 'body.role', code: 'cannot_remove_last_admin' }]);
    }
    const updated = await repo.updateMembership(tx, current.membership.id, input.version, { role, unitIds });
    if (!updated) throw await stale(tx, organizationId, userId);
    await recordAudit(tx, actor, {
      organizationId,
      entity: 'membership',
      entityId: updated.id,
      action: 'update',
      before: membershipSnapshot(current.membership, current.user),
      after: membershipSnapshot(updated, current.user),
    });
    return { membership: updated, user: current.user };
  });
}

/** Ends a person's membership of the organization; their account (and other memberships) stay. */
export async function removeMember(db: Db, actor: Actor, organizationId: string, userId: string, version: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const current = await findMember(tx, organizationId, userId);
    if (current.membership.version !== version) throw versionConflict(presentMember(current));
    if (current.membership.role === 'admin' && (await isLastAdmin(tx, organizationId, current.membership.id))) throw stateConflict('cannot_remove_last_admin');
    if (!(await repo.deleteMembership(tx, current.membership.id, version))) throw await stale(tx, organizationId, userId);
    await recordAudit(tx, actor, {
      organizationId,
      entity: 'membership',
      entityId: current.membership.id,
      action: 'delete',
      before: membershipSnapshot(current.membership, current.user),
    });
  });
}

/**
 * A new single-use link for a member to set a password. Whoever holds the link takes over the
 * account, so an organization's admin may issue one only for a person whose every organization
 * they administer, and never for a system administrator unless they are one.
 */
export async function issueResetLink(db: Db, actor: Actor, organizationId: string, userId: string): Promise<ResetToken> {
  return inTransaction(db, async (tx) => {
    const { user } = await findMember(tx, organizationId, userId);
    const elsewhere = await repo.listMembershipsOfUser(tx, user.id);
    const isSystemActor = actor.kind === 'system' || (actor.kind === 'user' && actor.isSystemAdmin);
    if ((user.isSystemAdmin && !isSystemActor) || elsewhere.some((m) => !canAdministerOrganization(actor, m.membership.organizationId))) {
      throw new AppError(403, 'reset_link_other_organizations');
    }
    const reset = await issuePasswordReset(tx, actor, user.id);
    await recordAudit(tx, actor, {
      organizationId,
      entity: 'user',
      entityId: user.id,
      action: 'issue_reset_link',
      after: { email: user.email, displayName: user.displayName, expiresAt: reset.expiresAt },
    });
    return reset;
  });
}

/** The refusal for a write that matched no row: read again, as a concurrent write may have committed since. */
async function stale(db: Db, organizationId: string, userId: string) {
  const membership = await repo.findMembership(db, userId, organizationId);
  const user = membership && (await repo.findUser(db, userId));
  return membership && user ? versionConflict(presentMember({ membership, user })) : notFound('member');
}
