import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { publicAccess } from '../../src/api/access/policy.js';
import { loggerOptions } from '../../src/api/logging.js';
import { defaultAuthConfig, type AuthConfig } from '../../src/config/config.js';
import { client, createTestUser, startTestApp, testPassword, type TestContext } from './harness.js';
import { api, expectError, expectValidation } from './helpers.js';

/**
 * Local accounts and sessions through the API: login, lockout, rate limits, logout, password
 * change and reset, session expiry, CSRF, cookies, security headers, error bodies and logs.
 */

let ctx: TestContext;
let organizationId: string;
/** Apps built on the test database with other settings; closed at the end. */
const extraApps: FastifyInstance[] = [];

async function appWith(auth: Partial<AuthConfig>, options: { logger?: Parameters<typeof buildApp>[0]['logger'] } = {}): Promise<FastifyInstance> {
  const app = await buildApp({ database: ctx.database, auth: { ...defaultAuthConfig, ...auth }, logger: options.logger });
  extraApps.push(app);
  return app;
}

interface LoginResult {
  status: number;
  body: any;
  cookie: string | undefined;
  setCookie: string;
}

async function login(app: FastifyInstance, email: string, password: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}): Promise<LoginResult> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ email, password }) });
  const token = response.cookies.find((c) => c.name === 'fridplan_session')?.value;
  const setCookie = [response.headers['set-cookie'] ?? []].flat().join('\n');
  return { status: response.statusCode, body: response.json(), cookie: token ? `fridplan_session=${token}` : undefined, setCookie };
}

/** A client signed in through a real login. */
const signedIn = (result: LoginResult) => ({ userId: result.body.user.id as string, email: result.body.user.email as string, cookie: result.cookie!, csrfToken: result.body.csrfToken as string });

const sessionHash = (cookie: string) => createHash('sha256').update(cookie.replace('fridplan_session=', '')).digest('hex');
const sql = async <T = Record<string, unknown>>(text: string): Promise<T[]> => ((await ctx.database.db.execute(text as never)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  ctx = await startTestApp();
  organizationId = (await api(ctx).post('/api/v1/organizations', { code: '0114', name: 'Upplands Väsby kommun' })).body.id;
});

afterAll(async () => {
  for (const app of extraApps) await app.close();
  await ctx?.close();
});

describe('login', () => {
  it('signs in, and answers a wrong password and an unknown e-mail with the same 401', async () => {
    const user = await createTestUser(ctx, { email: 'anna@vasby.se', displayName: 'Anna Berg', memberships: [{ organizationId, role: 'coordinator' }] });
    const ok = await login(ctx.app, ' ANNA@vasby.se ', testPassword);
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ id: user.userId, email: 'anna@vasby.se', displayName: 'Anna Berg', isSystemAdmin: false });
    expect(ok.body.user.memberships).toEqual([{ organization: { id: organizationId, code: '0114', name: 'Upplands Väsby kommun' }, role: 'coordinator', unitIds: [] }]);
    expect(ok.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    expect(ok.setCookie).toMatch(/fridplan_session=[\w-]{40,}/);
    expect(ok.setCookie).toContain('HttpOnly');
    expect(ok.setCookie).toContain('SameSite=Lax');
    expect(ok.setCookie).toContain('Path=/');
    expect(ok.setCookie).not.toContain('Secure');

    const wrong = await login(ctx.app, 'anna@vasby.se', 'fel-lösenord-123456');
    const unknown = await login(ctx.app, 'nobody@vasby.se', testPassword);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.cookie).toBeUndefined();
    expect(unknown.cookie).toBeUndefined();
    // An account without a password (single sign-on only) answers the same.
    await ctx.database.db.execute(`insert into users (email, display_name) values ('sso-only@vasby.se', 'SSO Only')` as never);
    expect((await login(ctx.app, 'sso-only@vasby.se', testPassword)).body).toEqual(wrong.body);
  });

  it('locks an account out after the configured number of failures, even with the right password, and tells nothing more for unknown e-mails', async () => {
    const app = await appWith({ loginMaxFailures: 3 });
    const user = await createTestUser(ctx, { email: 'bo@vasby.se' });
    for (let i = 0; i < 3; i++) expect((await login(app, user.email, `wrong-password-${i}-xyz`, '10.1.0.1')).status).toBe(401);
    const locked = await login(app, user.email, testPassword, '10.1.0.1');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.body.error.message).toContain('15');
    expect(locked.cookie).toBeUndefined();
    // From another address too: the lockout is per account.
    expect((await login(app, user.email, testPassword, '10.1.0.2')).status).toBe(429);
    // An unknown e-mail is locked out just the same.
    for (let i = 0; i < 3; i++) expect((await login(app, 'ghost@vasby.se', `wrong-password-${i}-xyz`, '10.1.0.3')).status).toBe(401);
    expect((await login(app, 'ghost@vasby.se', testPassword, '10.1.0.3')).body).toEqual(locked.body);
    // Fifteen minutes later the account opens again; a success clears the count.
    await sql(`update login_failures set at = now() - interval '16 minutes' where email = 'bo@vasby.se'`);
    expect((await login(app, user.email, testPassword, '10.1.0.1')).status).toBe(200);
    expect(await sql(`select * from login_failures where email = 'bo@vasby.se'`)).toEqual([]);
  });

  it('locks an address out after ten times as many failures, whichever accounts they named', async () => {
    const app = await appWith({ loginMaxFailures: 1 });
    const user = await createTestUser(ctx, { email: 'cecilia@vasby.se' });
    for (let i = 0; i < 10; i++) expect((await login(app, `guess-${i}@vasby.se`, 'wrong-password-xyz', '10.2.0.1')).status).toBe(401);
    const locked = await login(app, user.email, testPassword, '10.2.0.1');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    // The same person from another address signs in.
    expect((await login(app, user.email, testPassword, '10.2.0.2')).status).toBe(200);
  });

  it('limits the rate of login requests per address', async () => {
    const app = await appWith({ authRateLimit: 3 });
    const user = await createTestUser(ctx, { email: 'david@vasby.se' });
    for (let i = 0; i < 3; i++) expect((await login(app, user.email, testPassword, '10.3.0.1')).status).toBe(200);
    const limited = await login(app, user.email, testPassword, '10.3.0.1');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.body.error.message).toMatch(/\d+ sekunder/);
    expect(limited.cookie).toBeUndefined();
    // Another address is not affected; nor are other routes.
    expect((await login(app, user.email, testPassword, '10.3.0.2')).status).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', remoteAddress: '10.3.0.1' })).statusCode).toBe(200);
    // The reset route shares the limit's size.
    for (let i = 0; i < 3; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress: '10.3.0.3', headers: { 'content-type': 'application/json' }, payload: { token: 'x', newPassword: 'y' } });
      expect(r.statusCode).toBe(400);
    }
    const resetLimited = await app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress: '10.3.0.3', headers: { 'content-type': 'application/json' }, payload: { token: 'x', newPassword: 'y' } });
    expect(resetLimited.statusCode).toBe(429);
  });
});

describe('sessions', () => {
  it('ends the session at logout', async () => {
    await createTestUser(ctx, { email: 'erik@vasby.se' });
    const session = signedIn(await login(ctx.app, 'erik@vasby.se', testPassword));
    const me = client(ctx.app, { session });
    expect((await me.get('/api/v1/auth/session')).body.user.email).toBe('erik@vasby.se');
    const out = await me.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expect([out.raw.headers['set-cookie']].flat().join()).toMatch(/fridplan_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(await sql(`select * from sessions where id_hash = '${sessionHash(session.cookie)}'`)).toEqual([]);
    const after = await me.get('/api/v1/auth/session');
    expect(after.body).toMatchObject({ user: null, csrfToken: null });
    expectError(await me.get('/api/v1/account'), 401, 'authentication_required');
  });

  it('ends a session after the idle time and at the absolute limit', async () => {
    await createTestUser(ctx, { email: 'frida@vasby.se' });
    const idle = signedIn(await login(ctx.app, 'frida@vasby.se', testPassword));
    const state = await client(ctx.app, { session: idle }).get('/api/v1/auth/session');
    expect(state.body.idleMinutes).toBe(60);
    const idleIn = new Date(state.body.idleExpiresAt).getTime() - Date.now();
    expect(idleIn).toBeGreaterThan(59 * 60_000);
    expect(idleIn).toBeLessThanOrEqual(60 * 60_000);
    expect(new Date(state.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);

    // 59 minutes without a request: still alive, and the request counts as activity.
    await sql(`update sessions set last_seen_at = now() - interval '59 minutes' where id_hash = '${sessionHash(idle.cookie)}'`);
    expect((await client(ctx.app, { session: idle }).get('/api/v1/account')).status).toBe(200);
    const [touched] = await sql<{ last_seen_at: string }>(`select last_seen_at from sessions where id_hash = '${sessionHash(idle.cookie)}'`);
    expect(Date.now() - new Date(touched!.last_seen_at).getTime()).toBeLessThan(60_000);
    // 61 minutes: gone.
    await sql(`update sessions set last_seen_at = now() - interval '61 minutes' where id_hash = '${sessionHash(idle.cookie)}'`);
    expectError(await client(ctx.app, { session: idle }).get('/api/v1/account'), 401, 'authentication_required');
    expect((await client(ctx.app, { session: idle }).get('/api/v1/auth/session')).body.user).toBeNull();

    // However active, a session ends at its absolute expiry.
    const busy = signedIn(await login(ctx.app, 'frida@vasby.se', testPassword));
    expect((await client(ctx.app, { session: busy }).get('/api/v1/account')).status).toBe(200);
    await sql(`update sessions set expires_at = now() - interval '1 second' where id_hash = '${sessionHash(busy.cookie)}'`);
    expectError(await client(ctx.app, { session: busy }).get('/api/v1/account'), 401, 'authentication_required');
  });

  it('refuses a cookie-authenticated change without the right CSRF token', async () => {
    await createTestUser(ctx, { email: 'gustav@vasby.se', displayName: 'Gustav' });
    const session = signedIn(await login(ctx.app, 'gustav@vasby.se', testPassword));
    const other = signedIn(await login(ctx.app, 'gustav@vasby.se', testPassword));
    const bare = client(ctx.app);
    const account = await client(ctx.app, { session }).get('/api/v1/account');
    for (const headers of <Record<string, string>[]>[{ cookie: session.cookie }, { cookie: session.cookie, 'x-csrf-token': 'not-the-token' }, { cookie: session.cookie, 'x-csrf-token': '' }]) {
      expectError(await bare.patch('/api/v1/account', { version: account.body.version, displayName: 'Hijacked' }, headers), 403, 'csrf_failed');
      expectError(await bare.post('/api/v1/auth/password', { currentPassword: testPassword, newPassword: 'ett-nytt-lösenord-77' }, headers), 403, 'csrf_failed');
      expectError(await bare.post('/api/v1/auth/logout', {}, headers), 403, 'csrf_failed');
    }
    // Another session's token does not fit either.
    expectError(await bare.patch('/api/v1/account', { version: account.body.version, displayName: 'Hijacked' }, { cookie: session.cookie, 'x-csrf-token': other.csrfToken }), 403, 'csrf_failed');
    expect((await client(ctx.app, { session }).get('/api/v1/account')).body).toEqual(account.body);
    // With the token, the change goes through; reads need none.
    expect((await client(ctx.app, { session }).patch('/api/v1/account', { version: account.body.version, displayName: 'Gustav Ek' })).status).toBe(200);
    expect((await bare.get('/api/v1/account', { cookie: session.cookie })).body.displayName).toBe('Gustav Ek');
  });

  it('marks the cookie Secure only when Fridplan is reached over https', async () => {
    await createTestUser(ctx, { email: 'hanna@vasby.se' });
    expect((await login(ctx.app, 'hanna@vasby.se', testPassword)).setCookie).not.toContain('Secure');
    const https = await appWith({ publicUrl: 'https://fridplan.example.se' });
    expect((await login(https, 'hanna@vasby.se', testPassword)).setCookie).toContain('Secure');
    const proxied = await appWith({ trustProxy: true });
    expect((await login(proxied, 'hanna@vasby.se', testPassword, '10.4.0.1', { 'x-forwarded-proto': 'https' })).setCookie).toContain('Secure');
    expect((await login(proxied, 'hanna@vasby.se', testPassword, '10.4.0.1')).setCookie).not.toContain('Secure');
    // Without trust in a proxy, its header is ignored.
    expect((await login(ctx.app, 'hanna@vasby.se', testPassword, '127.0.0.1', { 'x-forwarded-proto': 'https' })).setCookie).not.toContain('Secure');
  });
});

describe('passwords', () => {
  it('changes the password with the current one, refuses weak ones, and ends the other sessions', async () => {
    await createTestUser(ctx, { email: 'karin.lindqvist@vasby.se', displayName: 'Karin Lindqvist' });
    const here = signedIn(await login(ctx.app, 'karin.lindqvist@vasby.se', testPassword));
    const elsewhere = signedIn(await login(ctx.app, 'karin.lindqvist@vasby.se', testPassword));
    const me = api(ctx, { session: here });
    const change = (currentPassword: string, newPassword: string) => me.post('/api/v1/auth/password', { currentPassword, newPassword });

    expectValidation(await change('fel-lösenord-123456', 'ett-bra-nytt-lösenord-42'), [{ path: 'body.currentPassword', code: 'wrong_password' }]);
    expectValidation(await change(testPassword, 'kort-ord'), [{ path: 'body.newPassword', code: 'password_too_short' }]);
    expectValidation(await change(testPassword, 'password1234'), [{ path: 'body.newPassword', code: 'password_common' }]);
    expectValidation(await change(testPassword, 'QWERTYUIOPASDFGH'), [{ path: 'body.newPassword', code: 'password_common' }]);
    expectValidation(await change(testPassword, 'aaaa-bbbb-aaaa-bbbb'), [{ path: 'body.newPassword', code: 'password_common' }]);
    expectValidation(await change(testPassword, 'karin.lindqvist-2026!'), [{ path: 'body.newPassword', code: 'password_personal' }]);
    expectValidation(await change(testPassword, 'Hej Karin Lindqvist 99'), [{ path: 'body.newPassword', code: 'password_personal' }]);
    // Nothing changed so far: the other session lives, the old password works.
    expect((await client(ctx.app, { session: elsewhere }).get('/api/v1/auth/session')).body.user).not.toBeNull();

    const newPassword = 'blå-spårvagn-i-regnet-7';
    expect((await change(testPassword, newPassword)).status).toBe(204);
    expect((await client(ctx.app, { session: here }).get('/api/v1/auth/session')).body.user.email).toBe('karin.lindqvist@vasby.se');
    expect((await client(ctx.app, { session: elsewhere }).get('/api/v1/auth/session')).body.user).toBeNull();
    expect((await login(ctx.app, 'karin.lindqvist@vasby.se', testPassword)).status).toBe(401);
    expect((await login(ctx.app, 'karin.lindqvist@vasby.se', newPassword)).status).toBe(200);
    const events = await sql<{ action: string; before: unknown; after: unknown }>(`select action, before, after from audit_events where entity = 'user' and entity_id = '${here.userId}'`);
    expect(events.map((e) => e.action)).toEqual(['change_password']);
    expect(JSON.stringify(events)).not.toContain(newPassword);
  });

  it('sets a password with a reset link only once and only before it expires', async () => {
    const admin = api(ctx);
    const added = await admin.post(`/api/v1/organizations/${organizationId}/members`, { email: 'lena@vasby.se', displayName: 'Lena Ström', role: 'reader' });
    expect(added.status).toBe(201);
    const anonymous = api(ctx, { session: null });
    const redeem = (token: string, newPassword: string) => anonymous.post('/api/v1/auth/password-reset', { token, newPassword });

    expectValidation(await redeem('no-such-token', 'ett-bra-nytt-lösenord-42'), [{ path: 'body.token', code: 'reset_link_invalid' }]);
    expect((await redeem(added.body.resetLink.token, 'första-lösenordet-här-1')).status).toBe(204);
    expectValidation(await redeem(added.body.resetLink.token, 'andra-lösenordet-här-2'), [{ path: 'body.token', code: 'reset_link_invalid' }]);
    expect((await login(ctx.app, 'lena@vasby.se', 'första-lösenordet-här-1')).status).toBe(200);

    // An expired link is refused and changes nothing.
    const link = await admin.post(`/api/v1/organizations/${organizationId}/members/${added.body.member.userId}/reset-link`);
    expect(link.status).toBe(201);
    const [row] = await sql<{ token_hash: string }>(`select token_hash from password_resets where used_at is null and user_id = '${added.body.member.userId}'`);
    // Only the token's hash is stored.
    expect(row!.token_hash).toBe(createHash('sha256').update(link.body.token).digest('hex'));
    await sql(`update password_resets set expires_at = now() - interval '1 minute' where token_hash = '${row!.token_hash}'`);
    expectValidation(await redeem(link.body.token, 'tredje-lösenordet-här-3'), [{ path: 'body.token', code: 'reset_link_invalid' }]);
    expect((await login(ctx.app, 'lena@vasby.se', 'första-lösenordet-här-1')).status).toBe(200);
  });
});

describe('hardening', () => {
  it('sends the security headers, and HSTS only over https', async () => {
    const headers = (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session' })).headers;
    const csp = String(headers['content-security-policy']);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['strict-transport-security']).toBeUndefined();
    // The page shell and 404s get them too.
    const missing = await ctx.app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    expect(missing.headers['content-security-policy']).toBe(headers['content-security-policy']);

    const https = await appWith({ publicUrl: 'https://fridplan.example.se' });
    expect((await https.inject({ method: 'GET', url: '/api/v1/auth/session' })).headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    const proxied = await appWith({ trustProxy: true });
    expect((await proxied.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toMatch(/max-age=/);
    expect((await proxied.inject({ method: 'GET', url: '/api/v1/auth/session' })).headers['strict-transport-security']).toBeUndefined();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
  });

  it('answers an unexpected failure with a 500 that has no stack trace or internals', async () => {
    const app = await buildApp({ database: ctx.database });
    extraApps.push(app);
    app.get('/api/v1/test-failure', { config: { policy: publicAccess } }, async () => {
      throw new Error('internal detail: relation "secret_table" at /srv/fridplan/src/x.ts:12');
    });
    const response = await app.inject({ method: 'GET', url: '/api/v1/test-failure', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { status: 500, code: 'internal_error', message: expect.any(String) } });
    expect(response.body).not.toMatch(/secret_table|\.ts|at .*:\d+|stack/i);
    // Malformed input is the client's fault, said without internals.
    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.se", "password": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    expect(malformed.body).not.toMatch(/SyntaxError|JSON\.parse|node_modules/);
  });

  it('logs requests without passwords, cookies, session ids, CSRF or reset tokens', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await appWith({}, { logger: { ...(loggerOptions('trace') as object), stream } as never });
    await createTestUser(ctx, { email: 'maja@vasby.se', displayName: 'Maja' });
    const loggedIn = await login(app, 'maja@vasby.se', testPassword);
    expect(loggedIn.status).toBe(200);
    const session = signedIn(loggedIn);
    const me = client(app, { session });
    const newPassword = 'solsken-över-havet-31';
    expect((await me.get('/api/v1/auth/session')).status).toBe(200);
    expect((await me.post('/api/v1/auth/password', { currentPassword: testPassword, newPassword })).status).toBe(204);
    // A failed login with a wrong password, a reset link redeemed, and an SSO callback with a code.
    expect((await login(app, 'maja@vasby.se', 'a-wrong-password-zz9')).status).toBe(401);
    const link = await api(ctx).post(`/api/v1/organizations/${organizationId}/members`, { email: 'nora@vasby.se', displayName: 'Nora', role: 'reader' });
    const resetPassword = 'månsken-under-bron-64';
    expect((await client(app).post('/api/v1/auth/password-reset', { token: link.body.resetLink.token, newPassword: resetPassword })).status).toBe(204);
    await app.inject({ method: 'GET', url: '/api/v1/auth/sso/callback?code=secret-auth-code-123&state=secret-state-456' });
    await app.inject({ method: 'GET', url: `/api/v1/auth/session?token=${link.body.resetLink.token}` });
    expect((await me.post('/api/v1/auth/logout')).status).toBe(204);

    const log = lines.join('');
    // The capture works: the requests are there.
    expect(log).toContain('/api/v1/auth/login');
    expect(log).toContain('/api/v1/auth/password-reset');
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('code=[redacted]');
    for (const secret of [testPassword, newPassword, 'a-wrong-password-zz9', resetPassword, session.cookie.split('=')[1]!, session.csrfToken, link.body.resetLink.token, 'secret-auth-code-123', 'secret-state-456']) {
      expect(log.includes(secret), `the log contains ${secret.slice(0, 6)}…`).toBe(false);
    }
    expect(log).not.toMatch(/fridplan_session=/);
  });
});
