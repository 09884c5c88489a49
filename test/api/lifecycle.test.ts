import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationByCode, startTestApp, testDatabaseKind, type Client, type TestContext } from './harness.js';
import { api as checkedApi, expectError, expectValidation, nilUuid, outline } from './helpers.js';

let ctx: TestContext;
let api: Client;
let english: Client;
let sodertalje: { id: string };
let units: Record<string, string>;

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = checkedApi(ctx);
  english = checkedApi(ctx, { language: 'en' });
  sodertalje = await organizationByCode(api, '0181');
  units = Object.fromEntries((await api.get(`/api/v1/organizations/${sodertalje.id}/units`)).body.map((u: any) => [u.name, u.id]));
});
afterAll(async () => ctx?.close());

const tree = async (planId: string) => (await api.get(`/api/v1/plans/${planId}/tree`)).body;
const plan = async (planId: string) => (await api.get(`/api/v1/plans/${planId}`)).body;
const versions = async (planId: string) => (await api.get(`/api/v1/plans/${planId}/versions`)).body;
const transition = (planId: string, body: Record<string, unknown>) => api.post(`/api/v1/plans/${planId}/transitions`, body);

/** Ids and versions differ between copies; what a reader sees must not. */
function readable(nodes: any[]): unknown[] {
  return nodes.map((n) => ({
    role: n.role,
    number: n.number,
    text: n.text,
    measures: n.measures.map((m: any) => ({ code: m.code, text: m.text, lead: m.leadUnitIds, co: m.coUnitIds, levels: m.preventionLevels, scope: m.scope, examples: m.examples })),
    children: readable(n.children),
  }));
}

describe(`plan lifecycle on ${testDatabaseKind}`, () => {
  let planId: string;
  let consulted: any;
  let adopted: any;
  let revisionId: string;

  it('draft → consultation freezes version 1 with the content sent out', async () => {
    const created = await api.post('/api/v1/plans', {
      organizationId: sodertalje.id,
      title: 'Handlingsplan mot våld 2026',
      kind: 'action_plan',
      nodes: [
        {
          role: 'goal',
          number: '1',
          text: 'Förebygga',
          measures: [
            { code: '1:1', text: 'Utbilda', leadUnitIds: [units['Socialnämnden']], preventionLevels: ['universal'] },
            { code: '1:2', text: 'Informera' },
          ],
        },
        { role: 'goal', number: '2', text: 'Stödja', measures: [{ code: '2:1', text: 'Skyddat boende', leadUnitIds: [units['Socialnämnden']] }] },
        { role: 'goal', number: '3', text: 'Följa upp' },
      ],
    });
    expect(created.status).toBe(201);
    planId = created.body.id;
    expect(await versions(planId)).toEqual([]);

    const sent = await transition(planId, { version: 1, to: 'consultation', label: 'Remissversion' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'consultation', version: 2 });

    const list = await versions(planId);
    expect(list).toEqual([{ id: expect.any(String), planId, number: 1, reason: 'consultation', label: 'Remissversion', status: 'consultation', createdAt: expect.any(String) }]);
    consulted = list[0];
    const frozen = await api.get(`/api/v1/plans/${planId}/versions/${consulted.id}`);
    expect(frozen.status).toBe(200);
    expect(frozen.body).toMatchObject({ ...consulted, content: { plan: { id: planId, status: 'consultation', title: 'Handlingsplan mot våld 2026' } } });
    expect(frozen.body.content.nodes).toEqual((await tree(planId)).nodes);
    expect(frozen.body.content.units).toEqual([{ id: units['Socialnämnden'], name: 'Socialnämnden' }]);
  });

  it('consultation → draft, edits, and a diff against the consulted version that shows them', async () => {
    const back = await transition(planId, { version: 2, to: 'draft' });
    expect(back.body).toMatchObject({ status: 'draft', version: 3 });
    expect(await versions(planId)).toHaveLength(1);

    const before = await tree(planId);
    const [g1, g2, g3] = before.nodes;
    const [m11, m12] = g1.measures;
    expect((await api.patch(`/api/v1/plans/${planId}`, { version: 3, title: 'Handlingsplan mot våld 2026–2029' })).status).toBe(200);
    expect((await api.patch(`/api/v1/nodes/${g1.id}`, { version: 1, text: 'Förebygga våld' })).status).toBe(200);
    expect((await api.delete(`/api/v1/nodes/${g3.id}?version=1`)).status).toBe(204);
    const g4 = await api.post(`/api/v1/plans/${planId}/nodes`, { role: 'goal', number: '4', text: 'Samverka', measures: [{ code: '4:1', text: 'Samverkansforum' }] });
    expect(g4.status).toBe(201);
    expect((await api.delete(`/api/v1/measures/${m12.id}?version=1`)).status).toBe(204);
    const m22 = await api.post(`/api/v1/nodes/${g2.id}/measures`, { code: '2:2', text: 'Stödsamtal' });
    expect(m22.status).toBe(201);
    const changed = await api.patch(`/api/v1/measures/${m11.id}`, { version: 1, text: 'Utbilda all personal', leadUnitIds: [units['Omsorgsnämnden']], preventionLevels: ['universal', 'indicated'] });
    expect(changed.status).toBe(200);

    const res = await api.get(`/api/v1/plans/${planId}/diff?from=${consulted.id}&to=current`);
    expect(res.status).toBe(200);
    const { from, to, diff } = res.body;
    expect(from).toMatchObject({ id: consulted.id, number: 1, reason: 'consultation', label: 'Remissversion' });
    expect(to).toEqual({ id: 'current', number: null, reason: null, label: null, createdAt: null });

    expect(diff.plan).toEqual(
      expect.arrayContaining([
        { field: 'title', before: 'Handlingsplan mot våld 2026', after: 'Handlingsplan mot våld 2026–2029' },
        { field: 'status', before: 'consultation', after: 'draft' },
      ]),
    );
    expect(diff.plan).toHaveLength(2);

    expect(diff.nodes.added).toEqual([expect.objectContaining({ id: g4.body.id, text: 'Samverka', parent: null })]);
    expect(diff.nodes.removed).toEqual([expect.objectContaining({ id: g3.id, text: 'Följa upp' })]);
    expect(diff.nodes.changed).toEqual([expect.objectContaining({ id: g1.id, text: 'Förebygga våld', changes: [{ field: 'text', before: 'Förebygga', after: 'Förebygga våld' }] })]);

    const ids = (list: any[]) => list.map((m) => m.id).sort();
    const m41 = (await tree(planId)).nodes[2].measures[0];
    expect(m41.code).toBe('4:1');
    expect(ids(diff.measures.added)).toEqual([m41.id, m22.body.id].sort());
    expect(diff.measures.added.find((m: any) => m.id === m22.body.id)).toMatchObject({ text: 'Stödsamtal', node: { id: g2.id, text: 'Stödja' } });
    expect(diff.measures.removed).toEqual([expect.objectContaining({ id: m12.id, text: 'Informera', node: expect.objectContaining({ id: g1.id }) })]);
    expect(diff.measures.changed).toHaveLength(1);
    const m11Change = diff.measures.changed[0];
    expect(m11Change).toMatchObject({ id: m11.id, text: 'Utbilda all personal' });
    const fields = Object.fromEntries(m11Change.changes.map((c: any) => [c.field, c]));
    expect(Object.keys(fields).sort()).toEqual(['leadUnits', 'preventionLevels', 'text']);
    expect(fields.text).toEqual({ field: 'text', before: 'Utbilda', after: 'Utbilda all personal' });
    expect(fields.leadUnits).toMatchObject({ before: ['Socialnämnden'], after: ['Omsorgsnämnden'], added: ['Omsorgsnämnden'], removed: ['Socialnämnden'] });
    expect(fields.preventionLevels).toMatchObject({ before: ['universal'], after: ['universal', 'indicated'], added: ['indicated'], removed: [] });

    // The reverse direction swaps added and removed.
    const reverse = (await api.get(`/api/v1/plans/${planId}/diff?from=current&to=${consulted.id}`)).body.diff;
    expect(reverse.nodes.added.map((n: any) => n.id)).toEqual([g3.id]);
    expect(reverse.nodes.removed.map((n: any) => n.id)).toEqual([g4.body.id]);
  });

  it('adopting requires the deciding body and date (400 naming both fields, in the caller’s language) and changes nothing when refused', async () => {
    const missing = await transition(planId, { version: 4, to: 'adopted' });
    expectValidation(missing, [
      { path: 'body.decision.body', code: 'required' },
      { path: 'body.decision.date', code: 'required' },
    ]);
    expect(missing.body.error.message).toBe('Uppgifterna innehåller fel. Rätta fälten nedan.');
    expect(missing.body.error.fields.map((f: any) => f.message)).toEqual(['Måste anges.', 'Måste anges.']);

    const inEnglish = await english.post(`/api/v1/plans/${planId}/transitions`, { version: 4, to: 'adopted', decision: { body: '  ' } });
    expectValidation(inEnglish, [
      { path: 'body.decision.body', code: 'required' },
      { path: 'body.decision.date', code: 'required' },
    ]);
    expect(inEnglish.body.error.message).toBe('The request has errors. Correct the fields below.');
    expect(inEnglish.body.error.fields.map((f: any) => f.message)).toEqual(['Is required.', 'Is required.']);

    expectValidation(await transition(planId, { version: 4, to: 'adopted', decision: { body: 'Kommunfullmäktige' } }), [{ path: 'body.decision.date', code: 'required' }]);
    expectValidation(await transition(planId, { version: 4, to: 'adopted', decision: { date: '2026-02-18' } }), [{ path: 'body.decision.body', code: 'required' }]);
    expectValidation(await transition(planId, { version: 4, to: 'adopted', decision: { body: 'KF', date: '2026-02-30' } }), [{ path: 'body.decision.date', code: 'invalid_date' }]);
    expectValidation(await transition(planId, { version: 4, to: 'approved' }), [{ path: 'body.to', code: 'invalid_value' }]);

    expect(await plan(planId)).toMatchObject({ status: 'draft', version: 4, decision: { body: null, date: null } });
    expect(await versions(planId)).toHaveLength(1);
  });

  it('adopting with a decision freezes a version with the adopted content', async () => {
    const res = await transition(planId, { version: 4, to: 'adopted', label: 'Antagen', decision: { body: 'Kommunfullmäktige', date: '2026-02-18', paragraph: '§ 12', registryNumber: 'KS 2025/77' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'adopted', version: 5, decision: { body: 'Kommunfullmäktige', date: '2026-02-18', paragraph: '§ 12', registryNumber: 'KS 2025/77' }, registryNumber: 'KS 2025/77' });
    const list = await versions(planId);
    expect(list.map((v: any) => [v.number, v.reason, v.label, v.status])).toEqual([
      [1, 'consultation', 'Remissversion', 'consultation'],
      [2, 'adoption', 'Antagen', 'adopted'],
    ]);
    adopted = list[1];
    const frozen = (await api.get(`/api/v1/plans/${planId}/versions/${adopted.id}`)).body;
    expect(frozen.content.nodes).toEqual((await tree(planId)).nodes);
    expect(frozen.content.plan).toMatchObject({ status: 'adopted', decision: { body: 'Kommunfullmäktige', date: '2026-02-18' } });
    // Between the adopted version and the current content, nothing but nothing.
    const same = (await api.get(`/api/v1/plans/${planId}/diff?from=${adopted.id}`)).body.diff;
    expect(same).toEqual({ plan: [], nodes: { added: [], removed: [], changed: [] }, measures: { added: [], removed: [], changed: [] } });
  });

  it('refuses every content edit of an adopted plan with 409 plan_not_editable', async () => {
    const content = await tree(planId);
    const [g1, g2] = content.nodes;
    const m = g1.measures[0];
    const attempts = [
      api.patch(`/api/v1/plans/${planId}`, { version: 5, title: 'Ändrad i efterhand' }),
      api.post(`/api/v1/plans/${planId}/nodes`, { role: 'goal', text: 'Nytt mål' }),
      api.patch(`/api/v1/nodes/${g1.id}`, { version: g1.version, text: 'x' }),
      api.post(`/api/v1/nodes/${g1.id}/move`, { version: g1.version, parentId: null, position: 2 }),
      api.delete(`/api/v1/nodes/${g2.id}?version=${g2.version}`),
      api.post(`/api/v1/nodes/${g1.id}/measures`, { text: 'Ny åtgärd' }),
      api.patch(`/api/v1/measures/${m.id}`, { version: m.version, text: 'x' }),
      api.post(`/api/v1/measures/${m.id}/move`, { version: m.version, nodeId: g2.id, position: 0 }),
      api.delete(`/api/v1/measures/${m.id}?version=${m.version}`),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expectError(res, 409, 'plan_not_editable');
      expect(res.body.error.message).toContain('"adopted"');
    }
    expect(await tree(planId)).toEqual(content);
    expectError(await api.delete(`/api/v1/plans/${planId}?version=5`), 409, 'plan_not_deletable');
  });

  it('refuses transitions the lifecycle does not allow, and stale versions', async () => {
    const illegal = await transition(planId, { version: 5, to: 'draft' });
    expectError(illegal, 409, 'transition_not_allowed');
    expect(illegal.body.error.message).toBe('Planen kan inte gå från "adopted" till "draft". Tillåtet: in_force, expired, replaced.');
    expectError(await transition(planId, { version: 5, to: 'consultation' }), 409, 'transition_not_allowed');
    expectError(await transition(planId, { version: 5, to: 'adopted', decision: { body: 'KF', date: '2026-03-01' } }), 409, 'transition_not_allowed');
    const stale = await transition(planId, { version: 4, to: 'in_force' });
    expectError(stale, 409, 'version_conflict');
    expect(stale.body.error.current).toMatchObject({ id: planId, version: 5, status: 'adopted' });

    const draft = (await api.post('/api/v1/plans', { organizationId: sodertalje.id, title: 'Utkast', kind: 'plan' })).body;
    expectError(await transition(draft.id, { version: 1, to: 'in_force' }), 409, 'transition_not_allowed');
    expectError(await transition(draft.id, { version: 1, to: 'replaced' }), 409, 'transition_not_allowed');
    expectError(await api.post(`/api/v1/plans/${draft.id}/revisions`, {}), 409, 'plan_not_revisable');
    // A draft may be adopted without a consultation; the decision may have been registered before.
    expect((await api.patch(`/api/v1/plans/${draft.id}`, { version: 1, decision: { body: 'Socialnämnden', date: '2026-01-20' } })).status).toBe(200);
    const direct = await transition(draft.id, { version: 2, to: 'adopted' });
    expect(direct.body).toMatchObject({ status: 'adopted', decision: { body: 'Socialnämnden', date: '2026-01-20' } });
    expect((await versions(draft.id)).map((v: any) => v.reason)).toEqual(['adoption']);
  });

  it('adopted → in force freezes nothing; a snapshot can be taken on request', async () => {
    const inForce = await transition(planId, { version: 5, to: 'in_force' });
    expect(inForce.body).toMatchObject({ status: 'in_force', version: 6 });
    expect(await versions(planId)).toHaveLength(2);

    const snapshot = await api.post(`/api/v1/plans/${planId}/versions`, { label: 'Före styrgruppen' });
    expect(snapshot.status).toBe(201);
    expect(snapshot.body).toMatchObject({ planId, number: 3, reason: 'snapshot', label: 'Före styrgruppen', status: 'in_force' });
    const unnamed = await api.post(`/api/v1/plans/${planId}/versions`, {});
    expect(unnamed.body).toMatchObject({ number: 4, label: null });
    expect((await versions(planId)).map((v: any) => v.number)).toEqual([1, 2, 3, 4]);

    // Diff between two frozen versions: the plan's status is the only change.
    const between = (await api.get(`/api/v1/plans/${planId}/diff?from=${adopted.id}&to=${snapshot.body.id}`)).body;
    expect(between.from.number).toBe(2);
    expect(between.to.number).toBe(3);
    expect(between.diff).toEqual({ plan: [{ field: 'status', before: 'adopted', after: 'in_force' }], nodes: { added: [], removed: [], changed: [] }, measures: { added: [], removed: [], changed: [] } });
  });

  it('a revision of an adopted plan is a draft with the same content that replaces it when adopted', async () => {
    const original = await tree(planId);
    const res = await api.post(`/api/v1/plans/${planId}/revisions`, { title: 'Handlingsplan mot våld 2030' });
    expect(res.status).toBe(201);
    revisionId = res.body.id;
    expect(res.body).toMatchObject({ status: 'draft', version: 1, title: 'Handlingsplan mot våld 2030', replacesPlanId: planId, kind: 'action_plan', decision: { body: null, date: null, paragraph: null, registryNumber: null } });
    expect(res.body.id).not.toBe(planId);

    const copy = await tree(revisionId);
    expect(readable(copy.nodes)).toEqual(readable(original.nodes));
    expect(outline(copy.nodes)).toEqual(outline(original.nodes));
    expect(copy.nodes[0].id).not.toBe(original.nodes[0].id);
    expect(copy.units).toEqual(original.units);
    expect(await versions(revisionId)).toEqual([]);

    // Editing the revision leaves the adopted plan as decided.
    const g1 = copy.nodes[0];
    await api.post(`/api/v1/nodes/${g1.id}/measures`, { code: '1:3', text: 'Ny åtgärd i revisionen' });
    expect(await tree(planId)).toEqual(original);
    expect((await plan(planId)).status).toBe('in_force');

    const adoptedRevision = await transition(revisionId, { version: 1, to: 'adopted', decision: { body: 'Kommunfullmäktige', date: '2029-12-10' } });
    expect(adoptedRevision.body.status).toBe('adopted');
    const old = await plan(planId);
    expect(old.status).toBe('replaced');
    expectError(await transition(planId, { version: old.version, to: 'in_force' }), 409, 'transition_not_allowed');
    expect((await api.get(`/api/v1/plans?status=replaced&organizationId=${sodertalje.id}`)).body.items.map((p: any) => p.id)).toEqual([planId]);
    // Only adopted, in-force or expired plans are revised; a replaced one is history.
    expectError(await api.post(`/api/v1/plans/${planId}/revisions`, {}), 409, 'plan_not_revisable');
  });

  it('a seeded plan on consultation has its remiss version, identical to the current content', async () => {
    const kalmar = await organizationByCode(api, '0880');
    const seeded = (await api.get(`/api/v1/plans?organizationId=${kalmar.id}`)).body.items[0];
    expect(seeded.status).toBe('consultation');
    const list = await versions(seeded.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ number: 1, reason: 'consultation', status: 'consultation' });
    expect(list[0].label).toMatch(/yttrande/);
    const diff = (await api.get(`/api/v1/plans/${seeded.id}/diff?from=${list[0].id}`)).body.diff;
    expect(diff).toEqual({ plan: [], nodes: { added: [], removed: [], changed: [] }, measures: { added: [], removed: [], changed: [] } });
  });

  it('refuses unknown versions and bad diff references', async () => {
    expectError(await api.get(`/api/v1/plans/${planId}/versions/${nilUuid}`), 404, 'not_found');
    expectError(await api.get(`/api/v1/plans/${planId}/versions/v1`), 404, 'not_found');
    // A version of another plan is not this plan's.
    expectError(await api.get(`/api/v1/plans/${revisionId}/versions/${consulted.id}`), 404, 'not_found');
    expectValidation(await api.get(`/api/v1/plans/${planId}/diff?from=${nilUuid}`), [{ path: 'querystring.from', code: 'unknown_reference' }]);
    expectValidation(await api.get(`/api/v1/plans/${revisionId}/diff?from=${consulted.id}&to=v9`), [
      { path: 'querystring.from', code: 'unknown_reference' },
      { path: 'querystring.to', code: 'unknown_reference' },
    ]);
    expectValidation(await api.get(`/api/v1/plans/${planId}/diff`), [{ path: 'querystring.from', code: 'required' }]);
    expectValidation(await api.post(`/api/v1/plans/${planId}/versions`, { label: 'x'.repeat(201) }), [{ path: 'body.label', code: 'too_big_string' }]);
    expectValidation(await api.post(`/api/v1/plans/${planId}/revisions`, { title: '' }), [{ path: 'body.title', code: 'required' }]);
  });
});
