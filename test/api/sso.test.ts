import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { defaultAuthConfig } from '../../src/config/config.js';
import { startIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider.js';
import { client, createTestUser, startTestApp, type TestContext } from './harness.js';
import { api, expectError, expectValidation } from './helpers.js';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) on 127.0.0.1: the browser
 * trip is played with HTTP requests, the provider's login and consent finished programmatically.
 */

const publicUrl = 'http://fridplan.test';
const redirectUri = `${publicUrl}/api/v1/auth/sso/callback`;

let ctx: TestContext;
let idp: TestIdentityProvider;
let organizationId: string;
let otherOrganizationId: string;

/** Goes to the provider and back: the callback answer (a redirect) and the Set-Cookie it carried. */
async function signIn(options: { returnTo?: string; organization?: string } = {}) {
  const query = new URLSearchParams({ organization: options.organization ?? organizationId, ...(options.returnTo !== undefined ? { returnTo: options.returnTo } : {}) });
  const start = await ctx.app.inject({ method: 'GET', url: `/api/v1/auth/sso/start?${query}` });
  expect(start.statusCode).toBe(302);
  const location = start.headers.location as string;
  expect(location.startsWith(`${idp.issuer}/`), location).toBe(true);
  const stateCookie = start.cookies.find((c) => c.name === 'fridplan_sso_state')!;
  expect(stateCookie).toMatchObject({ path: '/api/v1/auth/sso/callback', httpOnly: true, sameSite: 'Lax', maxAge: 600 });
  const browser = `fridplan_sso_state=${stateCookie.value}`;
  const back = await idp.followToCallback(location);
  expect(back.origin + back.pathname).toBe(redirectUri);
  const callbackPath = back.pathname + back.search;
  const callback = await ctx.app.inject({ method: 'GET', url: callbackPath, headers: { cookie: browser } });
  expect(callback.statusCode).toBe(302);
  const cookie = callback.cookies.find((c) => c.name === 'fridplan_session');
  return { start: new URL(location), callbackPath, browser, location: callback.headers.location as string, cookie: cookie ? `fridplan_session=${cookie.value}` : undefined };
}

async function configure(body: Record<string, unknown>, expected = 200) {
  const existing = await api(ctx).get(`/api/v1/organizations/${organizationId}/sso`);
  const response = await api(ctx).raw('PUT', `/api/v1/organizations/${organizationId}/sso`, {
    ...(existing.status === 200 ? { version: existing.body.version } : {}),
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    allowedDomains: ['vallentuna.se'],
    ...body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(expected);
  return response;
}

const sql = async <T = Record<string, unknown>>(text: string): Promise<T[]> => ((await ctx.database.db.execute(text as never)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  idp = await startIdentityProvider({ redirectUris: [redirectUri] });
  ctx = await startTestApp({ auth: { ...defaultAuthConfig, publicUrl } });
  organizationId = (await api(ctx).post('/api/v1/organizations', { code: '0115', name: 'Vallentuna kommun' })).body.id;
  otherOrganizationId = (await api(ctx).post('/api/v1/organizations', { code: '0117', name: 'Österåkers kommun' })).body.id;
});

afterAll(async () => {
  await ctx?.close();
  await idp?.close();
});

describe('single sign-on configuration', () => {
  it('is configured by the organization admin, never shows the client secret, and checks its input', async () => {
    expectError(await api(ctx).get(`/api/v1/organizations/${organizationId}/sso`), 404, 'sso_not_configured');
    const base = { issuer: idp.issuer, clientId: idp.clientId, allowedDomains: ['vallentuna.se'] };
    expectValidation(await api(ctx).raw('PUT', `/api/v1/organizations/${organizationId}/sso`, base), [{ path: 'body.clientSecret', code: 'required' }]);
    expectValidation(await api(ctx).raw('PUT', `/api/v1/organizations/${organizationId}/sso`, { ...base, clientSecret: 'x', issuer: 'http://idp.example.com' }), [
      { path: 'body.issuer', code: 'sso_issuer_not_https' },
    ]);
    expectValidation(await api(ctx).raw('PUT', `/api/v1/organizations/${organizationId}/sso`, { ...base, clientSecret: 'x', defaultRole: 'reporter', roleMapping: { g: 'reporter' } }), [
      { path: 'body.defaultRole', code: 'unit_required_for_reporter' },
      { path: 'body.roleMapping.g', code: 'unit_required_for_reporter' },
    ]);

    const created = await configure({ roleClaim: 'groups', roleMapping: { 'fridplan-admins': 'admin', 'fridplan-coordinators': 'coordinator' } });
    expect(created.body).toEqual({
      organizationId,
      issuer: idp.issuer,
      clientId: idp.clientId,
      hasClientSecret: true,
      allowedDomains: ['vallentuna.se'],
      defaultRole: 'reader',
      roleClaim: 'groups',
      roleMapping: { 'fridplan-admins': 'admin', 'fridplan-coordinators': 'coordinator' },
      enabled: true,
      version: 1,
    });
    expect(JSON.stringify(created.body)).not.toContain(idp.clientSecret);
    const [stored] = await sql<{ client_secret: string }>(`select client_secret from sso_providers where organization_id = '${organizationId}'`);
    expect(stored!.client_secret).toBe(idp.clientSecret);

    // A change without the secret keeps it; a stale version is refused.
    const { clientSecret: _secret, ...withoutSecret } = { ...base, clientSecret: undefined, roleClaim: 'groups', roleMapping: { 'fridplan-admins': 'admin', 'fridplan-coordinators': 'coordinator' } };
    const changed = await api(ctx).raw('PUT', `/api/v1/organizations/${organizationId}/sso`, { ...withoutSecret, version: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    expect((await sql<{ client_secret: string }>(`select client_secret from sso_providers where organization_id = '${organizationId}'`))[0]!.client_secret).toBe(idp.clientSecret);
    const stale = await api(ctx).raw('PUT', `/api/v1/organizations/${organizationId}/sso`, { ...withoutSecret, version: 1 });
    expectError(stale, 409, 'version_conflict');
    expect(stale.body.error.current).toMatchObject({ version: 2, hasClientSecret: true });
    expect(JSON.stringify(stale.body)).not.toContain(idp.clientSecret);
    // The trail has the changes, without the secret.
    const events = await sql<{ action: string; after: unknown }>(`select action, after from audit_events where entity = 'sso_provider' order by seq`);
    expect(events.map((e) => e.action)).toEqual(['create', 'update']);
    expect(JSON.stringify(events)).not.toContain(idp.clientSecret);
  });

  it('lets only the organization admin configure it; the login page lists enabled providers', async () => {
    const otherAdmin = await createTestUser(ctx, { memberships: [{ organizationId: otherOrganizationId, role: 'admin' }] });
    const coordinator = await createTestUser(ctx, { memberships: [{ organizationId, role: 'coordinator' }] });
    // Organizations are public reference data: another organization's admin is told no, not "not found".
    expectError(await api(ctx, { session: otherAdmin }).get(`/api/v1/organizations/${organizationId}/sso`), 403, 'forbidden');
    expectError(await api(ctx, { session: coordinator }).get(`/api/v1/organizations/${organizationId}/sso`), 403, 'forbidden');
    expectError(await api(ctx, { session: null }).get(`/api/v1/organizations/${organizationId}/sso`), 401, 'authentication_required');
    expectError(await api(ctx, { session: coordinator }).raw('PUT', `/api/v1/organizations/${organizationId}/sso`, { issuer: idp.issuer, clientId: 'x', clientSecret: 'y', allowedDomains: ['a.se'] }), 403, 'forbidden');

    const choices = await api(ctx, { session: null }).get('/api/v1/auth/sso/providers');
    expect(choices.status).toBe(200);
    expect(choices.body).toEqual([{ organizationId, name: 'Vallentuna kommun', code: '0115' }]);
  });
});

describe('signing in with single sign-on', () => {
  it('creates the account and a membership with the default role, and the session works', async () => {
    idp.signInAs('anna-sub', { email: 'Anna.Berg@Vallentuna.se', email_verified: true, name: 'Anna Berg', groups: ['staff'] });
    const { start, location, cookie } = await signIn({ returnTo: '/plans?status=draft' });
    // The authorization request: code flow with PKCE (S256), state and nonce, to our callback.
    expect(start.searchParams.get('response_type')).toBe('code');
    expect(start.searchParams.get('code_challenge_method')).toBe('S256');
    expect(start.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(start.searchParams.get('state')).toBeTruthy();
    expect(start.searchParams.get('nonce')).toBeTruthy();
    expect(start.searchParams.get('scope')).toContain('openid');

    expect(location).toBe('/plans?status=draft');
    expect(cookie).toBeDefined();
    const session = await client(ctx.app).get('/api/v1/auth/session', { cookie: cookie! });
    expect(session.body.user).toMatchObject({ email: 'anna.berg@vallentuna.se', displayName: 'Anna Berg', isSystemAdmin: false });
    expect(session.body.user.memberships).toEqual([{ organization: { id: organizationId, code: '0115', name: 'Vallentuna kommun' }, role: 'reader', unitIds: [] }]);

    const [user] = await sql<{ password_hash: string | null; last_login_at: string | null }>(`select password_hash, last_login_at from users where email = 'anna.berg@vallentuna.se'`);
    expect(user!.password_hash).toBeNull();
    expect(user!.last_login_at).not.toBeNull();
    const events = await sql<{ action: string; entity: string; organization_id: string }>(`select action, entity, organization_id from audit_events where action like 'sso%'`);
    expect(events).toEqual([{ action: 'sso_provision', entity: 'membership', organization_id: organizationId }]);
    // The state was used up.
    expect(await sql(`select * from sso_login_states`)).toEqual([]);

    // Signing in again changes nothing and writes no event.
    const again = await signIn();
    expect(again.location).toBe('/');
    expect(await sql(`select * from audit_events where action like 'sso%'`)).toHaveLength(1);
    expect(await sql(`select * from users where email = 'anna.berg@vallentuna.se'`)).toHaveLength(1);
  });

  it('maps a group claim to a role (the highest wins) and updates an existing member when a mapping applies', async () => {
    idp.signInAs('bo-sub', { email: 'bo@vallentuna.se', name: 'Bo Ek', groups: ['staff', 'fridplan-coordinators', 'fridplan-admins'] });
    const first = await signIn();
    const session = await client(ctx.app).get('/api/v1/auth/session', { cookie: first.cookie! });
    expect(session.body.user.memberships[0].role).toBe('admin');

    // An existing reader whose group now maps to coordinator is updated.
    const reader = await createTestUser(ctx, { email: 'cecilia@vallentuna.se', memberships: [{ organizationId, role: 'reader' }] });
    idp.signInAs('cecilia-sub', { email: 'cecilia@vallentuna.se', groups: 'fridplan-coordinators' });
    const second = await signIn();
    const state = await client(ctx.app).get('/api/v1/auth/session', { cookie: second.cookie! });
    expect(state.body.user.id).toBe(reader.userId);
    expect(state.body.user.memberships[0].role).toBe('coordinator');
    expect((await sql<{ action: string }>(`select action from audit_events where action = 'sso_role_update'`)).length).toBe(1);

    // Without a mapped group, the member keeps the role an admin gave.
    const kept = await createTestUser(ctx, { email: 'david@vallentuna.se', memberships: [{ organizationId, role: 'coordinator' }] });
    idp.signInAs('david-sub', { email: 'david@vallentuna.se', groups: ['staff'] });
    const third = await signIn();
    const davids = await client(ctx.app).get('/api/v1/auth/session', { cookie: third.cookie! });
    expect(davids.body.user.id).toBe(kept.userId);
    expect(davids.body.user.memberships[0].role).toBe('coordinator');
  });

  it('refuses an e-mail domain that is not allowed, an unverified e-mail, and a missing e-mail', async () => {
    idp.signInAs('eve-sub', { email: 'eve@example.com', groups: ['fridplan-admins'] });
    const refused = await signIn();
    expect(refused.location).toBe('/login?error=sso_domain_refused');
    expect(refused.cookie).toBeUndefined();
    expect(await sql(`select * from users where email = 'eve@example.com'`)).toEqual([]);

    idp.signInAs('frank-sub', { email: 'frank@vallentuna.se', email_verified: false });
    expect((await signIn()).location).toBe('/login?error=sso_failed');
    idp.signInAs('nomail-sub', { name: 'No Mail' });
    expect((await signIn()).location).toBe('/login?error=sso_failed');
    expect(await sql(`select * from users where email = 'frank@vallentuna.se'`)).toEqual([]);
  });

  it('refuses a replayed, unknown, missing or expired state, and a login finished in another browser', async () => {
    idp.signInAs('anna-sub', { email: 'anna.berg@vallentuna.se', name: 'Anna Berg' });
    const { callbackPath, browser, cookie } = await signIn();
    expect(cookie).toBeDefined();
    const callback = (url: string, cookieHeader = browser) => ctx.app.inject({ method: 'GET', url, headers: { cookie: cookieHeader } });
    const replay = await callback(callbackPath);
    expect(replay.statusCode).toBe(302);
    expect(replay.headers.location).toBe('/login?error=sso_failed');
    expect(replay.cookies.find((c) => c.name === 'fridplan_session')).toBeUndefined();

    const forged = new URL(callbackPath, publicUrl);
    forged.searchParams.set('state', 'not-a-state-we-issued');
    expect((await callback(forged.pathname + forged.search, 'fridplan_sso_state=not-a-state-we-issued')).headers.location).toBe('/login?error=sso_failed');
    expect((await callback('/api/v1/auth/sso/callback?code=abc')).headers.location).toBe('/login?error=sso_failed');

    // A login that took longer than ten minutes.
    const start = await ctx.app.inject({ method: 'GET', url: `/api/v1/auth/sso/start?organization=${organizationId}` });
    const startedIn = `fridplan_sso_state=${start.cookies.find((c) => c.name === 'fridplan_sso_state')!.value}`;
    const back = await idp.followToCallback(start.headers.location as string);
    await sql(`update sso_login_states set expires_at = now() - interval '1 minute'`);
    expect((await callback(back.pathname + back.search, startedIn)).headers.location).toBe('/login?error=sso_failed');
    expect(await sql(`select * from sso_login_states`)).toEqual([]);

    // Someone sends a victim the callback address of a login they started themselves: the victim's
    // browser did not start it, so it is refused (and the login stays usable for its own browser).
    idp.signInAs('mallory-sub', { email: 'mallory@vallentuna.se' });
    const attack = await ctx.app.inject({ method: 'GET', url: `/api/v1/auth/sso/start?organization=${organizationId}` });
    const attackerBrowser = `fridplan_sso_state=${attack.cookies.find((c) => c.name === 'fridplan_sso_state')!.value}`;
    const trap = await idp.followToCallback(attack.headers.location as string);
    const victim = await ctx.app.inject({ method: 'GET', url: trap.pathname + trap.search });
    expect(victim.headers.location).toBe('/login?error=sso_failed');
    expect(victim.cookies.find((c) => c.name === 'fridplan_session')).toBeUndefined();
    const elsewhere = await callback(trap.pathname + trap.search, 'fridplan_sso_state=' + 'x'.repeat(43));
    expect(elsewhere.headers.location).toBe('/login?error=sso_failed');
    const own = await callback(trap.pathname + trap.search, attackerBrowser);
    expect(own.headers.location).toBe('/');
    expect(own.cookies.find((c) => c.name === 'fridplan_session')).toBeDefined();
  });

  it('replaces a session the browser already had', async () => {
    idp.signInAs('anna-sub', { email: 'anna.berg@vallentuna.se' });
    const first = await signIn();
    const start = await ctx.app.inject({ method: 'GET', url: `/api/v1/auth/sso/start?organization=${organizationId}`, headers: { cookie: first.cookie! } });
    const browser = `fridplan_sso_state=${start.cookies.find((c) => c.name === 'fridplan_sso_state')!.value}`;
    const back = await idp.followToCallback(start.headers.location as string);
    const second = await ctx.app.inject({ method: 'GET', url: back.pathname + back.search, headers: { cookie: `${first.cookie}; ${browser}` } });
    expect(second.headers.location).toBe('/');
    const next = second.cookies.find((c) => c.name === 'fridplan_session')!;
    expect(`fridplan_session=${next.value}`).not.toBe(first.cookie);
    expect((await client(ctx.app).get('/api/v1/auth/session', { cookie: first.cookie! })).body.user).toBeNull();
    expect((await client(ctx.app).get('/api/v1/auth/session', { cookie: `fridplan_session=${next.value}` })).body.user.email).toBe('anna.berg@vallentuna.se');
  });

  it('goes back only to a path on this site', async () => {
    idp.signInAs('anna-sub', { email: 'anna.berg@vallentuna.se' });
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'plans']) {
      expect((await signIn({ returnTo })).location, returnTo).toBe('/');
    }
  });

  it('answers an organization without single sign-on with the login page', async () => {
    for (const organization of [otherOrganizationId, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const start = await ctx.app.inject({ method: 'GET', url: `/api/v1/auth/sso/start?organization=${organization}` });
      expect(start.statusCode).toBe(302);
      expect(start.headers.location).toBe('/login?error=sso_not_configured');
    }
    // Switched off: not offered, and not started.
    await configure({ enabled: false });
    expect((await api(ctx, { session: null }).get('/api/v1/auth/sso/providers')).body).toEqual([]);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/auth/sso/start?organization=${organizationId}` })).headers.location).toBe('/login?error=sso_not_configured');
    await configure({ enabled: true });
  });

  it('uses the request origin for the redirect URI when no public address is configured', async () => {
    // A second app on the same database, configured without FRIDPLAN_PUBLIC_URL.
    const local = await buildApp({ database: ctx.database, auth: defaultAuthConfig });
    try {
      const start = await local.inject({ method: 'GET', url: `/api/v1/auth/sso/start?organization=${organizationId}`, headers: { host: 'fridplan.vallentuna.se' } });
      expect(new URL(start.headers.location as string).searchParams.get('redirect_uri')).toBe('http://fridplan.vallentuna.se/api/v1/auth/sso/callback');
    } finally {
      await local.close();
    }
  });
});
