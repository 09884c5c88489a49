import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, organizationByCode, startTestApp, testDatabaseKind, type Client, type TestContext } from './harness.js';

let ctx: TestContext;
let api: Client;
beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = client(ctx.app, { session: ctx.admin });
});
afterAll(async () => ctx?.close());

describe(`cached plan reads on ${testDatabaseKind}`, () => {
  it('answers the tree and coverage with an ETag, 304 for the current version, and a fresh body after any change', async () => {
    const org = await organizationByCode(api, '0181');
    const units = (await api.get(`/api/v1/organizations/${org.id}/units`)).body as { id: string; name: string }[];
    const social = units.find((u) => u.name === 'Socialnämnden')!;
    const plan = (
      await api.post('/api/v1/plans', {
        organizationId: org.id,
        title: 'Cacheplan',
        kind: 'plan',
        ownerUnitId: social.id,
        nodes: [{ role: 'goal', number: '1', text: 'Mål ett', measures: [{ code: '1:1', text: 'Första åtgärden', leadUnitIds: [social.id], preventionLevels: ['universal'] }] }],
      })
    ).body;

    const first = await api.get(`/api/v1/plans/${plan.id}/tree`);
    expect(first.status).toBe(200);
    const etag = first.raw.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    expect(first.body.nodes[0].measures[0].text).toBe('Första åtgärden');
    const again = await api.get(`/api/v1/plans/${plan.id}/tree`);
    expect(again.body).toEqual(first.body);
    expect((await api.get(`/api/v1/plans/${plan.id}/tree`, { 'if-none-match': etag })).status).toBe(304);

    // A content edit: new ETag and the new text.
    const measure = first.body.nodes[0].measures[0];
    expect((await api.patch(`/api/v1/measures/${measure.id}`, { version: measure.version, text: 'Ändrad åtgärd' })).status).toBe(200);
    const edited = await api.get(`/api/v1/plans/${plan.id}/tree`, { 'if-none-match': etag });
    expect(edited.status).toBe(200);
    expect(edited.body.nodes[0].measures[0].text).toBe('Ändrad åtgärd');
    expect(edited.raw.headers.etag).not.toBe(etag);

    // A unit renamed elsewhere changes the names the tree shows.
    expect((await api.patch(`/api/v1/units/${social.id}`, { version: (await api.get(`/api/v1/units/${social.id}`)).body.version, name: 'Socialnämnden (ny)' })).status).toBe(200);
    const renamed = await api.get(`/api/v1/plans/${plan.id}/tree`);
    expect(renamed.body.units.find((u: { id: string }) => u.id === social.id).name).toBe('Socialnämnden (ny)');

    // Coverage follows the same rules, and counts the new measure.
    const coverage = await api.get(`/api/v1/plans/${plan.id}/coverage`);
    expect(coverage.body.measureCount).toBe(1);
    await api.post(`/api/v1/nodes/${first.body.nodes[0].id}/measures`, { text: 'Andra åtgärden', preventionLevels: ['indicated'] });
    const after = await api.get(`/api/v1/plans/${plan.id}/coverage`, { 'if-none-match': coverage.raw.headers.etag as string });
    expect(after.status).toBe(200);
    expect(after.body.measureCount).toBe(2);

    // An unknown plan is still 404.
    expect((await api.get('/api/v1/plans/00000000-0000-4000-8000-000000000000/tree')).status).toBe(404);
  });
});
