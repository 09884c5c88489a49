import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';

/**
 * Every page and state a test visits is checked with axe for WCAG 2.1 A/AA: call `checkA11y(page,
 * 'what state')` after each navigation or change. Zero violations; an exclusion needs a written reason.
 */
export async function checkA11y(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
  expect(summary, `axe violations on ${state}`).toEqual([]);
}

/** Small helpers over the JSON API for test setup (creating plans to work on, finding seeded ones). */
export function apiHelpers(request: APIRequestContext) {
  const json = async <T>(response: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    if (!response.ok()) throw new Error(`${response.url()} → ${response.status()}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    organizations: async () => json<{ id: string; code: string; name: string }[]>(await request.get('/api/v1/organizations')),
    organization: async (code: string) => {
      const orgs = await json<{ id: string; code: string }[]>(await request.get('/api/v1/organizations'));
      return orgs.find((o) => o.code === code)!;
    },
    plans: async (organizationId: string) => json<{ items: { id: string; title: string; status: string }[] }>(await request.get(`/api/v1/plans?organizationId=${organizationId}`)),
    tree: async (planId: string) => json<any>(await request.get(`/api/v1/plans/${planId}/tree`)),
    units: async (organizationId: string) => json<{ id: string; name: string }[]>(await request.get(`/api/v1/organizations/${organizationId}/units`)),
    post: async <T = any>(url: string, data: unknown) => json<T>(await request.post(url, { data })),
    patch: async <T = any>(url: string, data: unknown) => json<T>(await request.patch(url, { data })),
    get: async <T = any>(url: string) => json<T>(await request.get(url)),
  };
}

export const test = base;
export { expect };
