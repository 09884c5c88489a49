import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as accounts from '../../src/db/repositories/accounts.js';
import { createAdministrator, generatePassword } from '../../src/services/administrators.js';
import { passwordProblem } from '../../src/services/passwords.js';
import { createDemoUsers, demoPasswords, organizationSlug } from '../../src/seed/demo-users.js';
import { initializeEmptyDatabase } from '../../src/seed/initialize.js';
import { startTestApp, testDatabaseKind, type TestContext } from './harness.js';
import { api, expectError } from './helpers.js';

describe(`first use on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp({ seed: true });
  });
  afterAll(() => ctx.close());

  const signIn = (email: string, password: string) => api(ctx, { session: null }).post('/api/v1/auth/login', { email, password });

  it('gives no demo accounts to a real PostgreSQL (DATABASE_URL): only the embedded database gets them', async () => {
    const before = await accounts.countUsers(ctx.database.db);
    // Already seeded: the seed step finds the organizations and adds nothing; no accounts either.
    const result = await initializeEmptyDatabase(ctx.database.db, { seed: 'auto', database: { kind: 'postgres' } });
    expect(result.demoAccounts).toEqual([]);
    expect(await accounts.countUsers(ctx.database.db)).toBe(before);
  });

  it('creates a system administrator and one person per role in each seed organization, with strong published passwords', async () => {
    const created = await createDemoUsers(ctx.database.db);
    expect(created.filter((a) => a.role === 'system')).toHaveLength(1);
    for (const slug of ['kalmar', 'sodertalje', 'vaxjo', 'malmo', 'linkoping']) {
      for (const local of ['admin', 'samordnare', 'rapportor', 'lasare']) expect(created.map((a) => a.email)).toContain(`${local}@${slug}.demo.fridplan.se`);
    }
    for (const password of Object.values(demoPasswords)) expect(passwordProblem(password), password).toBeNull();
    // Created once: a second run adds nobody.
    expect(await createDemoUsers(ctx.database.db)).toEqual([]);
    expect(organizationSlug('Linköpings kommun')).toBe('linkoping');
    expect(organizationSlug('Malmö stad')).toBe('malmo');
  });

  it('lets each demo person sign in with the role and units the README promises', async () => {
    const coordinator = await signIn('samordnare@sodertalje.demo.fridplan.se', demoPasswords.coordinator);
    expect(coordinator.status).toBe(200);
    expect(coordinator.body.user.memberships).toEqual([expect.objectContaining({ role: 'coordinator', organization: expect.objectContaining({ name: 'Södertälje kommun' }) })]);
    const reporter = await signIn('rapportor@malmo.demo.fridplan.se', demoPasswords.reporter);
    expect(reporter.body.user.memberships[0].role).toBe('reporter');
    // Malmö's reporter reports for the administration that owns Malmö's breakdown plan.
    const units = await api(ctx).get(`/api/v1/organizations/${reporter.body.user.memberships[0].organization.id}/units`);
    const unitNames = units.body.filter((u: { id: string }) => reporter.body.user.memberships[0].unitIds.includes(u.id)).map((u: { name: string }) => u.name);
    expect(unitNames).toEqual(['Arbetsmarknads- och socialförvaltningen']);
    const system = await signIn('system@demo.fridplan.se', demoPasswords.system);
    expect(system.body.user.isSystemAdmin).toBe(true);
    expectError(await signIn('lasare@kalmar.demo.fridplan.se', demoPasswords.admin), 401, 'invalid_credentials');
  });

  it('makes the first administrator from the command line, and refuses a weak password', async () => {
    const password = generatePassword();
    expect(passwordProblem(password)).toBeNull();
    const { created } = await createAdministrator(ctx.database.db, { email: 'Forsta.Admin@Example.se', displayName: 'Första Admin', password });
    expect(created).toBe(true);
    const session = await signIn('forsta.admin@example.se', password);
    expect(session.body.user).toMatchObject({ email: 'forsta.admin@example.se', isSystemAdmin: true });
    await expect(createAdministrator(ctx.database.db, { email: 'svag@example.se', displayName: 'Svag', password: 'password1234' })).rejects.toThrow(/password_common/);
    // With --org: the organization's admin, not a system administrator; running it again changes nothing.
    const again = await createAdministrator(ctx.database.db, { email: 'org.admin@example.se', displayName: 'Org Admin', password, organizationCode: '0880' });
    expect((await accounts.findUser(ctx.database.db, again.userId))?.isSystemAdmin).toBe(false);
    expect((await createAdministrator(ctx.database.db, { email: 'org.admin@example.se', displayName: 'Org Admin', password, organizationCode: '0880' })).created).toBe(false);
    const memberships = await accounts.listMembershipsOfUser(ctx.database.db, again.userId);
    expect(memberships.map((m) => [m.organization.code, m.membership.role])).toEqual([['0880', 'admin']]);
    await expect(createAdministrator(ctx.database.db, { email: 'x@example.se', displayName: 'X', password, organizationCode: '9999' })).rejects.toThrow(/No organization/);
  });
});
