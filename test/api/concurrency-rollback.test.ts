import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, organizationByCode, startTestApp, testDatabaseKind, type ApiResponse, type Client, type TestContext } from './harness.js';
import { api as checkedApi, contentCounts, expectDensePositions, expectError, expectValidation, nilUuid, outline } from './helpers.js';

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

async function newPlan(title: string, goals = 3, measuresPerGoal = 3) {
  const res = await api.post('/api/v1/plans', {
    organizationId: sodertalje.id,
    title,
    kind: 'plan',
    nodes: Array.from({ length: goals }, (_, g) => ({
      role: 'goal',
      number: String(g + 1),
      text: `Mål ${g + 1}`,
      measures: Array.from({ length: measuresPerGoal }, (_, m) => ({ code: `${g + 1}:${m + 1}`, text: `Åtgärd ${g + 1}:${m + 1}`, leadUnitIds: [units['Socialnämnden']] })),
    })),
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const tree = async (planId: string) => (await api.get(`/api/v1/plans/${planId}/tree`)).body;

/** Fires both at once; exactly one must win and the other be told of the winner's record. */
async function race(first: Promise<ApiResponse>, second: Promise<ApiResponse>, okStatus = 200) {
  const results = await Promise.all([first, second]);
  expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([okStatus, 409].sort());
  const winner = results.find((r) => r.status === okStatus)!;
  const loser = results.find((r) => r.status === 409)!;
  expectError(loser, 409, 'version_conflict');
  return { winner, loser, current: loser.body.error.current };
}

describe(`concurrent edits on ${testDatabaseKind}`, () => {
  it('two PATCHes of a plan with the same version: one 200, one 409 carrying the server’s record', async () => {
    const planId = await newPlan('Samtidig plan');
    const { winner, current } = await race(api.patch(`/api/v1/plans/${planId}`, { version: 1, title: 'Titel A' }), api.patch(`/api/v1/plans/${planId}`, { version: 1, title: 'Titel B' }));
    const { createdAt: _c, updatedAt: _u, ...metadata } = winner.body;
    expect(current).toEqual(metadata);
    expect(current.version).toBe(2);
    expect((await api.get(`/api/v1/plans/${planId}`)).body).toEqual(winner.body);
    // With the version from `current`, the loser's change goes through.
    const retry = await api.patch(`/api/v1/plans/${planId}`, { version: current.version, title: 'Titel C' });
    expect(retry.body).toMatchObject({ title: 'Titel C', version: 3 });
  });

  it('two PATCHes of a measure with the same version', async () => {
    const planId = await newPlan('Samtidig åtgärd');
    const measure = (await tree(planId)).nodes[1].measures[2];
    const { winner, current } = await race(
      api.patch(`/api/v1/measures/${measure.id}`, { version: 1, text: 'Text A', coUnitIds: [units['Omsorgsnämnden']] }),
      api.patch(`/api/v1/measures/${measure.id}`, { version: 1, text: 'Text B', preventionLevels: ['indicated'] }),
    );
    expect(current.version).toBe(2);
    expect(winner.body).toMatchObject(current);
    expect(current.text).toBe(winner.body.text);
    // Nothing of the loser's change was written.
    const stored = (await api.get(`/api/v1/measures/${measure.id}`)).body;
    expect(stored).toEqual(winner.body);
    expect(stored.text === 'Text A' ? stored.preventionLevels : stored.coUnitIds).toEqual([]);
  });

  it('two PATCHes of a node with the same version', async () => {
    const planId = await newPlan('Samtidig nod');
    const node = (await tree(planId)).nodes[0];
    const { winner, current } = await race(api.patch(`/api/v1/nodes/${node.id}`, { version: 1, text: 'Nod A' }), api.patch(`/api/v1/nodes/${node.id}`, { version: 1, text: 'Nod B', label: 'Etikett' }));
    expect(current).toMatchObject(winner.body);
    expect(current.version).toBe(2);
    expect(current.searchText).toBeUndefined();
    const stored = (await tree(planId)).nodes[0];
    expect(stored).toMatchObject({ text: winner.body.text, label: winner.body.label, version: 2 });
  });

  it('two PATCHes of an organization, and of a unit, with the same version', async () => {
    const org = (await api.post('/api/v1/organizations', { code: '0115', name: 'Vallentuna kommun' })).body;
    const orgRace = await race(api.patch(`/api/v1/organizations/${org.id}`, { version: 1, name: 'Vallentuna A' }), api.patch(`/api/v1/organizations/${org.id}`, { version: 1, name: 'Vallentuna B' }));
    expect(orgRace.current).toEqual(orgRace.winner.body);

    const unit = (await api.post(`/api/v1/organizations/${org.id}/units`, { name: 'Socialnämnden', kind: 'board' })).body;
    const unitRace = await race(api.patch(`/api/v1/units/${unit.id}`, { version: 1, aliases: ['SN'] }), api.patch(`/api/v1/units/${unit.id}`, { version: 1, shortName: 'Soc' }));
    expect(unitRace.current).toEqual(unitRace.winner.body);
    expect(unitRace.current.version).toBe(2);
  });

  it('two moves of the same node, or of the same measure, with the same version', async () => {
    const planId = await newPlan('Samtidig flytt', 4, 3);
    const before = await tree(planId);
    const [g1, g2, g3, g4] = before.nodes;
    const nodeRace = await race(
      api.post(`/api/v1/nodes/${g1.id}/move`, { version: 1, parentId: null, position: 3 }),
      api.post(`/api/v1/nodes/${g1.id}/move`, { version: 1, parentId: g2.id, position: 0 }),
    );
    expect(nodeRace.current).toMatchObject({ id: g1.id, version: 2, parentId: nodeRace.winner.body.parentId, position: nodeRace.winner.body.position });
    let after = await tree(planId);
    expectDensePositions(after.nodes);
    expect(JSON.stringify(after).split(g1.id).length - 1).toBe(1 + after.nodes.flatMap((n: any) => n.measures).filter((m: any) => m.nodeId === g1.id).length);

    const m = g3.measures[0];
    const measureRace = await race(
      api.post(`/api/v1/measures/${m.id}/move`, { version: 1, nodeId: g4.id, position: 0 }),
      api.post(`/api/v1/measures/${m.id}/move`, { version: 1, nodeId: g3.id, position: 2 }),
    );
    expect(measureRace.current).toMatchObject({ id: m.id, version: 2, nodeId: measureRace.winner.body.nodeId, position: measureRace.winner.body.position });
    after = await tree(planId);
    expectDensePositions(after.nodes);
    const codes = outline(after.nodes).flatMap(function flat(n: any): string[] {
      return [...n[1], ...n[2].flatMap(flat)];
    });
    expect(codes.sort()).toEqual(before.nodes.flatMap((n: any) => n.measures.map((x: any) => x.code)).sort());
  });

  it('two deletes of the same measure: one 204, the other finds it gone', async () => {
    const planId = await newPlan('Samtidig borttagning');
    const m = (await tree(planId)).nodes[0].measures[1];
    const results = await Promise.all([api.delete(`/api/v1/measures/${m.id}?version=1`), api.delete(`/api/v1/measures/${m.id}?version=1`)]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 404]);
    const after = await tree(planId);
    expect(after.nodes[0].measures.map((x: any) => x.code)).toEqual(['1:1', '1:3']);
    expectDensePositions(after.nodes);
  });

  it('two transitions with the same version: one freezes a version, the other is refused', async () => {
    const planId = await newPlan('Samtidig remiss');
    await race(
      api.post(`/api/v1/plans/${planId}/transitions`, { version: 1, to: 'consultation', label: 'A' }),
      api.post(`/api/v1/plans/${planId}/transitions`, { version: 1, to: 'consultation', label: 'B' }),
    );
    const versions = (await api.get(`/api/v1/plans/${planId}/versions`)).body;
    expect(versions).toHaveLength(1);
    expect(versions[0].number).toBe(1);
  });

  it('many nodes and measures added at once all land, with positions 0..n-1', async () => {
    const planId = await newPlan('Många samtidigt', 1, 0);
    const goal = (await tree(planId)).nodes[0];
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => api.post(`/api/v1/plans/${planId}/nodes`, { role: 'goal', text: `Samtidigt mål ${i}`, position: 0 })),
      ...Array.from({ length: 6 }, (_, i) => api.post(`/api/v1/nodes/${goal.id}/measures`, { text: `Samtidig åtgärd ${i}`, position: 0 })),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const after = await tree(planId);
    expect(after.nodes).toHaveLength(7);
    expectDensePositions(after.nodes);
    expect(after.nodes.find((n: any) => n.id === goal.id).measures).toHaveLength(6);
  });

  it('two creations of the same unit name or term code at once: one 201, one 400 already_exists', async () => {
    const results = await Promise.all([
      api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: 'Krisledningsnämnden', kind: 'board' }),
      api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: 'Krisledningsnämnden', kind: 'board' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    expectValidation(results.find((r) => r.status === 400)!, [{ path: 'body.name', code: 'already_exists' }]);
    const named = (await api.get(`/api/v1/organizations/${sodertalje.id}/units?q=krisledning`)).body;
    expect(named).toHaveLength(1);

    const terms = await Promise.all([
      api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/target_group/terms`, { code: 'pupils', sv: 'Elever', en: 'Pupils' }),
      api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/target_group/terms`, { code: 'pupils', sv: 'Skolelever', en: 'School pupils' }),
    ]);
    expect(terms.map((r) => r.status).sort()).toEqual([201, 400]);
    expectValidation(terms.find((r) => r.status === 400)!, [{ path: 'body.code', code: 'already_exists' }]);

    const orgs = await Promise.all([api.post('/api/v1/organizations', { code: '0117', name: 'Österåker' }), api.post('/api/v1/organizations', { code: '0117', name: 'Österåkers kommun' })]);
    expect(orgs.map((r) => r.status).sort()).toEqual([201, 400]);
    expectValidation(orgs.find((r) => r.status === 400)!, [{ path: 'body.code', code: 'already_exists' }]);
  });
});

describe(`nothing half-written on ${testDatabaseKind}`, () => {
  it('POST /plans with a deep measure naming an unknown unit: 400, and no plan, node or measure remains', async () => {
    const before = await contentCounts(ctx);
    const res = await api.post('/api/v1/plans', {
      organizationId: sodertalje.id,
      title: 'Halvskriven',
      kind: 'plan',
      nodes: [
        { role: 'goal', text: 'Ett', measures: [{ text: 'a', leadUnitIds: [units['Socialnämnden']] }, { text: 'b' }] },
        {
          role: 'goal',
          text: 'Två',
          children: [{ role: 'strategy', text: 'Genom', children: [{ role: 'condition', text: 'Djupt', measures: [{ text: 'ok' }, { text: 'c', coUnitIds: [units['Omsorgsnämnden'], nilUuid] }] }] }],
        },
      ],
    });
    expectValidation(res, [{ path: 'body.nodes.1.children.0.children.0.measures.1.coUnitIds.1', code: 'unknown_reference' }]);
    expect(await contentCounts(ctx)).toEqual(before);
    expect((await api.get(`/api/v1/plans?q=halvskriven`)).body.total).toBe(0);
  });

  it('POST a node with a subtree that fails deep inside: the siblings keep their positions', async () => {
    const planId = await newPlan('Nod med fel');
    const before = await tree(planId);
    const counts = await contentCounts(ctx);
    expectValidation(
      await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'goal', text: 'Ny', position: 0, children: [{ role: 'goal', text: 'Under', measures: [{ text: 'x', preventionLevels: ['nope'] }] }] }),
      [{ path: 'body.children.0.measures.0.preventionLevels.0', code: 'unknown_term' }],
    );
    expect(await tree(planId)).toEqual(before);
    expect(await contentCounts(ctx)).toEqual(counts);
  });

  it('a refused move or delete leaves every position and version as it was', async () => {
    const planId = await newPlan('Vägrad flytt');
    const parent = (await tree(planId)).nodes[0];
    const child = (await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'strategy', text: 'Barn', parentId: parent.id })).body;
    const before = await tree(planId);
    expectValidation(await api.post(`/api/v1/nodes/${parent.id}/move`, { version: parent.version, parentId: child.id, position: 0 }), [{ path: 'body.parentId', code: 'move_into_itself' }]);
    expectValidation(await api.post(`/api/v1/nodes/${parent.id}/move`, { version: parent.version, parentId: nilUuid, position: 0 }), [{ path: 'body.parentId', code: 'unknown_reference' }]);
    expectValidation(await api.post(`/api/v1/measures/${parent.measures[0].id}/move`, { version: 1, nodeId: nilUuid, position: 0 }), [{ path: 'body.nodeId', code: 'unknown_reference' }]);
    expectError(await api.delete(`/api/v1/nodes/${parent.id}?version=9`), 409, 'version_conflict');
    expectError(await api.delete(`/api/v1/measures/${parent.measures[0].id}?version=9`), 409, 'version_conflict');
    expect(await tree(planId)).toEqual(before);
  });

  describe('when the database fails in the middle of a write', () => {
    // Fault injection: a trigger makes one particular row fail, after other rows of the same
    // request were written. The request fails (500: the database refused), and the transaction
    // must take everything it wrote with it.
    const raw = () => client(ctx.app, { session: ctx.admin });
    const exec = (statement: string) => ctx.database.db.execute(statement as never);
    beforeAll(async () => {
      await exec(`CREATE FUNCTION fridplan_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.text = 'FAULT' OR (NEW.text = 'FAULT ON MOVE' AND TG_OP = 'UPDATE' AND NEW.position IS DISTINCT FROM OLD.position) THEN
            RAISE EXCEPTION 'injected fault';
          END IF;
          RETURN NEW;
        END $$`);
      await exec('CREATE TRIGGER fridplan_test_fault_measures BEFORE INSERT OR UPDATE ON measures FOR EACH ROW EXECUTE FUNCTION fridplan_test_fault()');
      await exec('CREATE TRIGGER fridplan_test_fault_nodes BEFORE INSERT OR UPDATE ON goal_nodes FOR EACH ROW EXECUTE FUNCTION fridplan_test_fault()');
    });
    afterAll(async () => {
      await exec('DROP TRIGGER IF EXISTS fridplan_test_fault_measures ON measures');
      await exec('DROP TRIGGER IF EXISTS fridplan_test_fault_nodes ON goal_nodes');
      await exec('DROP FUNCTION IF EXISTS fridplan_test_fault()');
    });

    it('creating a plan whose last measure fails leaves no plan, node or measure', async () => {
      const before = await contentCounts(ctx);
      const res = await raw().post('/api/v1/plans', {
        organizationId: sodertalje.id,
        title: 'Fel i databasen',
        kind: 'plan',
        nodes: [
          { role: 'goal', text: 'Ett', measures: [{ text: 'a', leadUnitIds: [units['Socialnämnden']] }] },
          { role: 'goal', text: 'Två', children: [{ role: 'goal', text: 'Tre', measures: [{ text: 'b' }, { text: 'FAULT' }] }] },
        ],
      });
      expectError(res, 500, 'internal_error');
      expect(res.body.error.message).not.toMatch(/injected|trigger|SQL/i);
      expect(await contentCounts(ctx)).toEqual(before);
    });

    it('deleting a node whose sibling cannot be renumbered leaves the node and every position', async () => {
      const planId = await newPlan('Fel vid borttagning', 2, 2);
      await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'goal', text: 'FAULT ON MOVE' });
      const before = await tree(planId);
      const counts = await contentCounts(ctx);
      const res = await raw().delete(`/api/v1/nodes/${before.nodes[0].id}?version=1`);
      expectError(res, 500, 'internal_error');
      expect(await tree(planId)).toEqual(before);
      expect(await contentCounts(ctx)).toEqual(counts);
    });

    it('moving a measure whose sibling cannot be renumbered leaves every position', async () => {
      const planId = await newPlan('Fel vid flytt', 2, 2);
      const goal = (await tree(planId)).nodes[0];
      await api.post(`/api/v1/nodes/${goal.id}/measures`, { text: 'FAULT ON MOVE', position: 1 });
      const before = await tree(planId);
      const last = before.nodes[0].measures[2];
      const res = await raw().post(`/api/v1/measures/${last.id}/move`, { version: 1, nodeId: goal.id, position: 0 });
      expectError(res, 500, 'internal_error');
      expect(await tree(planId)).toEqual(before);
    });

    it('a revision whose copy fails leaves no draft behind', async () => {
      const planId = await newPlan('Fel vid revision', 1, 1);
      await api.post(`/api/v1/plans/${planId}/transitions`, { version: 1, to: 'adopted', decision: { body: 'KF', date: '2026-01-01' } });
      // The adopted plan's measure gets the fault's text behind the API's back (the API refuses the
      // edit), so that copying it into the draft fails after the draft and its nodes were inserted.
      await exec('ALTER TABLE measures DISABLE TRIGGER fridplan_test_fault_measures');
      await exec(`UPDATE measures SET text = 'FAULT' WHERE plan_id = '${planId}'`);
      await exec('ALTER TABLE measures ENABLE TRIGGER fridplan_test_fault_measures');
      const counts = await contentCounts(ctx);
      const res = await raw().post(`/api/v1/plans/${planId}/revisions`, {});
      expectError(res, 500, 'internal_error');
      expect(await contentCounts(ctx)).toEqual(counts);
      expect((await api.get(`/api/v1/plans?q=${encodeURIComponent('Fel vid revision')}`)).body.total).toBe(1);
    });
  });
});
