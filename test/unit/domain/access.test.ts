import { describe, expect, it } from 'vitest';
import {
  anonymous,
  canAdministerOrganization,
  canBreakDownFor,
  canCoordinate,
  canCreateOrganizations,
  canEditPlan,
  canReadHistory,
  canReadPlan,
  capabilitiesIn,
  isPublished,
  readableOrganizations,
  type Actor,
  type Role,
} from '../../../src/domain/access.js';

const kalmar = 'org-kalmar';
const malmo = 'org-malmo';
const social = 'unit-social';
const school = 'unit-school';

const person = (role: Role, unitIds: string[] = [], organizationId = kalmar): Actor => ({
  kind: 'user',
  userId: `u-${role}`,
  displayName: role,
  email: `${role}@kalmar.se`,
  isSystemAdmin: false,
  memberships: [{ organizationId, role, unitIds }],
});
const systemAdmin: Actor = { kind: 'user', userId: 'sys', displayName: 'sys', email: 'sys@x.se', isSystemAdmin: true, memberships: [] };

const cityPlan = (status: string) => ({ organizationId: kalmar, status, ownerUnitId: null, parentPlanId: null });
const breakdown = (ownerUnitId: string, status = 'draft') => ({ organizationId: kalmar, status, ownerUnitId, parentPlanId: 'plan-city' });

describe('who may read a plan', () => {
  it('lets the public read adopted, in-force, expired and replaced plans, and nothing else', () => {
    for (const status of ['adopted', 'in_force', 'expired', 'replaced']) expect(canReadPlan(anonymous, cityPlan(status)), status).toBe(true);
    for (const status of ['draft', 'consultation']) expect(canReadPlan(anonymous, cityPlan(status)), status).toBe(false);
    expect(isPublished('draft')).toBe(false);
  });

  it('lets every member read every plan of their organization, and no draft of another', () => {
    for (const role of ['admin', 'coordinator', 'reporter', 'reader'] as const) {
      expect(canReadPlan(person(role), cityPlan('draft')), role).toBe(true);
      expect(canReadPlan(person(role, [], malmo), cityPlan('draft')), `${role} of Malmö`).toBe(false);
      expect(canReadPlan(person(role, [], malmo), cityPlan('in_force')), `${role} of Malmö, published`).toBe(true);
    }
  });
});

describe('who may change a plan', () => {
  it('lets admins and coordinators edit any plan of their organization', () => {
    expect(canEditPlan(person('admin'), cityPlan('draft'))).toBe(true);
    expect(canEditPlan(person('coordinator'), cityPlan('draft'))).toBe(true);
    expect(canEditPlan(person('coordinator', [], malmo), cityPlan('draft'))).toBe(false);
  });

  it('lets a reporter edit only the breakdown plans their units own', () => {
    const reporter = person('reporter', [social]);
    expect(canEditPlan(reporter, cityPlan('draft'))).toBe(false);
    expect(canEditPlan(reporter, breakdown(social))).toBe(true);
    expect(canEditPlan(reporter, breakdown(school))).toBe(false);
    // A plan owned by their unit but not a breakdown (no parent) is the organization's own plan.
    expect(canEditPlan(reporter, { ...cityPlan('draft'), ownerUnitId: social })).toBe(false);
  });

  it('never lets readers or the public change anything', () => {
    expect(canEditPlan(person('reader'), cityPlan('draft'))).toBe(false);
    expect(canEditPlan(anonymous, breakdown(social))).toBe(false);
  });

  it('lets a reporter break a plan down only for their own units', () => {
    expect(canBreakDownFor(person('reporter', [social]), kalmar, social)).toBe(true);
    expect(canBreakDownFor(person('reporter', [social]), kalmar, school)).toBe(false);
    expect(canBreakDownFor(person('coordinator'), kalmar, school)).toBe(true);
    expect(canBreakDownFor(person('reader'), kalmar, social)).toBe(false);
  });
});

describe('administration and the system administrator', () => {
  it('keeps organization administration to its admins', () => {
    expect(canAdministerOrganization(person('admin'), kalmar)).toBe(true);
    expect(canAdministerOrganization(person('coordinator'), kalmar)).toBe(false);
    expect(canAdministerOrganization(person('admin', [], malmo), kalmar)).toBe(false);
  });

  it('lets the system administrator create organizations and act as admin everywhere', () => {
    expect(canCreateOrganizations(systemAdmin)).toBe(true);
    expect(canCreateOrganizations(person('admin'))).toBe(false);
    expect(canCoordinate(systemAdmin, malmo)).toBe(true);
    expect(readableOrganizations(systemAdmin)).toBe('all');
    expect(readableOrganizations(anonymous)).toEqual([]);
  });

  it('shows history to members only and tells the client what the role may do', () => {
    expect(canReadHistory(person('reader'), kalmar)).toBe(true);
    expect(canReadHistory(anonymous, kalmar)).toBe(false);
    expect(capabilitiesIn(person('reporter', [social]), kalmar)).toEqual({ role: 'reporter', unitIds: [social], administer: false, coordinate: false, read: true });
    expect(capabilitiesIn(anonymous, kalmar).read).toBe(false);
  });
});
