import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, organizationByCode, startTestApp, testDatabaseKind, type TestContext } from './harness.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
});
afterAll(async () => ctx?.close());

describe(`API smoke on ${testDatabaseKind}`, () => {
  it('answers health and serves the seeded organizations and plans', async () => {
    const api = client(ctx.app, { session: ctx.admin });
    expect((await api.get('/healthz')).body).toEqual({ status: 'ok', database: testDatabaseKind });
    const orgs = (await api.get('/api/v1/organizations')).body;
    expect(orgs.map((o: { code: string }) => o.code).sort()).toEqual(['0181', '0580', '0780', '0880', '1280']);
    const sodertalje = await organizationByCode(api, '0181');
    const plans = (await api.get(`/api/v1/plans?organizationId=${sodertalje.id}`)).body;
    expect(plans.total).toBe(1);
    expect(plans.items[0].measureCount).toBe(33);
    expect(plans.items[0].goalCount).toBe(5);
  });
});
