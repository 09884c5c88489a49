import type { APIResponse, Page } from '@playwright/test';

/*
 * Helpers for the follow-up browser tests. People sign in through the API with page.request, whose
 * cookie the page shares, so switching from the coordinator to the reporter is one call. Setup that
 * is not under test (creating and opening a round) goes through the JSON API with the CSRF token.
 */

export interface Account {
  email: string;
  password: string;
}

export const coordinator: Account = { email: 'samordnare@sodertalje.demo.fridplan.se', password: 'Fridplan-demo-samordnare-2026' };
/** Reports for Socialnämnden, the lead unit of most of the plan's measures. */
export const reporter: Account = { email: 'rapportor@sodertalje.demo.fridplan.se', password: 'Fridplan-demo-rapportor-2026' };

/** Södertälje's plan in force: the follow-up test plan. */
export const sodertaljeCode = '0181';
export const followUpPlanTitle = 'Handlingsplan Fri från våld 2024–2027';

/** Signs the page's context in as `account` (replacing whoever was signed in); answers the CSRF token. */
export async function signIn(page: Page, account: Account): Promise<string> {
  // Signing in over an existing session is a change made with that session: it needs its token.
  const current = (await (await page.request.get('/api/v1/auth/session')).json()) as { csrfToken: string | null };
  const login = await page.request.post('/api/v1/auth/login', { data: account, headers: current.csrfToken ? { 'x-csrf-token': current.csrfToken } : {} });
  if (!login.ok()) throw new Error(`sign-in as ${account.email} → ${login.status()}: ${await login.text()}`);
  const session = (await (await page.request.get('/api/v1/auth/session')).json()) as { csrfToken: string | null };
  if (!session.csrfToken) throw new Error(`signed in as ${account.email} but the session has no CSRF token`);
  return session.csrfToken;
}

/** JSON calls as whoever the page is signed in as; changes carry that session's CSRF token. */
export function jsonApi(page: Page, csrfToken: string) {
  const json = async <T>(response: APIResponse): Promise<T> => {
    if (!response.ok()) throw new Error(`${response.url()} → ${response.status()}: ${await response.text()}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const headers = { 'x-csrf-token': csrfToken };
  return {
    get: async <T = any>(url: string) => json<T>(await page.request.get(`/api/v1${url}`)),
    post: async <T = any>(url: string, data: unknown = {}) => json<T>(await page.request.post(`/api/v1${url}`, { data, headers })),
    patch: async <T = any>(url: string, data: unknown) => json<T>(await page.request.patch(`/api/v1${url}`, { data, headers })),
  };
}

export type JsonApi = ReturnType<typeof jsonApi>;

export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** An ISO date `days` from today. */
export function isoDay(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface OpenedRound {
  id: string;
  name: string;
  planId: string;
  organizationId: string;
  deadline: string;
}

/**
 * As the coordinator: creates a round on Södertälje's plan with a unique name and opens it, which
 * gives every lead unit (Socialnämnden among them) its reports. Leaves the coordinator signed in.
 */
export async function openRoundAsCoordinator(
  page: Page,
  options: { name?: string; deadline?: string; periodStart?: string; periodEnd?: string } = {},
): Promise<OpenedRound> {
  const api = jsonApi(page, await signIn(page, coordinator));
  const organizations = await api.get<{ id: string; code: string }[]>('/organizations');
  const organization = organizations.find((o) => o.code === sodertaljeCode);
  if (!organization) throw new Error('Södertälje is not seeded');
  const plans = await api.get<{ items: { id: string; title: string }[] }>(`/plans?organizationId=${organization.id}`);
  const plan = plans.items.find((p) => p.title === followUpPlanTitle);
  if (!plan) throw new Error(`no plan "${followUpPlanTitle}"`);
  const name = options.name ?? `E2E-uppföljning ${unique()}`;
  const deadline = options.deadline ?? isoDay(14);
  const round = await api.post<{ id: string; version: number }>(`/plans/${plan.id}/rounds`, {
    name,
    periodStart: options.periodStart ?? '2025-01-01',
    periodEnd: options.periodEnd ?? '2025-12-31',
    deadline,
    includeCoResponsible: false,
    reminderDaysBefore: 7,
  });
  await api.post(`/rounds/${round.id}/open`, { version: round.version });
  return { id: round.id, name, planId: plan.id, organizationId: organization.id, deadline };
}

export interface ReportRow {
  id: string;
  state: string;
  unitName: string;
  measureId: string;
  measureCode: string | null;
  measureText: string;
  version: number;
}

/** The signed-in reporter's reports in one round for one unit, in the API's order. */
export async function reportsOf(api: JsonApi, roundId: string, unitName: string): Promise<ReportRow[]> {
  const all = await api.get<(ReportRow & { roundId: string })[]>('/me/assignments?include=all');
  return all.filter((r) => r.roundId === roundId && r.unitName === unitName);
}
