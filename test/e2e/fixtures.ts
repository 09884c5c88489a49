import AxeBuilder from '@axe-core/playwright';
import { expect, request as playwrightRequest, test as base, type APIRequestContext, type Page } from '@playwright/test';

/**
 * Every page and state a test visits is checked with axe for WCAG 2.1 A/AA: call `checkA11y(page,
 * 'what state')` after each navigation or change. Zero violations; an exclusion needs a written reason.
 */
export async function checkA11y(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
  expect(summary, `axe violations on ${state}`).toEqual([]);
}

export interface Account {
  email: string;
  password: string;
}

/**
 * The demo accounts the embedded database gets on its first start (README, demo only). Per seed
 * organization slug (kalmar, sodertalje, vaxjo, malmo, linkoping) one account per role.
 */
export const accounts = {
  system: { email: 'system@demo.fridplan.se', password: 'Fridplan-demo-system-2026' },
  admin: (slug = 'kalmar'): Account => ({ email: `admin@${slug}.demo.fridplan.se`, password: 'Fridplan-demo-admin-2026' }),
  coordinator: (slug = 'kalmar'): Account => ({ email: `samordnare@${slug}.demo.fridplan.se`, password: 'Fridplan-demo-samordnare-2026' }),
  reporter: (slug = 'kalmar'): Account => ({ email: `rapportor@${slug}.demo.fridplan.se`, password: 'Fridplan-demo-rapportor-2026' }),
  reader: (slug = 'kalmar'): Account => ({ email: `lasare@${slug}.demo.fridplan.se`, password: 'Fridplan-demo-lasare-2026' }),
};

export const sessionCookie = 'fridplan_session';

export interface SignedIn {
  token: string;
  csrfToken: string;
  user: { id: string; displayName: string; email: string; memberships: { organization: { id: string; code: string; name: string }; role: string; unitIds: string[] }[] };
}

/**
 * One session per account for the whole test run: the login route is rate limited per address, and
 * every test signing in anew would reach the limit. Tests that end or renew a session (logout,
 * expiry) sign in through the form or with `signIn(page, account, { fresh: true })` instead.
 */
const sessions = new Map<string, Promise<SignedIn>>();

/**
 * A new session for the account, signed in from a context of its own: a context that already holds
 * another session would have to send that session's CSRF token with the login.
 */
export async function freshSession(account: Account): Promise<SignedIn> {
  const context = await playwrightRequest.newContext({ baseURL: baseURL() });
  try {
    const response = await context.post('/api/v1/auth/login', { data: account });
    if (response.status() !== 200) throw new Error(`login ${account.email} → ${response.status()}: ${await response.text()}`);
    const cookie = response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === 'set-cookie')
      .map((h) => h.value)
      .find((v) => v.startsWith(`${sessionCookie}=`));
    if (!cookie) throw new Error(`login ${account.email}: no session cookie`);
    const body = (await response.json()) as Omit<SignedIn, 'token'>;
    return { token: cookie.slice(sessionCookie.length + 1).split(';')[0]!, csrfToken: body.csrfToken, user: body.user };
  } finally {
    await context.dispose();
  }
}

async function sessionFor(account: Account): Promise<SignedIn> {
  let session = sessions.get(account.email);
  if (!session) {
    session = freshSession(account);
    sessions.set(account.email, session);
    session.catch(() => sessions.delete(account.email));
  }
  return session;
}

const baseURL = (): string => {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error('baseURL is not configured');
  return url;
};

const cookieFor = (token: string) => ({ name: sessionCookie, value: token, url: baseURL(), httpOnly: true, sameSite: 'Lax' as const });

/**
 * Signs the page's browser context in as the account (system administrator unless told otherwise),
 * with the shared session, or a new one of its own when the test ends or renews it (`fresh`).
 * The next navigation loads the app signed in. The login form itself is tested in session.spec.ts.
 */
export async function signIn(page: Page, account: Account = accounts.system, { fresh = false } = {}): Promise<SignedIn> {
  const session = fresh ? await freshSession(account) : await sessionFor(account);
  await page.context().addCookies([cookieFor(session.token)]);
  return session;
}

/**
 * Small helpers over the JSON API for test setup (creating plans to work on, finding seeded ones),
 * signed in as the account (the system administrator unless told otherwise), with the CSRF token
 * on every change.
 */
export function apiHelpers(request: APIRequestContext, account: Account = accounts.system) {
  let ready: Promise<SignedIn> | undefined;
  const session = () => {
    ready ??= sessionFor(account).then(async (s) => {
      await request.addCookies([cookieFor(s.token)]);
      return s;
    });
    return ready;
  };
  const headers = async () => ({ 'x-csrf-token': (await session()).csrfToken });
  const json = async <T>(response: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    if (!response.ok()) throw new Error(`${response.url()} → ${response.status()}: ${await response.text()}`);
    return (response.status() === 204 ? undefined : await response.json()) as T;
  };
  const get = async (url: string) => {
    await session();
    return request.get(url);
  };
  return {
    session,
    /** Signs the context in and returns the header a raw change (`request.post(…, { headers })`) needs. */
    headers,
    organizations: async () => json<{ id: string; code: string; name: string }[]>(await get('/api/v1/organizations')),
    organization: async (code: string) => {
      const orgs = await json<{ id: string; code: string }[]>(await get('/api/v1/organizations'));
      return orgs.find((o) => o.code === code)!;
    },
    plans: async (organizationId: string) => json<{ items: { id: string; title: string; status: string }[] }>(await get(`/api/v1/plans?organizationId=${organizationId}`)),
    tree: async (planId: string) => json<any>(await get(`/api/v1/plans/${planId}/tree`)),
    units: async (organizationId: string) => json<{ id: string; name: string }[]>(await get(`/api/v1/organizations/${organizationId}/units`)),
    post: async <T = any>(url: string, data: unknown) => json<T>(await request.post(url, { data, headers: await headers() })),
    patch: async <T = any>(url: string, data: unknown) => json<T>(await request.patch(url, { data, headers: await headers() })),
    delete: async (url: string) => json<void>(await request.delete(url, { headers: await headers() })),
    get: async <T = any>(url: string) => json<T>(await get(url)),
  };
}

export const test = base;
export { expect };
