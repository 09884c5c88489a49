import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationByCode, startTestApp, testDatabaseKind, type Client, type TestContext } from './harness.js';
import { api as checkedApi, expectDensePositions, expectError, expectValidation, nilUuid, outline, readSeed, seedMeasures, seedNames, type SeedNode } from './helpers.js';

let ctx: TestContext;
let api: Client;
const org: Record<string, { id: string }> = {};
let units: Record<string, string>;

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = checkedApi(ctx);
  for (const [name, code] of Object.entries({ kalmar: '0880', sodertalje: '0181', vaxjo: '0780', malmo: '1280', linkoping: '0580' })) {
    org[name] = await organizationByCode(api, code);
  }
  units = Object.fromEntries((await api.get(`/api/v1/organizations/${org.sodertalje!.id}/units`)).body.map((u: any) => [u.name, u.id]));
});
afterAll(async () => ctx?.close());

const normalize = (text: string) =>
  text.toLocaleLowerCase('sv').replace(/ø/g, 'o').normalize('NFD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ');

const countGoals = (nodes: SeedNode[]): number => nodes.reduce((n, node) => n + (node.role === 'goal' ? 1 : 0) + countGoals(node.children ?? []), 0);

/** A draft with goals, a strategy, a condition, a sub-goal and a heading, measures at several depths. */
function treeBody(title: string) {
  return {
    organizationId: org.sodertalje!.id,
    title,
    kind: 'action_plan',
    validFrom: '2025-01-01',
    validTo: '2028-12-31',
    summary: 'Ett utkast för test av planens träd',
    sections: [{ heading: 'Syfte', body: 'Att pröva API:et.' }],
    violenceForms: ['physical', 'honour'],
    frameworkLinks: ['agenda2030:5'],
    nodes: [
      {
        role: 'goal',
        label: 'Fokusområde',
        number: '1',
        text: 'Förebygga våld',
        measures: [
          { code: '1:1', text: 'Utbilda personal', leadUnitIds: [units['Socialnämnden']], coUnitIds: [units['Kommunstyrelsen']], preventionLevels: ['universal'] },
          { code: '1:2', text: 'Sprida information', leadUnitIds: [units['Omsorgsnämnden']], preventionLevels: ['universal', 'selective'] },
        ],
        children: [
          { role: 'strategy', label: 'Genom att', text: 'Genom att utbilda', measures: [{ code: '1:3', text: 'Kurs i våldsmedvetenhet', leadUnitIds: [units['Socialnämnden']] }] },
          { role: 'condition', text: 'Kunskap finns' },
        ],
      },
      {
        role: 'goal',
        label: 'Fokusområde',
        number: '2',
        text: 'Stöd till våldsutsatta',
        measures: [{ code: '2:1', text: 'Skyddat boende', leadUnitIds: [units['Socialnämnden']], preventionLevels: ['indicated'], scope: 'unit_specific' }],
        children: [
          {
            role: 'goal',
            number: '2.1',
            text: 'Barn',
            measures: [
              { code: '2:2', text: 'Stöd till barn', examples: ['Barngrupper'] },
              { code: '2:3', text: 'Samverkan med skolan', timeFrame: '2026' },
            ],
          },
        ],
      },
      { role: 'heading', text: 'Övrigt' },
    ],
  };
}

describe(`plan list on ${testDatabaseKind}`, () => {
  it('lists every seeded plan with goal and measure counts from the seed', async () => {
    const res = await api.get('/api/v1/plans');
    expect(res.status).toBe(200);
    const expected = seedNames.flatMap((name) =>
      readSeed(name).plans.map((p) => ({ title: p.title, status: p.status, kind: p.kind, goalCount: countGoals(p.nodes), measureCount: seedMeasures(p).length })),
    );
    expect(res.body.total).toBe(expected.length);
    const got = res.body.items.map((p: any) => ({ title: p.title, status: p.status, kind: p.kind, goalCount: p.goalCount, measureCount: p.measureCount }));
    const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);
    expect(got.sort(byTitle)).toEqual(expected.sort(byTitle));
  });

  it('filters by organization, status (one or several), kind, parent plan and free text, and pages', async () => {
    const malmo = await api.get(`/api/v1/plans?organizationId=${org.malmo!.id}`);
    expect(malmo.body.total).toBe(2);
    expect(malmo.body.items.every((p: any) => p.organizationId === org.malmo!.id)).toBe(true);

    const consultation = await api.get('/api/v1/plans?status=consultation');
    expect(consultation.body.items.map((p: any) => p.organizationId)).toEqual([org.kalmar!.id]);

    const seeds = seedNames.flatMap((name) => readSeed(name).plans.map((p) => ({ ...p, org: name })));
    const titles = (res: any) => res.body.items.map((p: any) => p.title).sort();
    const both = await api.get('/api/v1/plans?status=adopted,consultation');
    expect(titles(both)).toEqual(seeds.filter((p) => ['adopted', 'consultation'].includes(p.status)).map((p) => p.title).sort());

    const actionPlans = await api.get('/api/v1/plans?kind=action_plan');
    expect(titles(actionPlans)).toEqual(seeds.filter((p) => p.kind === 'action_plan').map((p) => p.title).sort());
    expect(actionPlans.body.total).toBe(actionPlans.body.items.length);

    const combined = await api.get(`/api/v1/plans?organizationId=${org.malmo!.id}&kind=action_plan&status=in_force`);
    expect(titles(combined)).toEqual(seeds.filter((p) => p.org === 'malmo' && p.kind === 'action_plan').map((p) => p.title));

    const cityWide = malmo.body.items.find((p: any) => p.kind === 'plan');
    const children = await api.get(`/api/v1/plans?parentPlanId=${cityWide.id}`);
    expect(children.body.items.map((p: any) => p.parentPlanId)).toEqual([cityWide.id]);
    expect(children.body.items[0].title).toBe(seeds.find((p) => p.parentPlan === 'fri-fran-vald')!.title);

    // Free text without diacritics or case finds titles with them.
    const text = await api.get(`/api/v1/plans?q=${encodeURIComponent('FRI FRAN VALD')}`);
    expect(titles(text)).toEqual(seeds.filter((p) => normalize(p.title).includes('fri fran vald') || normalize((p as any).summary ?? '').includes('fri fran vald')).map((p) => p.title).sort());
    expect(text.body.total).toBeGreaterThanOrEqual(3);
    const narrowed = await api.get(`/api/v1/plans?q=${encodeURIComponent('fri fran vald')}&organizationId=${org.sodertalje!.id}`);
    expect(titles(narrowed)).toEqual(['Handlingsplan Fri från våld 2024–2027']);
    expect((await api.get('/api/v1/plans?q=zzzyyyxxx')).body).toEqual({ total: 0, items: [] });

    const page1 = await api.get('/api/v1/plans?limit=2&offset=0');
    const page2 = await api.get('/api/v1/plans?limit=2&offset=2');
    const all = await api.get('/api/v1/plans');
    expect(page1.body.total).toBe(all.body.total);
    expect(page1.body.items).toHaveLength(2);
    expect([...page1.body.items, ...page2.body.items].map((p: any) => p.id)).toEqual(all.body.items.slice(0, 4).map((p: any) => p.id));
  });

  it('refuses bad filters with field errors', async () => {
    expectValidation(await api.get('/api/v1/plans?status=draft,finished'), [{ path: 'querystring.status.1', code: 'invalid_value' }]);
    expectValidation(await api.get('/api/v1/plans?kind=novel'), [{ path: 'querystring.kind.0', code: 'invalid_value' }]);
    expectValidation(await api.get('/api/v1/plans?organizationId=kalmar'), [{ path: 'querystring.organizationId', code: 'invalid_format' }]);
    expectValidation(await api.get('/api/v1/plans?limit=0'), [{ path: 'querystring.limit', code: 'too_small_number' }]);
    expectValidation(await api.get('/api/v1/plans?limit=501'), [{ path: 'querystring.limit', code: 'too_big_number' }]);
    expectValidation(await api.get('/api/v1/plans?limit=many'), [{ path: 'querystring.limit', code: 'invalid_type' }]);
    expectValidation(await api.get('/api/v1/plans?sort=title'), [{ path: 'querystring.sort', code: 'unrecognized_key' }]);
    expectValidation(await api.get(`/api/v1/plans?q=${'x'.repeat(201)}`), [{ path: 'querystring.q', code: 'too_big_string' }]);
  });
});

describe(`plan create, read, update, delete on ${testDatabaseKind}`, () => {
  it('creates a draft with its whole tree and reads the tree back in document order', async () => {
    const created = await api.post('/api/v1/plans', treeBody('Trädplan'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationId: org.sodertalje!.id,
      title: 'Trädplan',
      kind: 'action_plan',
      status: 'draft',
      validFrom: '2025-01-01',
      validTo: '2028-12-31',
      violenceForms: ['physical', 'honour'],
      frameworkLinks: ['agenda2030:5'],
      sections: [{ heading: 'Syfte', body: 'Att pröva API:et.' }],
      decision: { body: null, date: null, paragraph: null, registryNumber: null },
      followUpCadence: 'annual',
      version: 1,
    });
    const id = created.body.id;
    expect((await api.get(`/api/v1/plans/${id}`)).body).toEqual(created.body);

    const tree = await api.get(`/api/v1/plans/${id}/tree`);
    expect(tree.status).toBe(200);
    const { createdAt: _c, updatedAt: _u, ...metadata } = created.body;
    expect(tree.body.plan).toEqual(metadata);
    expect(outline(tree.body.nodes)).toEqual([
      ['1', ['1:1', '1:2'], [['Genom att utbilda', ['1:3'], []], ['Kunskap finns', [], []]]],
      ['2', ['2:1'], [['2.1', ['2:2', '2:3'], []]]],
      ['Övrigt', [], []],
    ]);
    expectDensePositions(tree.body.nodes);
    const [goal1, goal2] = tree.body.nodes;
    expect(goal1).toMatchObject({ role: 'goal', label: 'Fokusområde', parentId: null, version: 1 });
    expect(goal1.children[0]).toMatchObject({ role: 'strategy', label: 'Genom att', parentId: goal1.id });
    expect(goal2.children[0].parentId).toBe(goal2.id);
    expect(goal1.measures[0]).toMatchObject({
      nodeId: goal1.id,
      text: 'Utbilda personal',
      leadUnitIds: [units['Socialnämnden']],
      coUnitIds: [units['Kommunstyrelsen']],
      preventionLevels: ['universal'],
      scope: null,
      version: 1,
    });
    expect(goal2.measures[0]).toMatchObject({ scope: 'unit_specific', preventionLevels: ['indicated'] });
    expect(goal2.children[0].measures[0].examples).toEqual(['Barngrupper']);
    expect(tree.body.units.map((u: any) => u.name)).toEqual(['Kommunstyrelsen', 'Omsorgsnämnden', 'Socialnämnden']);

    const listed = (await api.get(`/api/v1/plans?organizationId=${org.sodertalje!.id}&status=draft`)).body.items.find((p: any) => p.id === id);
    expect(listed).toMatchObject({ goalCount: 3, measureCount: 6 });
  });

  it('reads a seeded plan’s tree in the order of the document', async () => {
    const seed = readSeed('sodertalje').plans[0]!;
    const plan = (await api.get(`/api/v1/plans?organizationId=${org.sodertalje!.id}&status=in_force`)).body.items[0];
    const tree = await api.get(`/api/v1/plans/${plan.id}/tree`);
    const seedOutline = (nodes: SeedNode[]): unknown[] =>
      nodes.map((n) => [n.number ?? n.text, (n.measures ?? []).map((m) => m.code ?? m.text), seedOutline(n.children ?? [])]);
    expect(outline(tree.body.nodes)).toEqual(seedOutline(seed.nodes));
    expectDensePositions(tree.body.nodes);
    // "note there is no 1:7": the codes are the document's, not renumbered.
    expect(tree.body.nodes[0].measures.map((m: any) => m.code)).not.toContain('1:7');
  });

  it('updates metadata, checks references, terms and dates, and keeps the version', async () => {
    const created = (await api.post('/api/v1/plans', treeBody('Metadataplan'))).body;
    const seeded = (await api.get(`/api/v1/plans?organizationId=${org.sodertalje!.id}&status=in_force`)).body.items[0];
    const patched = await api.patch(`/api/v1/plans/${created.id}`, {
      version: 1,
      title: 'Metadataplan reviderad',
      kind: 'plan',
      validTo: '2029-12-31',
      summary: null,
      decision: { body: 'Kommunstyrelsen', registryNumber: 'KS 25/1' },
      ownerUnitId: units['Kommunstyrelsen'],
      replacesPlanId: seeded.id,
      violenceForms: ['psychological'],
      targetGroups: ['victims_adults'],
      vulnerableGroups: ['minority_affiliation'],
      followUpCadence: 'semiannual',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      title: 'Metadataplan reviderad',
      kind: 'plan',
      validFrom: '2025-01-01',
      validTo: '2029-12-31',
      summary: null,
      decision: { body: 'Kommunstyrelsen', date: null, registryNumber: 'KS 25/1' },
      registryNumber: 'KS 25/1',
      ownerUnitId: units['Kommunstyrelsen'],
      replacesPlanId: seeded.id,
      violenceForms: ['psychological'],
      targetGroups: ['victims_adults'],
      vulnerableGroups: ['minority_affiliation'],
      frameworkLinks: ['agenda2030:5'],
      followUpCadence: 'semiannual',
      status: 'draft',
      version: 2,
    });
    // The new title is searchable at once.
    const found = await api.get(`/api/v1/plans?q=${encodeURIComponent('metadataplan REVIDERAD')}`);
    expect(found.body.items.map((p: any) => p.id)).toEqual([created.id]);

    const kalmarUnit = (await api.get(`/api/v1/organizations/${org.kalmar!.id}/units`)).body[0];
    const kalmarPlan = (await api.get(`/api/v1/plans?organizationId=${org.kalmar!.id}`)).body.items[0];
    expectValidation(await api.patch(`/api/v1/plans/${created.id}`, { version: 2, validFrom: '2030-01-01' }), [{ path: 'body.validTo', code: 'before_valid_from' }]);
    expectValidation(await api.patch(`/api/v1/plans/${created.id}`, { version: 2, ownerUnitId: kalmarUnit.id, parentPlanId: kalmarPlan.id, replacesPlanId: created.id }), [
      { path: 'body.ownerUnitId', code: 'unknown_reference' },
      { path: 'body.parentPlanId', code: 'unknown_reference' },
      { path: 'body.replacesPlanId', code: 'self_reference' },
    ]);
    expectValidation(await api.patch(`/api/v1/plans/${created.id}`, { version: 2, violenceForms: ['physical', 'telepathic'], perspectives: ['child', 'child'], frameworkLinks: ['agenda2030:99'] }), [
      { path: 'body.violenceForms.1', code: 'unknown_term' },
      { path: 'body.perspectives', code: 'duplicate_values' },
      { path: 'body.frameworkLinks.0', code: 'unknown_framework_item' },
    ]);
    // Kalmar's plan cannot use Södertälje's own vulnerable-group term.
    expectValidation(await api.patch(`/api/v1/plans/${kalmarPlan.id}`, { version: kalmarPlan.version, vulnerableGroups: ['minority_affiliation'] }), [
      { path: 'body.vulnerableGroups.0', code: 'unknown_term' },
    ]);
    // Nothing of the refused changes was written.
    const after = await api.get(`/api/v1/plans/${created.id}`);
    expect(after.body).toEqual(patched.body);
  });

  it('deletes drafts only, with the version, and the content goes with them', async () => {
    const created = (await api.post('/api/v1/plans', treeBody('Att ta bort'))).body;
    const tree = (await api.get(`/api/v1/plans/${created.id}/tree`)).body;
    const measureId = tree.nodes[0].measures[0].id;
    expectError(await api.delete(`/api/v1/plans/${created.id}?version=2`), 409, 'version_conflict');
    expect((await api.delete(`/api/v1/plans/${created.id}?version=1`)).status).toBe(204);
    expectError(await api.get(`/api/v1/plans/${created.id}`), 404, 'not_found');
    expectError(await api.get(`/api/v1/plans/${created.id}/tree`), 404, 'not_found');
    expectError(await api.get(`/api/v1/measures/${measureId}`), 404, 'not_found');
    expectError(await api.delete(`/api/v1/plans/${created.id}?version=1`), 404, 'not_found');

    const seeded = (await api.get(`/api/v1/plans?organizationId=${org.vaxjo!.id}`)).body.items[0];
    const refused = await api.delete(`/api/v1/plans/${seeded.id}?version=${seeded.version}`);
    expectError(refused, 409, 'plan_not_deletable');
    expect(refused.body.error.message).toContain('in_force');
    expect((await api.get(`/api/v1/plans/${seeded.id}`)).status).toBe(200);
  });

  it('answers 404 for unknown plan ids, uuid or not, on every plan route', async () => {
    for (const id of [nilUuid, 'plan-1']) {
      expectError(await api.get(`/api/v1/plans/${id}`), 404, 'not_found');
      expectError(await api.patch(`/api/v1/plans/${id}`, { version: 1, title: 'x' }), 404, 'not_found');
      expectError(await api.delete(`/api/v1/plans/${id}?version=1`), 404, 'not_found');
      expectError(await api.get(`/api/v1/plans/${id}/tree`), 404, 'not_found');
      expectError(await api.get(`/api/v1/plans/${id}/coverage`), 404, 'not_found');
      expectError(await api.post(`/api/v1/plans/${id}/transitions`, { version: 1, to: 'consultation' }), 404, 'not_found');
      expectError(await api.post(`/api/v1/plans/${id}/revisions`, {}), 404, 'not_found');
      expectError(await api.get(`/api/v1/plans/${id}/versions`), 404, 'not_found');
      expectError(await api.post(`/api/v1/plans/${id}/versions`, {}), 404, 'not_found');
      expectError(await api.get(`/api/v1/plans/${id}/versions/${nilUuid}`), 404, 'not_found');
      expectError(await api.get(`/api/v1/plans/${id}/diff?from=current`), 404, 'not_found');
      expectError(await api.post(`/api/v1/plans/${id}/nodes`, { role: 'goal', text: 'x' }), 404, 'not_found');
    }
  });
});

/** "method /path/{*}" for every route the server registered (from its route tree; HEAD left out). */
function registeredRoutes(): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of ctx.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/:[^/]+/g, '{*}');
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) routes.push(`${method.toLowerCase()} ${path}`);
  }
  return routes;
}

describe(`OpenAPI document on ${testDatabaseKind}`, () => {
  it('is valid JSON, OpenAPI 3.x, and describes every route', async () => {
    const res = await api.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.raw.headers['content-type']).toMatch(/^application\/json/);
    const doc = JSON.parse(res.raw.body);
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe('Fridplan API');
    const expected: [string, string][] = [
      ['get', '/api/v1/organizations'],
      ['post', '/api/v1/organizations'],
      ['get', '/api/v1/organizations/{id}'],
      ['patch', '/api/v1/organizations/{id}'],
      ['get', '/api/v1/organizations/{organizationId}/units'],
      ['post', '/api/v1/organizations/{organizationId}/units'],
      ['get', '/api/v1/organizations/{organizationId}/taxonomies'],
      ['post', '/api/v1/organizations/{organizationId}/taxonomies/{taxonomy}/terms'],
      ['get', '/api/v1/organizations/{organizationId}/frameworks'],
      ['get', '/api/v1/organizations/{organizationId}/measures'],
      ['get', '/api/v1/units/{id}'],
      ['patch', '/api/v1/units/{id}'],
      ['delete', '/api/v1/units/{id}'],
      ['get', '/api/v1/plans'],
      ['post', '/api/v1/plans'],
      ['get', '/api/v1/plans/{id}'],
      ['patch', '/api/v1/plans/{id}'],
      ['delete', '/api/v1/plans/{id}'],
      ['get', '/api/v1/plans/{id}/tree'],
      ['get', '/api/v1/plans/{id}/coverage'],
      ['post', '/api/v1/plans/{id}/transitions'],
      ['post', '/api/v1/plans/{id}/revisions'],
      ['get', '/api/v1/plans/{id}/versions'],
      ['post', '/api/v1/plans/{id}/versions'],
      ['get', '/api/v1/plans/{id}/versions/{versionId}'],
      ['get', '/api/v1/plans/{id}/diff'],
      ['post', '/api/v1/plans/{id}/nodes'],
      ['patch', '/api/v1/nodes/{id}'],
      ['post', '/api/v1/nodes/{id}/move'],
      ['delete', '/api/v1/nodes/{id}'],
      ['post', '/api/v1/nodes/{id}/measures'],
      ['get', '/api/v1/measures/{id}'],
      ['patch', '/api/v1/measures/{id}'],
      ['post', '/api/v1/measures/{id}/move'],
      ['delete', '/api/v1/measures/{id}'],
    ];
    for (const [method, path] of expected) {
      expect(doc.paths[path], path).toBeDefined();
      expect(doc.paths[path][method], `${method} ${path}`).toBeDefined();
    }
    // And every route the server has under /api/v1 is in it (parameters compared by place, not name).
    const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{*}');
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method} ${shape(path)}`));
    const registered = registeredRoutes().filter((r) => r.includes(' /api/v1/') && !r.endsWith('/openapi.json'));
    expect(registered.length).toBeGreaterThanOrEqual(expected.length);
    expect(documented.sort()).toEqual(registered.sort());
    // Request bodies are described from the same schemas that validate them.
    const createPlan = doc.paths['/api/v1/plans'].post.requestBody.content['application/json'].schema;
    expect(createPlan.required).toEqual(expect.arrayContaining(['organizationId', 'title', 'kind']));
    expect(createPlan.additionalProperties).toBe(false);
  });

  it('answers unknown routes with the error shape', async () => {
    expectError(await api.get('/api/v1/nothing-here'), 404, 'route_not_found');
    expectError(await api.raw('PUT', '/api/v1/plans'), 404, 'route_not_found');
  });
});
