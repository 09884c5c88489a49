import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationByCode, startTestApp, testDatabaseKind, type Client, type TestContext } from './harness.js';
import { api as checkedApi, expectDensePositions, expectError, expectValidation, nilUuid, outline } from './helpers.js';

let ctx: TestContext;
let api: Client;
let sodertalje: { id: string };
let units: Record<string, string>;

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = checkedApi(ctx);
  sodertalje = await organizationByCode(api, '0181');
  units = Object.fromEntries((await api.get(`/api/v1/organizations/${sodertalje.id}/units`)).body.map((u: any) => [u.name, u.id]));
});
afterAll(async () => ctx?.close());

/** Three goals with two measures each, the first with two strategies under it. */
async function freshPlan(title: string) {
  const res = await api.post('/api/v1/plans', {
    organizationId: sodertalje.id,
    title,
    kind: 'action_plan',
    nodes: [
      {
        role: 'goal',
        number: '1',
        text: 'Mål 1',
        measures: [{ code: 'A', text: 'Åtgärd A' }, { code: 'B', text: 'Åtgärd B' }],
        children: [
          { role: 'strategy', text: 'S1', measures: [{ code: 'S1a', text: 'Under S1' }] },
          { role: 'strategy', text: 'S2' },
        ],
      },
      { role: 'goal', number: '2', text: 'Mål 2', measures: [{ code: 'C', text: 'Åtgärd C' }, { code: 'D', text: 'Åtgärd D' }] },
      { role: 'goal', number: '3', text: 'Mål 3', measures: [{ code: 'E', text: 'Åtgärd E' }, { code: 'F', text: 'Åtgärd F' }] },
    ],
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const tree = async (planId: string) => {
  const res = await api.get(`/api/v1/plans/${planId}/tree`);
  expect(res.status).toBe(200);
  expectDensePositions(res.body.nodes);
  return res.body.nodes as any[];
};

const findMeasure = (nodes: any[], code: string): any => {
  for (const node of nodes) {
    const found = node.measures.find((m: any) => m.code === code) ?? findMeasure(node.children, code);
    if (found) return found;
  }
  return undefined;
};

describe(`goal nodes on ${testDatabaseKind}`, () => {
  it('creates a node at a position, with children and measures, and renumbers the siblings after it', async () => {
    const planId = await freshPlan('Noder');
    const created = await api.post(`/api/v1/plans/${planId}/nodes`, {
      role: 'goal',
      label: 'Fokusområde',
      number: '1b',
      text: 'Nytt mål',
      position: 1,
      preventionLevels: ['selective'],
      frameworkLinks: ['gender_equality:6'],
      measures: [{ code: 'N1', text: 'Ny åtgärd', leadUnitIds: [units['Socialnämnden']] }],
      children: [{ role: 'condition', text: 'Villkor', measures: [{ code: 'N2', text: 'Djup åtgärd' }] }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ planId, parentId: null, position: 1, role: 'goal', label: 'Fokusområde', number: '1b', preventionLevels: ['selective'], frameworkLinks: ['gender_equality:6'], version: 1 });

    let nodes = await tree(planId);
    expect(outline(nodes)).toEqual([
      ['1', ['A', 'B'], [['S1', ['S1a'], []], ['S2', [], []]]],
      ['1b', ['N1'], [['Villkor', ['N2'], []]]],
      ['2', ['C', 'D'], []],
      ['3', ['E', 'F'], []],
    ]);

    // Under a parent, without a position: last.
    const goal2 = nodes[2];
    const child = await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'strategy', text: 'Sist under mål 2', parentId: goal2.id });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ parentId: goal2.id, position: 0 });
    const first = await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'strategy', text: 'Först under mål 2', parentId: goal2.id, position: 0 });
    expect(first.body.position).toBe(0);
    // A position past the end means last.
    const last = await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'heading', text: 'Slut', position: 9999 });
    expect(last.body.position).toBe(4);
    nodes = await tree(planId);
    expect(outline(nodes).map((n: any) => n[0])).toEqual(['1', '1b', '2', '3', 'Slut']);
    expect(outline([nodes[2]])).toEqual([['2', ['C', 'D'], [['Först under mål 2', [], []], ['Sist under mål 2', [], []]]]]);

    // A parent from another plan is not a parent here.
    const otherPlan = await freshPlan('Annan plan');
    const foreignParent = (await tree(otherPlan))[0].id;
    expectValidation(await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'goal', text: 'x', parentId: foreignParent }), [{ path: 'body.parentId', code: 'unknown_reference' }]);
    expectValidation(await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'goal', text: 'x', parentId: nilUuid }), [{ path: 'body.parentId', code: 'unknown_reference' }]);
    expectValidation(await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'goal', text: 'x', preventionLevels: ['tertiary'], measures: [{ text: 'm', violenceForms: ['nope'] }] }), [
      { path: 'body.preventionLevels.0', code: 'unknown_term' },
      { path: 'body.measures.0.violenceForms.0', code: 'unknown_term' },
    ]);
    expect(outline(await tree(planId)).map((n: any) => n[0])).toEqual(['1', '1b', '2', '3', 'Slut']);
  });

  it('updates a node’s fields and bumps its version', async () => {
    const planId = await freshPlan('Uppdatera nod');
    const [goal1] = await tree(planId);
    const updated = await api.patch(`/api/v1/nodes/${goal1.id}`, { version: 1, text: 'Mål 1, omskrivet', label: 'Inriktningsmål', description: 'Beskrivning', preventionLevels: ['universal', 'indicated'] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: goal1.id, text: 'Mål 1, omskrivet', label: 'Inriktningsmål', description: 'Beskrivning', number: '1', preventionLevels: ['universal', 'indicated'], version: 2, position: 0 });
    const cleared = await api.patch(`/api/v1/nodes/${goal1.id}`, { version: 2, description: null, role: 'heading' });
    expect(cleared.body).toMatchObject({ description: null, role: 'heading', text: 'Mål 1, omskrivet', version: 3 });
    const stale = await api.patch(`/api/v1/nodes/${goal1.id}`, { version: 2, text: 'x' });
    expectError(stale, 409, 'version_conflict');
    expect(stale.body.error.current).toMatchObject({ id: goal1.id, version: 3, text: 'Mål 1, omskrivet' });
    expectValidation(await api.patch(`/api/v1/nodes/${goal1.id}`, { version: 3, text: '' }), [{ path: 'body.text', code: 'required' }]);
    expectValidation(await api.patch(`/api/v1/nodes/${goal1.id}`, { version: 3, role: 'chapter' }), [{ path: 'body.role', code: 'invalid_value' }]);
    expectValidation(await api.patch(`/api/v1/nodes/${goal1.id}`, { version: 3, parentId: null }), [{ path: 'body.parentId', code: 'unrecognized_key' }]);
  });

  it('moves a node to another parent and reorders siblings, renumbering both lists', async () => {
    const planId = await freshPlan('Flytta nod');
    let nodes = await tree(planId);
    const [goal1, goal2, goal3] = nodes;
    const s1 = goal1.children[0];

    // S1 (with its measure) moves under goal 3, first.
    const moved = await api.post(`/api/v1/nodes/${s1.id}/move`, { version: 1, parentId: goal3.id, position: 0 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: s1.id, parentId: goal3.id, position: 0, version: 2 });
    nodes = await tree(planId);
    expect(outline(nodes)).toEqual([
      ['1', ['A', 'B'], [['S2', [], []]]],
      ['2', ['C', 'D'], []],
      ['3', ['E', 'F'], [['S1', ['S1a'], []]]],
    ]);

    // Reorder at the top level: goal 3 first.
    const reordered = await api.post(`/api/v1/nodes/${goal3.id}/move`, { version: 1, parentId: null, position: 0 });
    expect(reordered.body).toMatchObject({ position: 0, parentId: null, version: 2 });
    expect(outline(await tree(planId)).map((n: any) => n[0])).toEqual(['3', '1', '2']);
    // And goal 1 last (a large position means last).
    await api.post(`/api/v1/nodes/${goal1.id}/move`, { version: 1, parentId: null, position: 50 });
    expect(outline(await tree(planId)).map((n: any) => n[0])).toEqual(['3', '2', '1']);

    // A top-level goal moves under another goal; its subtree comes along.
    await api.post(`/api/v1/nodes/${goal3.id}/move`, { version: 2, parentId: goal2.id, position: 0 });
    nodes = await tree(planId);
    expect(outline(nodes)).toEqual([
      ['2', ['C', 'D'], [['3', ['E', 'F'], [['S1', ['S1a'], []]]]]],
      ['1', ['A', 'B'], [['S2', [], []]]],
    ]);

    // Sibling positions are not edits: their versions stay.
    expect(nodes[1].version).toBe(2);
    expect(nodes[0].version).toBe(1);

    // Refusals: under itself or its own descendant, a parent from another plan, a stale version.
    expectValidation(await api.post(`/api/v1/nodes/${goal2.id}/move`, { version: 1, parentId: goal2.id, position: 0 }), [{ path: 'body.parentId', code: 'move_into_itself' }]);
    expectValidation(await api.post(`/api/v1/nodes/${goal2.id}/move`, { version: 1, parentId: s1.id, position: 0 }), [{ path: 'body.parentId', code: 'move_into_itself' }]);
    const foreign = (await tree(await freshPlan('Främmande')))[0].id;
    expectValidation(await api.post(`/api/v1/nodes/${goal2.id}/move`, { version: 1, parentId: foreign, position: 0 }), [{ path: 'body.parentId', code: 'unknown_reference' }]);
    expectError(await api.post(`/api/v1/nodes/${goal2.id}/move`, { version: 7, parentId: null, position: 1 }), 409, 'version_conflict');
    expectValidation(await api.post(`/api/v1/nodes/${goal2.id}/move`, { version: 1, position: 0 }), [{ path: 'body.parentId', code: 'required' }]);
    expectValidation(await api.post(`/api/v1/nodes/${goal2.id}/move`, { version: 1, parentId: null, position: -1 }), [{ path: 'body.position', code: 'too_small_number' }]);
    expect(outline(await tree(planId))).toEqual(outline(nodes));
  });

  it('deletes a node with its children and measures, and renumbers the siblings', async () => {
    const planId = await freshPlan('Ta bort nod');
    const [goal1, goal2] = await tree(planId);
    const doomedMeasures = [...goal1.measures, ...goal1.children[0].measures].map((m: any) => m.id);
    expect(doomedMeasures).toHaveLength(3);

    expectError(await api.delete(`/api/v1/nodes/${goal1.id}?version=2`), 409, 'version_conflict');
    expectValidation(await api.delete(`/api/v1/nodes/${goal1.id}`), [{ path: 'querystring.version', code: 'required' }]);
    expect((await api.delete(`/api/v1/nodes/${goal1.id}?version=1`)).status).toBe(204);

    const nodes = await tree(planId);
    expect(outline(nodes)).toEqual([
      ['2', ['C', 'D'], []],
      ['3', ['E', 'F'], []],
    ]);
    expect(nodes[0]).toMatchObject({ id: goal2.id, position: 0 });
    for (const id of doomedMeasures) expectError(await api.get(`/api/v1/measures/${id}`), 404, 'not_found');
    expectError(await api.patch(`/api/v1/nodes/${goal1.children[0].id}`, { version: 1, text: 'x' }), 404, 'not_found');
    expectError(await api.delete(`/api/v1/nodes/${goal1.id}?version=1`), 404, 'not_found');
    const list = (await api.get(`/api/v1/plans?organizationId=${sodertalje.id}&q=${encodeURIComponent('Ta bort nod')}`)).body.items[0];
    expect(list).toMatchObject({ goalCount: 2, measureCount: 4 });
  });

  it('answers 404 for unknown node ids, uuid or not', async () => {
    for (const id of [nilUuid, 'node']) {
      expectError(await api.patch(`/api/v1/nodes/${id}`, { version: 1, text: 'x' }), 404, 'not_found');
      expectError(await api.post(`/api/v1/nodes/${id}/move`, { version: 1, parentId: null, position: 0 }), 404, 'not_found');
      expectError(await api.delete(`/api/v1/nodes/${id}?version=1`), 404, 'not_found');
      expectError(await api.post(`/api/v1/nodes/${id}/measures`, { text: 'x' }), 404, 'not_found');
    }
    const notFound = await api.patch(`/api/v1/nodes/${nilUuid}`, { version: 1, text: 'x' });
    expect(notFound.body.error.message).toBe('Hittades inte: målet eller rubriken.');
  });
});

describe(`measures on ${testDatabaseKind}`, () => {
  it('creates a measure at a position and reads it with its plan, goal and units', async () => {
    const planId = await freshPlan('Åtgärder');
    const [goal1] = await tree(planId);
    const created = await api.post(`/api/v1/nodes/${goal1.id}/measures`, {
      code: 'A0',
      text: 'Ny första åtgärd',
      description: 'Mer text',
      responsibilityText: 'Socialnämnden i samverkan med Kommunstyrelsen',
      leadUnitIds: [units['Socialnämnden']],
      coUnitIds: [units['Kommunstyrelsen'], units['Omsorgsnämnden']],
      preventionLevels: ['selective'],
      targetGroups: ['perpetrators'],
      violenceForms: ['honour'],
      vulnerableGroups: ['age'],
      perspectives: ['child'],
      scope: 'collaboration',
      timeFrame: '2025–2026',
      examples: ['Exempel ett', 'Exempel två'],
      frameworkLinks: ['sodertalje_folkhalsostrategi:6L'],
      position: 0,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      nodeId: goal1.id,
      planId,
      organizationId: sodertalje.id,
      code: 'A0',
      position: 0,
      version: 1,
      leadUnitIds: [units['Socialnämnden']],
      coUnitIds: [units['Kommunstyrelsen'], units['Omsorgsnämnden']],
      scope: 'collaboration',
      examples: ['Exempel ett', 'Exempel två'],
      node: { id: goal1.id, number: '1', text: 'Mål 1' },
      plan: { id: planId, title: 'Åtgärder', status: 'draft' },
      parentMeasure: null,
      breakdowns: [],
    });
    expect(created.body.units).toEqual([
      { id: units['Socialnämnden'], name: 'Socialnämnden', role: 'lead' },
      { id: units['Kommunstyrelsen'], name: 'Kommunstyrelsen', role: 'co' },
      { id: units['Omsorgsnämnden'], name: 'Omsorgsnämnden', role: 'co' },
    ]);
    expect((await api.get(`/api/v1/measures/${created.body.id}`)).body).toEqual(created.body);
    expect(outline(await tree(planId))[0]).toEqual(['1', ['A0', 'A', 'B'], [['S1', ['S1a'], []], ['S2', [], []]]]);

    // Without a position it goes last.
    const appended = await api.post(`/api/v1/nodes/${goal1.id}/measures`, { text: 'Sist' });
    expect(appended.body).toMatchObject({ position: 3, code: null, leadUnitIds: [], units: [] });
  });

  it('updates a measure: fields, units replaced, other fields kept', async () => {
    const planId = await freshPlan('Uppdatera åtgärd');
    const a = findMeasure(await tree(planId), 'A');
    const first = await api.patch(`/api/v1/measures/${a.id}`, { version: 1, text: 'Åtgärd A omskriven', leadUnitIds: [units['Omsorgsnämnden']], coUnitIds: [units['Socialnämnden']], preventionLevels: ['indicated'] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ text: 'Åtgärd A omskriven', code: 'A', leadUnitIds: [units['Omsorgsnämnden']], coUnitIds: [units['Socialnämnden']], preventionLevels: ['indicated'], version: 2 });

    // Changing only the co-responsible units keeps the lead.
    const second = await api.patch(`/api/v1/measures/${a.id}`, { version: 2, coUnitIds: [], scope: 'city_wide', timeFrame: null });
    expect(second.body).toMatchObject({ leadUnitIds: [units['Omsorgsnämnden']], coUnitIds: [], scope: 'city_wide', timeFrame: null, text: 'Åtgärd A omskriven', version: 3 });
    expect(second.body.units).toEqual([{ id: units['Omsorgsnämnden'], name: 'Omsorgsnämnden', role: 'lead' }]);

    // The new text is what search finds.
    const found = await api.get(`/api/v1/organizations/${sodertalje.id}/measures?planId=${planId}&q=omskriven`);
    expect(found.body.items.map((m: any) => m.id)).toEqual([a.id]);

    // A unit both lead and co (counting the lead it already has), unknown units and terms.
    expectValidation(await api.patch(`/api/v1/measures/${a.id}`, { version: 3, coUnitIds: [units['Omsorgsnämnden']] }), [{ path: 'body.coUnitIds.0', code: 'unit_both_lead_and_co' }]);
    expectValidation(await api.patch(`/api/v1/measures/${a.id}`, { version: 3, leadUnitIds: [nilUuid], targetGroups: ['martians'] }), [
      { path: 'body.leadUnitIds.0', code: 'unknown_reference' },
      { path: 'body.targetGroups.0', code: 'unknown_term' },
    ]);
    expectValidation(await api.patch(`/api/v1/measures/${a.id}`, { version: 3, leadUnitIds: [units['Socialnämnden'], units['Socialnämnden']] }), [{ path: 'body.leadUnitIds', code: 'duplicate_values' }]);
    expectValidation(await api.patch(`/api/v1/measures/${a.id}`, { version: 3, nodeId: a.nodeId }), [{ path: 'body.nodeId', code: 'unrecognized_key' }]);
    const stale = await api.patch(`/api/v1/measures/${a.id}`, { version: 1, text: 'x' });
    expectError(stale, 409, 'version_conflict');
    expect(stale.body.error.current).toMatchObject({ id: a.id, version: 3, text: 'Åtgärd A omskriven', leadUnitIds: [units['Omsorgsnämnden']] });
    expect((await api.get(`/api/v1/measures/${a.id}`)).body).toEqual(second.body);
  });

  it('moves a measure to another node and reorders within a node, renumbering both', async () => {
    const planId = await freshPlan('Flytta åtgärd');
    let nodes = await tree(planId);
    const a = findMeasure(nodes, 'A');
    const d = findMeasure(nodes, 'D');
    const [, goal2, goal3] = nodes;

    const moved = await api.post(`/api/v1/measures/${a.id}/move`, { version: 1, nodeId: goal3.id, position: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: a.id, nodeId: goal3.id, position: 1, version: 2, node: { id: goal3.id, number: '3' } });
    nodes = await tree(planId);
    expect(outline(nodes).map((n: any) => n[1])).toEqual([['B'], ['C', 'D'], ['E', 'A', 'F']]);

    const reordered = await api.post(`/api/v1/measures/${d.id}/move`, { version: 1, nodeId: goal2.id, position: 0 });
    expect(reordered.body.position).toBe(0);
    expect(outline(await tree(planId)).map((n: any) => n[1])).toEqual([['B'], ['D', 'C'], ['E', 'A', 'F']]);

    // Into a strategy node, at a position past the end: last.
    const s2 = nodes[0].children[1];
    await api.post(`/api/v1/measures/${d.id}/move`, { version: 2, nodeId: s2.id, position: 100 });
    nodes = await tree(planId);
    expect(outline(nodes)).toEqual([
      ['1', ['B'], [['S1', ['S1a'], []], ['S2', ['D'], []]]],
      ['2', ['C'], []],
      ['3', ['E', 'A', 'F'], []],
    ]);

    const foreignNode = (await tree(await freshPlan('Annan')))[0].id;
    expectValidation(await api.post(`/api/v1/measures/${a.id}/move`, { version: 2, nodeId: foreignNode, position: 0 }), [{ path: 'body.nodeId', code: 'unknown_reference' }]);
    expectValidation(await api.post(`/api/v1/measures/${a.id}/move`, { version: 2, nodeId: 'goal-3', position: 0 }), [{ path: 'body.nodeId', code: 'invalid_format' }]);
    expectError(await api.post(`/api/v1/measures/${a.id}/move`, { version: 1, nodeId: goal2.id, position: 0 }), 409, 'version_conflict');
    expect(outline(await tree(planId))).toEqual(outline(nodes));
  });

  it('deletes a measure and renumbers the rest', async () => {
    const planId = await freshPlan('Ta bort åtgärd');
    const nodes = await tree(planId);
    const c = findMeasure(nodes, 'C');
    expectError(await api.delete(`/api/v1/measures/${c.id}?version=3`), 409, 'version_conflict');
    expect((await api.delete(`/api/v1/measures/${c.id}?version=1`)).status).toBe(204);
    const after = await tree(planId);
    expect(outline(after)[1]).toEqual(['2', ['D'], []]);
    expect(findMeasure(after, 'D').position).toBe(0);
    expectError(await api.get(`/api/v1/measures/${c.id}`), 404, 'not_found');
    expectError(await api.delete(`/api/v1/measures/${c.id}?version=1`), 404, 'not_found');
  });

  it('links a measure to the measure it breaks down in a parent plan, and shows the breakdown there', async () => {
    const malmo = await organizationByCode(api, '1280');
    const plans = (await api.get(`/api/v1/plans?organizationId=${malmo.id}`)).body.items;
    const asf = plans.find((p: any) => p.kind === 'action_plan');
    const asfTree = (await api.get(`/api/v1/plans/${asf.id}/tree`)).body;
    const cityWideMeasure = asfTree.nodes[0].measures[0];
    const malmoUnits = (await api.get(`/api/v1/organizations/${malmo.id}/units`)).body;

    const unitPlan = await api.post('/api/v1/plans', {
      organizationId: malmo.id,
      title: 'HR-avdelningens aktivitetsplan',
      kind: 'activity_plan',
      parentPlanId: asf.id,
      nodes: [{ role: 'goal', number: '1', text: 'Arbetsgivarperspektivet', sourceNodeId: asfTree.nodes[0].id, measures: [{ text: 'HR-nätverksträffar om våld', parentMeasureId: cityWideMeasure.id, leadUnitIds: [malmoUnits[0].id] }] }],
    });
    expect(unitPlan.status).toBe(201);
    const own = (await api.get(`/api/v1/plans/${unitPlan.body.id}/tree`)).body.nodes[0];
    expect(own.sourceNodeId).toBe(asfTree.nodes[0].id);
    const detail = await api.get(`/api/v1/measures/${own.measures[0].id}`);
    expect(detail.body.parentMeasure).toEqual({ id: cityWideMeasure.id, planId: asf.id, code: cityWideMeasure.code, text: cityWideMeasure.text });
    const parentDetail = await api.get(`/api/v1/measures/${cityWideMeasure.id}`);
    expect(parentDetail.body.breakdowns).toEqual([{ id: own.measures[0].id, planId: unitPlan.body.id, planTitle: 'HR-avdelningens aktivitetsplan', code: null, text: 'HR-nätverksträffar om våld' }]);

    // A parent measure (or source node) in the same plan, or in another organization, is refused.
    const sodertaljeMeasure = (await api.get(`/api/v1/organizations/${sodertalje.id}/measures?limit=1`)).body.items[0];
    expectValidation(await api.post(`/api/v1/nodes/${own.id}/measures`, { text: 'x', parentMeasureId: own.measures[0].id }), [{ path: 'body.parentMeasureId', code: 'same_plan_reference' }]);
    expectValidation(await api.post(`/api/v1/nodes/${own.id}/measures`, { text: 'x', parentMeasureId: sodertaljeMeasure.id }), [{ path: 'body.parentMeasureId', code: 'unknown_reference' }]);
    expectValidation(await api.patch(`/api/v1/nodes/${own.id}`, { version: own.version, sourceNodeId: own.id }), [{ path: 'body.sourceNodeId', code: 'same_plan_reference' }]);
    expectValidation(await api.patch(`/api/v1/nodes/${own.id}`, { version: own.version, sourceNodeId: sodertaljeMeasure.nodeId }), [{ path: 'body.sourceNodeId', code: 'unknown_reference' }]);
    // The seeded plan is in force: its content is frozen.
    expectError(await api.post(`/api/v1/nodes/${asfTree.nodes[1].id}/measures`, { text: 'x' }), 409, 'plan_not_editable');
  });

  it('answers 404 for unknown measure ids, uuid or not', async () => {
    for (const id of [nilUuid, 'measure-1:3']) {
      expectError(await api.get(`/api/v1/measures/${id}`), 404, 'not_found');
      expectError(await api.patch(`/api/v1/measures/${id}`, { version: 1, text: 'x' }), 404, 'not_found');
      expectError(await api.post(`/api/v1/measures/${id}/move`, { version: 1, nodeId: nilUuid, position: 0 }), 404, 'not_found');
      expectError(await api.delete(`/api/v1/measures/${id}?version=1`), 404, 'not_found');
    }
  });
});
