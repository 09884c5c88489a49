import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationByCode, startTestApp, testDatabaseKind, type Client, type TestContext } from './harness.js';
import { api as checkedApi, contentCounts, expectError, expectValidation, nilUuid, readSeed, seedMeasures } from './helpers.js';

let ctx: TestContext;
let api: Client;
let malmo: { id: string };
let sodertalje: { id: string };
let malmoUnits: Record<string, string>;
let sodertaljeUnits: Record<string, string>;
let cityPlan: any;
let asfPlan: any;

const malmoSeed = readSeed('malmo');

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = checkedApi(ctx);
  malmo = await organizationByCode(api, '1280');
  sodertalje = await organizationByCode(api, '0181');
  malmoUnits = Object.fromEntries((await api.get(`/api/v1/organizations/${malmo.id}/units`)).body.map((u: any) => [u.name, u.id]));
  sodertaljeUnits = Object.fromEntries((await api.get(`/api/v1/organizations/${sodertalje.id}/units`)).body.map((u: any) => [u.name, u.id]));
  const plans = (await api.get(`/api/v1/plans?organizationId=${malmo.id}`)).body.items;
  cityPlan = plans.find((p: any) => p.title === malmoSeed.plans[0]!.title);
  asfPlan = plans.find((p: any) => p.title === malmoSeed.plans[1]!.title);
  expect(cityPlan && asfPlan).toBeTruthy();
});
afterAll(async () => ctx?.close());

const tree = async (planId: string) => {
  const res = await api.get(`/api/v1/plans/${planId}/tree`);
  expect(res.status).toBe(200);
  return res.body;
};

/** A city-wide plan of its own in Malmö with measures at several depths, for breaking down. */
async function cityWidePlanWithMeasures(title: string) {
  const res = await api.post('/api/v1/plans', {
    organizationId: malmo.id,
    title,
    kind: 'plan',
    nodes: [
      {
        role: 'goal',
        label: 'Inriktningsmål',
        number: '1',
        text: 'Förebygga våld',
        measures: [
          { code: '1:1', text: 'Utbilda all personal', leadUnitIds: [malmoUnits['Stadskontoret']], coUnitIds: [malmoUnits['Kommunstyrelsen']], preventionLevels: ['universal'], violenceForms: ['honour'] },
        ],
        children: [
          { role: 'strategy', label: 'Genom att', text: 'Utmana normer', measures: [{ code: '1:2', text: 'Normkritiska samtal', targetGroups: ['children_and_young'] }] },
          { role: 'condition', text: 'Kunskap finns', children: [{ role: 'goal', number: '1.1', text: 'Delmål', measures: [{ code: '1:3', text: 'Kartlägga kunskapsläget' }] }] },
        ],
      },
      { role: 'goal', label: 'Inriktningsmål', number: '2', text: 'Stöd till utsatta', measures: [{ code: '2:1', text: 'Skyddat boende' }] },
      { role: 'goal', label: 'Inriktningsmål', number: '3', text: 'Samverkan', measures: [{ code: '3:1', text: 'Samverkansråd' }] },
    ],
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, content: await tree(res.body.id) };
}

const shape = (nodes: any[]): unknown[] =>
  nodes.map((n) => ({ role: n.role, label: n.label, number: n.number, text: n.text, measures: n.measures.map((m: any) => m.code), children: shape(n.children) }));

describe(`creating a breakdown on ${testDatabaseKind}`, () => {
  it('mirrors chosen Malmö city-wide goals with their strategies into a draft plan of the administration', async () => {
    const city = await tree(cityPlan.id);
    const [goal1, , goal3] = city.nodes;
    const ownerUnitId = malmoUnits['Arbetsmarknads- och socialförvaltningen']!;
    const res = await api.post(`/api/v1/plans/${cityPlan.id}/breakdowns`, {
      ownerUnitId,
      title: 'ASF:s handlingsplan 2027–2030',
      nodeIds: [goal3.id, goal1.id],
      validFrom: '2027-01-01',
      validTo: '2030-12-31',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      organizationId: malmo.id,
      title: 'ASF:s handlingsplan 2027–2030',
      kind: 'action_plan',
      status: 'draft',
      parentPlanId: cityPlan.id,
      ownerUnitId,
      validFrom: '2027-01-01',
      validTo: '2030-12-31',
      version: 1,
    });

    const created = await tree(res.body.id);
    // Document order of the city-wide plan, not the order of the request.
    expect(shape(created.nodes)).toEqual(shape([goal1, goal3]));
    expect(created.nodes.map((n: any) => n.sourceNodeId)).toEqual([goal1.id, goal3.id]);
    expect(created.nodes[0].children.map((n: any) => n.sourceNodeId)).toEqual(goal1.children.map((n: any) => n.id));
    expect(created.nodes[0].children.every((n: any) => n.role === 'strategy' && n.label === 'Genom att')).toBe(true);
  });

  it('gives each city-wide measure under a chosen goal a measure led by the unit that points at it', async () => {
    const city = await cityWidePlanWithMeasures('Stadsövergripande plan med åtgärder');
    const [goal1, , goal3] = city.content.nodes;
    const subGoal = goal1.children[1].children[0];
    const ownerUnitId = malmoUnits['Stadskontoret']!;
    const res = await api.post(`/api/v1/plans/${city.id}/breakdowns`, {
      ownerUnitId,
      title: 'Stadskontorets plan',
      kind: 'activity_plan',
      // The sub-goal is under goal 1: it is covered by it and not copied twice.
      nodeIds: [subGoal.id, goal1.id, goal3.id],
    });
    expect(res.status).toBe(201);
    expect(res.body.kind).toBe('activity_plan');
    const created = await tree(res.body.id);
    expect(shape(created.nodes)).toEqual(shape([goal1, goal3]));

    const flat = (nodes: any[]): any[] => nodes.flatMap((n) => [...n.measures, ...flat(n.children)]);
    const sourceMeasures = flat([goal1, goal3]);
    const mirrored = flat(created.nodes);
    expect(mirrored).toHaveLength(4);
    mirrored.forEach((m, i) => {
      const source = sourceMeasures[i];
      expect(m).toMatchObject({
        code: source.code,
        text: source.text,
        parentMeasureId: source.id,
        leadUnitIds: [ownerUnitId],
        coUnitIds: [],
        preventionLevels: source.preventionLevels,
        violenceForms: source.violenceForms,
        targetGroups: source.targetGroups,
      });
    });
    const sourceNodeIds = (nodes: any[]): string[] => nodes.flatMap((n) => [n.sourceNodeId, ...sourceNodeIds(n.children)]);
    const ids = (nodes: any[]): string[] => nodes.flatMap((n) => [n.id, ...ids(n.children)]);
    expect(sourceNodeIds(created.nodes)).toEqual(ids([goal1, goal3]));

    // The city-wide measure's detail lists the unit's measure as its breakdown.
    const detail = await api.get(`/api/v1/measures/${sourceMeasures[0].id}`);
    expect(detail.body.breakdowns).toEqual([expect.objectContaining({ id: mirrored[0].id, planId: res.body.id, planTitle: 'Stadskontorets plan', code: '1:1' })]);
  });

  it('refuses unknown nodes, nodes of another plan and units of another organization with the field path, and writes nothing', async () => {
    const city = await tree(cityPlan.id);
    const asf = await tree(asfPlan.id);
    const before = await contentCounts(ctx);
    const res = await api.post(`/api/v1/plans/${cityPlan.id}/breakdowns`, {
      ownerUnitId: sodertaljeUnits['Socialnämnden'],
      title: 'Fel',
      nodeIds: [city.nodes[0].id, nilUuid, asf.nodes[0].id],
    });
    expectValidation(res, [
      { path: 'body.ownerUnitId', code: 'unknown_reference' },
      { path: 'body.nodeIds.1', code: 'unknown_reference' },
      { path: 'body.nodeIds.2', code: 'unknown_reference' },
    ]);
    expect(res.body.error.fields.find((f: any) => f.path === 'body.nodeIds.1').message).toContain(nilUuid);
    expect(await contentCounts(ctx)).toEqual(before);
  });

  it('refuses a unit that does not exist, repeated nodes and a period that ends before it starts', async () => {
    const city = await tree(cityPlan.id);
    const res = await api.post(`/api/v1/plans/${cityPlan.id}/breakdowns`, {
      ownerUnitId: nilUuid,
      title: 'Fel',
      nodeIds: [city.nodes[0].id, city.nodes[0].id],
      validFrom: '2027-01-01',
      validTo: '2026-12-31',
    });
    expectValidation(res, [
      { path: 'body.ownerUnitId', code: 'unknown_reference' },
      { path: 'body.nodeIds', code: 'duplicate_values' },
      { path: 'body.validTo', code: 'before_valid_from' },
    ]);
  });

  it('validates the body at the edge', async () => {
    expectValidation(await api.post(`/api/v1/plans/${cityPlan.id}/breakdowns`, { ownerUnitId: 'x', title: ' ', nodeIds: [], extra: 1 }), [
      { path: 'body.ownerUnitId', code: 'invalid_format' },
      { path: 'body.title', code: 'required' },
      { path: 'body.nodeIds', code: 'too_small_array' },
      { path: 'body.extra', code: 'unrecognized_key' },
    ]);
    expectValidation(await api.post(`/api/v1/plans/${cityPlan.id}/breakdowns`, { ownerUnitId: nilUuid, title: 'T', nodeIds: ['not-a-uuid'], kind: 'essay', validFrom: '2027-13-01' }), [
      { path: 'body.nodeIds.0', code: 'invalid_format' },
      { path: 'body.kind', code: 'invalid_value' },
      { path: 'body.validFrom', code: 'invalid_date' },
    ]);
  });

  it('answers 404 for an unknown plan, in the language asked for', async () => {
    const res = await api.post(`/api/v1/plans/${nilUuid}/breakdowns`, { ownerUnitId: nilUuid, title: 'T', nodeIds: [nilUuid] }, { 'accept-language': 'en' });
    expectError(res, 404, 'not_found');
    expect(res.body.error.message).toBe('Not found: the plan.');
    expectError(await api.get(`/api/v1/plans/${nilUuid}/breakdowns`), 404, 'not_found');
    expectError(await api.get('/api/v1/plans/abc/breakdowns'), 404, 'not_found');
  });

  it('gives English field messages', async () => {
    const city = await tree(cityPlan.id);
    const res = await api.post(`/api/v1/plans/${cityPlan.id}/breakdowns`, { ownerUnitId: nilUuid, title: 'T', nodeIds: [city.nodes[0].id] }, { 'accept-language': 'en' });
    expectValidation(res, [{ path: 'body.ownerUnitId', code: 'unknown_reference' }]);
    expect(res.body.error.fields[0].message).toMatch(/^Does not exist in the organization/);
  });
});

describe(`listing breakdowns on ${testDatabaseKind}`, () => {
  it('shows the seeded administration plan under each Malmö city-wide goal, with its number of activities', async () => {
    const res = await api.get(`/api/v1/plans/${cityPlan.id}/breakdowns`);
    expect(res.status).toBe(200);
    const asf = res.body.plans.find((p: any) => p.id === asfPlan.id);
    const asfSeed = malmoSeed.plans[1]!;
    expect(asf).toEqual({
      id: asfPlan.id,
      title: asfSeed.title,
      kind: 'action_plan',
      status: 'in_force',
      ownerUnit: { id: malmoUnits['Arbetsmarknads- och socialförvaltningen'], name: 'Arbetsmarknads- och socialförvaltningen' },
      validFrom: '2023-01-01',
      validTo: '2026-12-31',
      isChildPlan: true,
      nodeCount: expect.any(Number),
      measureCount: seedMeasures(asfSeed).length,
    });
    const goals = res.body.nodes.filter((n: any) => n.isTopGoal);
    expect(goals.map((g: any) => g.number)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(res.body.nodes.filter((n: any) => n.role === 'strategy').every((n: any) => !n.isTopGoal && n.depth === 1)).toBe(true);
    const perGoal = seedMeasures(asfSeed).reduce<Record<string, number>>((acc, { top }) => ({ ...acc, [top.number!]: (acc[top.number!] ?? 0) + 1 }), {});
    for (const goal of goals) {
      const fromAsf = goal.breakdowns.filter((b: any) => b.planId === asfPlan.id);
      expect(fromAsf).toHaveLength(1);
      expect(fromAsf[0]).toMatchObject({ planTitle: asfSeed.title, unit: { name: 'Arbetsmarknads- och socialförvaltningen' }, number: goal.number, measureCount: perGoal[goal.number] ?? 0 });
    }
    expect(res.body.measures).toEqual([]);
    expect(res.body.breaksDown).toEqual({ parentPlan: null, nodes: [], measures: [] });
  });

  it('lists a new breakdown with its measures per city-wide measure, and the child plan shows what it breaks down', async () => {
    const city = await cityWidePlanWithMeasures('Plan att bryta ned');
    const [goal1, goal2] = city.content.nodes;
    const created = await api.post(`/api/v1/plans/${city.id}/breakdowns`, { ownerUnitId: malmoUnits['Stadskontoret'], title: 'Stadskontorets aktiviteter', nodeIds: [goal2.id] });
    expect(created.status).toBe(201);
    const other = await api.post(`/api/v1/plans/${city.id}/breakdowns`, { ownerUnitId: malmoUnits['Kommunstyrelsen'], title: 'Kommunstyrelsens aktiviteter', nodeIds: [goal1.id, goal2.id] });
    expect(other.status).toBe(201);

    const res = await api.get(`/api/v1/plans/${city.id}/breakdowns`);
    expect(res.status).toBe(200);
    // Sorted by unit name.
    expect(res.body.plans.map((p: any) => [p.ownerUnit.name, p.title, p.measureCount])).toEqual([
      ['Kommunstyrelsen', 'Kommunstyrelsens aktiviteter', 4],
      ['Stadskontoret', 'Stadskontorets aktiviteter', 1],
    ]);
    const goal2Entry = res.body.nodes.find((n: any) => n.nodeId === goal2.id);
    expect(goal2Entry.breakdowns.map((b: any) => [b.unit.name, b.measureCount])).toEqual([
      ['Kommunstyrelsen', 1],
      ['Stadskontoret', 1],
    ]);
    const goal1Entry = res.body.nodes.find((n: any) => n.nodeId === goal1.id);
    expect(goal1Entry.breakdowns.map((b: any) => [b.unit.name, b.measureCount])).toEqual([['Kommunstyrelsen', 3]]);
    // Totals over the subtree count each measure once, though the mirrored strategy and sub-goal point here too.
    const byId = new Map(res.body.plans.map((p: any) => [p.id, p.ownerUnit.name]));
    expect(goal1Entry.planTotals.map((t: any) => [byId.get(t.planId), t.measureCount])).toEqual([['Kommunstyrelsen', 3]]);
    expect(goal2Entry.planTotals.map((t: any) => [byId.get(t.planId), t.measureCount])).toEqual([
      ['Kommunstyrelsen', 1],
      ['Stadskontoret', 1],
    ]);
    const strategy = res.body.nodes.find((n: any) => n.text === 'Utmana normer');
    expect(strategy.planTotals.map((t: any) => t.measureCount)).toEqual([1]);
    expect(res.body.nodes.find((n: any) => n.nodeId === goal1.children[1].id).isTopGoal).toBe(false);
    expect(res.body.nodes.find((n: any) => n.text === 'Delmål').isTopGoal).toBe(false);
    expect(res.body.nodes.filter((n: any) => n.isTopGoal).map((n: any) => n.number)).toEqual(['1', '2', '3']);
    const m21 = res.body.measures.find((m: any) => m.number === '2:1');
    expect(m21.breakdowns.map((b: any) => ({ unit: b.unit.name, plan: b.planTitle, code: b.code, text: b.text, lead: b.leadUnits.map((u: any) => u.name) }))).toEqual([
      { unit: 'Kommunstyrelsen', plan: 'Kommunstyrelsens aktiviteter', code: '2:1', text: 'Skyddat boende', lead: ['Kommunstyrelsen'] },
      { unit: 'Stadskontoret', plan: 'Stadskontorets aktiviteter', code: '2:1', text: 'Skyddat boende', lead: ['Stadskontoret'] },
    ]);
    expect(res.body.measures.find((m: any) => m.number === '3:1').breakdowns).toEqual([]);

    const child = await api.get(`/api/v1/plans/${created.body.id}/breakdowns`);
    expect(child.status).toBe(200);
    expect(child.body.plans).toEqual([]);
    expect(child.body.breaksDown.parentPlan).toEqual({ id: city.id, title: 'Plan att bryta ned', status: 'draft' });
    expect(child.body.breaksDown.nodes).toEqual([
      { nodeId: expect.any(String), number: '2', text: 'Stöd till utsatta', source: { nodeId: goal2.id, plan: { id: city.id, title: 'Plan att bryta ned' }, label: 'Inriktningsmål', number: '2', text: 'Stöd till utsatta' } },
    ]);
    expect(child.body.breaksDown.measures).toEqual([
      { measureId: expect.any(String), number: '2:1', text: 'Skyddat boende', source: { measureId: goal2.measures[0].id, plan: { id: city.id, title: 'Plan att bryta ned' }, code: '2:1', text: 'Skyddat boende' } },
    ]);
  });

  it('shows the seeded administration plan’s link to the city-wide plan', async () => {
    const res = await api.get(`/api/v1/plans/${asfPlan.id}/breakdowns`);
    expect(res.status).toBe(200);
    expect(res.body.breaksDown.parentPlan).toMatchObject({ id: cityPlan.id, title: cityPlan.title });
    expect(res.body.breaksDown.nodes.map((n: any) => n.source.number)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('is described in the OpenAPI document', async () => {
    const res = await api.get('/api/v1/openapi.json');
    const path = res.body.paths['/api/v1/plans/{id}/breakdowns'];
    expect(Object.keys(path).sort()).toEqual(['get', 'post']);
    expect(path.post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['ownerUnitId', 'title', 'nodeIds']));
    expect(Object.keys(path.post.responses)).toEqual(expect.arrayContaining(['201', '400', '404']));
  });
});
