import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { defaultAuthConfig } from '../../src/config/config.js';
import { client, createTestUser, startTestApp, testPassword, type TestContext, type TestSession } from './harness.js';
import { api, expectError, expectValidation, nilUuid } from './helpers.js';

/** The members of an organization and their roles, administered by its admins; reset links end to end. */

const publicUrl = 'https://fridplan.example.se';
let ctx: TestContext;
let orgId: string;
let otherOrgId: string;
let unitId: string;
let otherUnitId: string;
let orgAdmin: TestSession;
let otherAdmin: TestSession;

const members = (id = orgId) => `/api/v1/organizations/${id}/members`;
const sql = async <T = Record<string, unknown>>(text: string): Promise<T[]> => ((await ctx.database.db.execute(text as never)) as unknown as { rows: T[] }).rows;
const auditCount = async () => Number((await sql<{ n: number }>('select count(*)::int as n from audit_events'))[0]!.n);

beforeAll(async () => {
  ctx = await startTestApp({ auth: { ...defaultAuthConfig, publicUrl } });
  orgId = (await api(ctx).post('/api/v1/organizations', { code: '0114', name: 'Upplands Väsby kommun' })).body.id;
  otherOrgId = (await api(ctx).post('/api/v1/organizations', { code: '0115', name: 'Vallentuna kommun' })).body.id;
  unitId = (await api(ctx).post(`/api/v1/organizations/${orgId}/units`, { name: 'Socialtjänsten', kind: 'administration' })).body.id;
  otherUnitId = (await api(ctx).post(`/api/v1/organizations/${otherOrgId}/units`, { name: 'Socialtjänsten', kind: 'administration' })).body.id;
  orgAdmin = await createTestUser(ctx, { email: 'admin@vasby.se', displayName: 'Ada Admin', memberships: [{ organizationId: orgId, role: 'admin' }] });
  otherAdmin = await createTestUser(ctx, { email: 'admin@vallentuna.se', memberships: [{ organizationId: otherOrgId, role: 'admin' }] });
});

afterAll(async () => {
  await ctx?.close();
});

describe('administering members', () => {
  it('adds a new person with a reset link, lists, changes and removes them, each with one audit event', async () => {
    const admin = api(ctx, { session: orgAdmin });
    const before = await auditCount();
    const created = await admin.post(members(), { email: ' Nils.Holm@Vasby.se ', displayName: 'Nils Holm', role: 'reporter', unitIds: [unitId] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.member).toMatchObject({ email: 'nils.holm@vasby.se', displayName: 'Nils Holm', role: 'reporter', unitIds: [unitId], hasPassword: false, disabled: false, lastLoginAt: null, version: 1 });
    const link = created.body.resetLink;
    expect(link.url).toBe(`${publicUrl}/reset-password#token=${link.token}`);
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(await auditCount()).toBe(before + 1);
    const [event] = await sql<{ entity: string; action: string; organization_id: string; actor_user_id: string; after: { email: string; role: string } }>(
      'select entity, action, organization_id, actor_user_id, after from audit_events order by seq desc limit 1',
    );
    expect(event).toMatchObject({ entity: 'membership', action: 'create', organization_id: orgId, actor_user_id: orgAdmin.userId, after: { email: 'nils.holm@vasby.se', role: 'reporter' } });

    const list = await admin.get(members());
    expect(list.status).toBe(200);
    expect(list.body.map((m: { email: string }) => m.email)).toEqual(['admin@vasby.se', 'nils.holm@vasby.se']);
    const nils = created.body.member;

    const promoted = await admin.patch(`${members()}/${nils.userId}`, { version: 1, role: 'coordinator' });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    // A reporter who becomes something else leaves their units behind.
    expect(promoted.body).toMatchObject({ role: 'coordinator', unitIds: [], version: 2 });
    expect(await auditCount()).toBe(before + 2);

    const stale = await admin.patch(`${members()}/${nils.userId}`, { version: 1, role: 'reader' });
    expectError(stale, 409, 'version_conflict');
    expect(stale.body.error.current).toEqual(promoted.body);

    expectError(await admin.delete(`${members()}/${nils.userId}?version=1`), 409, 'version_conflict');
    const removed = await admin.delete(`${members()}/${nils.userId}?version=2`);
    expect(removed.status).toBe(204);
    expect(await auditCount()).toBe(before + 3);
    expect((await admin.get(members())).body).toHaveLength(1);
    // The account stays; adding it again makes no new link.
    const again = await admin.post(members(), { email: 'nils.holm@vasby.se', displayName: 'Someone Else', role: 'reader' });
    expect(again.status).toBe(201);
    expect(again.body.resetLink).toBeNull();
    expect(again.body.member).toMatchObject({ userId: nils.userId, displayName: 'Nils Holm', role: 'reader' });
    expectError(await admin.patch(`${members()}/${nilUuid}`, { version: 1, role: 'reader' }), 404, 'not_found');
    expectError(await admin.patch(`${members()}/not-a-uuid`, { version: 1, role: 'reader' }), 404, 'not_found');
  });

  it('adds an existing account by e-mail without a link, and refuses a second membership', async () => {
    const admin = api(ctx, { session: orgAdmin });
    // A member of the other organization joins this one too.
    const added = await admin.post(members(), { email: 'ADMIN@vallentuna.se', displayName: 'Ignored', role: 'reader' });
    expect(added.status).toBe(201);
    expect(added.body.resetLink).toBeNull();
    expect(added.body.member.userId).toBe(otherAdmin.userId);
    expect(added.body.member.hasPassword).toBe(true);
    const count = await auditCount();
    const dup = await admin.post(members(), { email: 'admin@vallentuna.se', displayName: 'X', role: 'reader' });
    expectValidation(dup, [{ path: 'body.email', code: 'already_member' }]);
    expect(dup.body.error.fields[0].message).toContain('admin@vallentuna.se');
    expect(await auditCount()).toBe(count);
    // Their memberships are their own: removing this one leaves the other.
    const session = await client(ctx.app, { session: otherAdmin }).get('/api/v1/auth/session');
    expect(session.body.user.memberships.map((m: { organization: { id: string } }) => m.organization.id).sort()).toEqual([orgId, otherOrgId].sort());
    expect((await admin.delete(`${members()}/${otherAdmin.userId}?version=1`)).status).toBe(204);
    const after = await client(ctx.app, { session: otherAdmin }).get('/api/v1/auth/session');
    expect(after.body.user.memberships.map((m: { organization: { id: string } }) => m.organization.id)).toEqual([otherOrgId]);
  });

  it('requires units for reporters only, and only units of the organization', async () => {
    const admin = api(ctx, { session: orgAdmin });
    const count = await auditCount();
    expectValidation(await admin.post(members(), { email: 'r1@vasby.se', displayName: 'R', role: 'reporter' }), [{ path: 'body.unitIds', code: 'unit_required_for_reporter' }]);
    expectValidation(await admin.post(members(), { email: 'r1@vasby.se', displayName: 'R', role: 'reporter', unitIds: [unitId, otherUnitId, unitId] }), [
      { path: 'body.unitIds.1', code: 'unknown_reference' },
      { path: 'body.unitIds.2', code: 'duplicate_values' },
    ]);
    expectValidation(await admin.post(members(), { email: 'r1@vasby.se', displayName: 'R', role: 'reader', unitIds: [unitId] }), [{ path: 'body.unitIds', code: 'units_only_for_reporter' }]);
    expectValidation(await admin.post(members(), { email: 'not-an-email', displayName: '', role: 'boss' }), [
      { path: 'body.email', code: 'invalid_format' },
      { path: 'body.displayName', code: 'required' },
      { path: 'body.role', code: 'invalid_value' },
    ]);
    // Nothing was written by the refused requests: no account, no event.
    expect(await sql(`select id from users where email = 'r1@vasby.se'`)).toEqual([]);
    expect(await auditCount()).toBe(count);

    const reader = (await admin.post(members(), { email: 'r2@vasby.se', displayName: 'Rut', role: 'reader' })).body.member;
    expectValidation(await admin.patch(`${members()}/${reader.userId}`, { version: 1, role: 'reporter' }), [{ path: 'body.unitIds', code: 'unit_required_for_reporter' }]);
    expectValidation(await admin.patch(`${members()}/${reader.userId}`, { version: 1, unitIds: [unitId] }), [{ path: 'body.unitIds', code: 'units_only_for_reporter' }]);
    const reporter = await admin.patch(`${members()}/${reader.userId}`, { version: 1, role: 'reporter', unitIds: [unitId] });
    expect(reporter.body).toMatchObject({ role: 'reporter', unitIds: [unitId], version: 2 });
    // Changing only the units keeps the role.
    expectValidation(await admin.patch(`${members()}/${reader.userId}`, { version: 2, unitIds: [] }), [{ path: 'body.unitIds', code: 'unit_required_for_reporter' }]);
  });

  it('keeps at least one admin', async () => {
    const admin = api(ctx, { session: orgAdmin });
    const list = (await admin.get(members())).body as { userId: string; role: string; version: number }[];
    const self = list.find((m) => m.userId === orgAdmin.userId)!;
    expect(list.filter((m) => m.role === 'admin')).toHaveLength(1);
    expectValidation(await admin.patch(`${members()}/${orgAdmin.userId}`, { version: self.version, role: 'reader' }), [{ path: 'body.role', code: 'cannot_remove_last_admin' }]);
    expectError(await admin.delete(`${members()}/${orgAdmin.userId}?version=${self.version}`), 409, 'cannot_remove_last_admin');

    // With a second admin, the first may step down; then the second is the last.
    const second = (await admin.post(members(), { email: 'admin2@vasby.se', displayName: 'Bea Admin', role: 'admin' })).body.member;
    const stepDown = await admin.patch(`${members()}/${orgAdmin.userId}`, { version: self.version, role: 'coordinator' });
    expect(stepDown.status).toBe(200);
    // No longer an admin: the same session is refused now.
    expectError(await admin.get(members()), 403, 'forbidden');
    const sysadmin = api(ctx);
    expectError(await sysadmin.delete(`${members()}/${second.userId}?version=1`), 409, 'cannot_remove_last_admin');
    // Restore for the other tests.
    expect((await sysadmin.patch(`${members()}/${orgAdmin.userId}`, { version: stepDown.body.version, role: 'admin' })).status).toBe(200);
  });

  it('keeps an admin when two are demoted at the same moment', async () => {
    const sysadmin = api(ctx);
    const org = (await sysadmin.post('/api/v1/organizations', { code: '0117', name: 'Österåkers kommun' })).body.id;
    const a = (await sysadmin.post(members(org), { email: 'a@osteraker.se', displayName: 'A', role: 'admin' })).body.member;
    const b = (await sysadmin.post(members(org), { email: 'b@osteraker.se', displayName: 'B', role: 'admin' })).body.member;
    const results = await Promise.all([a, b].map((m) => sysadmin.patch(`${members(org)}/${m.userId}`, { version: 1, role: 'reader' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expectValidation(results.find((r) => r.status === 400)!, [{ path: 'body.role', code: 'cannot_remove_last_admin' }]);
    const roles = (await sysadmin.get(members(org))).body.map((m: { role: string }) => m.role).sort();
    expect(roles).toEqual(['admin', 'reader']);
    // The same for removals.
    const c = (await sysadmin.post(members(org), { email: 'c@osteraker.se', displayName: 'C', role: 'admin' })).body.member;
    const admins = (await sysadmin.get(members(org))).body.filter((m: { role: string }) => m.role === 'admin');
    expect(admins.map((m: { userId: string }) => m.userId)).toContain(c.userId);
    const removals = await Promise.all(admins.map((m: { userId: string; version: number }) => sysadmin.delete(`${members(org)}/${m.userId}?version=${m.version}`)));
    expect(removals.map((r) => r.status).sort()).toEqual([204, 409]);
    expect((await sysadmin.get(members(org))).body.filter((m: { role: string }) => m.role === 'admin')).toHaveLength(1);
  });

  it('never shows or changes members across organizations', async () => {
    const foreign = api(ctx, { session: otherAdmin });
    const nils = (await api(ctx, { session: orgAdmin }).get(members())).body.find((m: { email: string }) => m.email === 'nils.holm@vasby.se');
    const count = await auditCount();
    expectError(await foreign.get(members()), 403, 'forbidden');
    expectError(await foreign.post(members(), { email: 'x@vasby.se', displayName: 'X', role: 'admin' }), 403, 'forbidden');
    expectError(await foreign.patch(`${members()}/${nils.userId}`, { version: nils.version, role: 'admin' }), 403, 'forbidden');
    expectError(await foreign.delete(`${members()}/${nils.userId}?version=${nils.version}`), 403, 'forbidden');
    expectError(await foreign.post(`${members()}/${nils.userId}/reset-link`), 403, 'forbidden');
    // Through their own organization, a member of another one is not found.
    expectError(await foreign.patch(`${members(otherOrgId)}/${nils.userId}`, { version: nils.version, role: 'admin' }), 404, 'not_found');
    expectError(await foreign.post(`${members(otherOrgId)}/${nils.userId}/reset-link`), 404, 'not_found');
    expect((await foreign.get(members(otherOrgId))).body.map((m: { email: string }) => m.email)).toEqual(['admin@vallentuna.se']);
    expect(await auditCount()).toBe(count);

    // Other roles of the organization itself are refused too; the public must sign in.
    const coordinator = await createTestUser(ctx, { memberships: [{ organizationId: orgId, role: 'coordinator' }] });
    expectError(await api(ctx, { session: coordinator }).get(members()), 403, 'forbidden');
    expectError(await api(ctx, { session: null }).get(members()), 401, 'authentication_required');
  });
});

describe('reset links', () => {
  it('sets a password through the link, once, and the person signs in with it', async () => {
    const admin = api(ctx, { session: orgAdmin });
    const created = await admin.post(members(), { email: 'greta@vasby.se', displayName: 'Greta Lind', role: 'reader' });
    const token = new URL(created.body.resetLink.url).hash.replace('#token=', '');
    expect(decodeURIComponent(token)).toBe(created.body.resetLink.token);
    const anonymous = api(ctx, { session: null });
    const newPassword = 'vinter-äpple-cykel-99';

    // A password that breaks a rule leaves the link usable.
    expectValidation(await anonymous.post('/api/v1/auth/password-reset', { token: created.body.resetLink.token, newPassword: 'kort' }), [{ path: 'body.newPassword', code: 'password_too_short' }]);
    expect((await anonymous.post('/api/v1/auth/password-reset', { token: created.body.resetLink.token, newPassword })).status).toBe(204);
    const login = await anonymous.post('/api/v1/auth/login', { email: 'greta@vasby.se', password: newPassword });
    expect(login.status).toBe(200);
    expect(login.body.user.email).toBe('greta@vasby.se');
    expect((await admin.get(members())).body.find((m: { email: string }) => m.email === 'greta@vasby.se').hasPassword).toBe(true);

    // Used up.
    expectValidation(await anonymous.post('/api/v1/auth/password-reset', { token: created.body.resetLink.token, newPassword: 'en-helt-annan-fras-12' }), [{ path: 'body.token', code: 'reset_link_invalid' }]);

    // A new link from the admin works once more, and ends the person's sessions.
    const greta = created.body.member;
    const count = await auditCount();
    const link = await admin.post(`${members()}/${greta.userId}/reset-link`);
    expect(link.status).toBe(201);
    expect(link.body.url).toBe(`${publicUrl}/reset-password#token=${link.body.token}`);
    expect(await auditCount()).toBe(count + 1);
    const cookie = login.raw.cookies.find((c) => c.name === 'fridplan_session')!;
    expect((await anonymous.post('/api/v1/auth/password-reset', { token: link.body.token, newPassword: 'höst-päron-buss-77' })).status).toBe(204);
    const session = await client(ctx.app).get('/api/v1/auth/session', { cookie: `fridplan_session=${cookie.value}` });
    expect(session.body.user).toBeNull();
    expectError(await anonymous.post('/api/v1/auth/login', { email: 'greta@vasby.se', password: newPassword }), 401, 'invalid_credentials');
    expect((await anonymous.post('/api/v1/auth/login', { email: 'greta@vasby.se', password: 'höst-päron-buss-77' })).status).toBe(200);
  });

  it('refuses a link for a person in an organization the admin does not run, or a system administrator', async () => {
    const admin = api(ctx, { session: orgAdmin });
    const both = await createTestUser(ctx, { memberships: [{ organizationId: orgId, role: 'reader' }, { organizationId: otherOrgId, role: 'admin' }] });
    expectError(await admin.post(`${members()}/${both.userId}/reset-link`), 403, 'reset_link_other_organizations');
    const system = await createTestUser(ctx, { isSystemAdmin: true, memberships: [{ organizationId: orgId, role: 'reader' }] });
    expectError(await admin.post(`${members()}/${system.userId}/reset-link`), 403, 'reset_link_other_organizations');
    // The system administrator may.
    expect((await api(ctx).post(`${members()}/${both.userId}/reset-link`)).status).toBe(201);
    // The refused person's password still works.
    expect((await api(ctx, { session: null }).post('/api/v1/auth/login', { email: both.email, password: testPassword })).status).toBe(200);
  });

  it('uses the request address for the link when no public address is configured', async () => {
    // A second app on the same database, configured without FRIDPLAN_PUBLIC_URL.
    const local = await buildApp({ database: ctx.database, auth: defaultAuthConfig });
    try {
      const created = await client(local, { session: ctx.admin }).post(members(), { email: 'x@vasby.se', displayName: 'X', role: 'reader' }, { host: 'plan.vasby.se' });
      expect(created.status).toBe(201);
      expect(created.body.resetLink.url).toBe(`http://plan.vasby.se/reset-password#token=${created.body.resetLink.token}`);
    } finally {
      await local.close();
    }
  });
});
