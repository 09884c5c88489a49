import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationByCode, startTestApp, testDatabaseKind, type Client, type TestContext } from './harness.js';
import { api as checkedApi, expectError, expectValidation, readSeed, seedMeasures, unitName, type SeedFile, type SeedMeasure, type SeedNode } from './helpers.js';

let ctx: TestContext;
let api: Client;
const org: Record<string, { id: string }> = {};
const unitIds: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = checkedApi(ctx);
  for (const [name, code] of Object.entries({ kalmar: '0880', sodertalje: '0181', vaxjo: '0780', malmo: '1280' })) {
    org[name] = await organizationByCode(api, code);
    unitIds[name] = Object.fromEntries((await api.get(`/api/v1/organizations/${org[name]!.id}/units`)).body.map((u: any) => [u.name, u.id]));
  }
});
afterAll(async () => ctx?.close());

const sodertalje = readSeed('sodertalje');
const sodertaljePlan = sodertalje.plans[0]!;
const sodertaljeMeasures = seedMeasures(sodertaljePlan).map((e) => e.measure);

/** The measure codes of a search answer, in the order given. */
const codes = (res: any): string[] => res.body.items.map((m: any) => m.code ?? m.text);
const expectedCodes = (measures: SeedMeasure[], keep: (m: SeedMeasure) => boolean) => measures.filter(keep).map((m) => m.code ?? m.text);
const has = (list: string[] | undefined, value: string) => (list ?? []).includes(value);
const unitId = (file: SeedFile, orgName: string, key: string) => unitIds[orgName]![unitName(file, key)]!;

/** Lowercase, no diacritics (ø too), single spaces: what a person typing without å, ä, ö means. */
const fold = (text: string) => text.toLocaleLowerCase('sv').replace(/ø/g, 'o').normalize('NFD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ');
const searchableText = (m: SeedMeasure & { description?: string; responsibilityText?: string; examples?: string[] }) =>
  fold([m.code, m.text, m.description, m.responsibilityText, ...(m.examples ?? [])].filter(Boolean).join(' | '));

async function search(orgName: string, query: string) {
  const res = await api.get(`/api/v1/organizations/${org[orgName]!.id}/measures?limit=500&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.total).toBe(res.body.items.length);
  return res;
}

describe(`measure search on ${testDatabaseKind}`, () => {
  it('Södertälje: Socialnämnden and indicated prevention gives exactly the measures the seed says', async () => {
    const social = unitId(sodertalje, 'sodertalje', 'socialnamnden');
    const expected = expectedCodes(sodertaljeMeasures, (m) => (has(m.lead, 'socialnamnden') || has(m.co, 'socialnamnden')) && has(m.preventionLevels, 'indicated'));
    expect(expected.length).toBeGreaterThan(3);
    const res = await search('sodertalje', `unitId=${social}&preventionLevel=indicated`);
    // In document order, with their units and places.
    expect(codes(res)).toEqual(expected);
    for (const item of res.body.items) {
      expect(item.preventionLevels).toContain('indicated');
      expect(item.units.map((u: any) => u.id)).toContain(social);
      expect(item.plan).toMatchObject({ title: sodertaljePlan.title, status: 'in_force', kind: 'action_plan' });
      expect(item.node.number).toBe(item.code.split(':')[0]);
    }
  });

  it('tells lead from co-responsible units', async () => {
    const social = unitId(sodertalje, 'sodertalje', 'socialnamnden');
    const lead = await search('sodertalje', `unitId=${social}&unitRole=lead`);
    const co = await search('sodertalje', `unitId=${social}&unitRole=co`);
    const any = await search('sodertalje', `unitId=${social}`);
    expect(codes(lead)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.lead, 'socialnamnden')));
    expect(codes(co)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.co, 'socialnamnden')));
    expect(codes(any)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.lead, 'socialnamnden') || has(m.co, 'socialnamnden')));
    expect(codes(lead).length).toBeGreaterThan(0);
    expect(codes(co).length).toBeGreaterThan(0);
    for (const item of co.body.items) expect(item.coUnitIds).toContain(social);

    // Several units are alternatives.
    const ks = unitId(sodertalje, 'sodertalje', 'kommunstyrelsen');
    const either = await search('sodertalje', `unitId=${social},${ks}&unitRole=lead`);
    expect(codes(either)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.lead, 'socialnamnden') || has(m.lead, 'kommunstyrelsen')));
    const coAndIndicated = await search('sodertalje', `unitId=${social}&unitRole=co&preventionLevel=indicated`);
    expect(codes(coAndIndicated)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.co, 'socialnamnden') && has(m.preventionLevels, 'indicated')));
  });

  it('free text without diacritics and in any case finds the measures that say "våld i nära"', async () => {
    const phrase = sodertaljeMeasures.filter((m) => searchableText(m).includes('vald i nara'));
    expect(phrase.length).toBeGreaterThan(3);
    // Every word of the query must occur; the expectation applies the same rule to the seed.
    const expected = expectedCodes(sodertaljeMeasures, (m) => ['vald', 'i', 'nara'].every((word) => searchableText(m).includes(word)));
    for (const query of ['vald i nara', 'VALD I NARA', 'Våld i Nära', 'vald  i   nara ']) {
      const res = await search('sodertalje', `q=${encodeURIComponent(query)}`);
      expect(codes(res), query).toEqual(expected);
      for (const m of phrase) expect(codes(res)).toContain(m.code);
    }
    // Kalmar's measures are not in Södertälje's answer, and Kalmar finds its own.
    const kalmar = readSeed('kalmar');
    const kalmarExpected = seedMeasures(kalmar.plans[0]!).filter(({ measure }) => ['vald', 'nara'].every((w) => searchableText(measure).includes(w)));
    const kalmarRes = await search('kalmar', `q=${encodeURIComponent('VÅLD NÄRA')}`);
    expect(kalmarRes.body.total).toBe(kalmarExpected.length);
    expect(kalmarRes.body.items.every((m: any) => m.planId === kalmarRes.body.items[0].planId)).toBe(true);

    // A code as the document writes it matches that code, not any text with a 1 and a 3.
    const code = await search('sodertalje', 'q=1%3A3');
    expect(codes(code)).toEqual(['1:3']);
    // LIKE's wildcards are plain characters in a query ("1%3" and "1_3" would match "1:3" otherwise).
    expect((await search('sodertalje', 'q=1%253')).body.total).toBe(0);
    expect((await search('sodertalje', 'q=1_3')).body.total).toBe(0);
    // A query without words filters nothing.
    expect((await search('sodertalje', 'q=%20%2C%20')).body.total).toBe(sodertaljeMeasures.length);
  });

  it('Malmö’s administration plan: 7 city-wide, 6 in collaboration, 14 unit-specific', async () => {
    const malmo = readSeed('malmo');
    const asfSeed = malmo.plans.find((p) => p.key === 'asf-handlingsplan-2023-2026')!;
    const plans = (await api.get(`/api/v1/plans?organizationId=${org.malmo!.id}`)).body.items;
    const asf = plans.find((p: any) => p.title === asfSeed.title);
    const scoped = async (scope: string) => (await search('malmo', `planId=${asf.id}&scope=${scope}`)).body.items;
    const seedScopes = seedMeasures(asfSeed).map((e) => e.measure.scope);
    const counts = { city_wide: 7, collaboration: 6, unit_specific: 14 };
    for (const [scope, count] of Object.entries(counts)) {
      expect(seedScopes.filter((s) => s === scope)).toHaveLength(count);
      const items = await scoped(scope);
      expect(items, scope).toHaveLength(count);
      expect(items.every((m: any) => m.scope === scope && m.planId === asf.id)).toBe(true);
    }
    expect(await scoped('city_wide,collaboration')).toHaveLength(13);
    // The city-wide plan has no measures of its own: the organization-wide answer is the same.
    expect((await search('malmo', 'scope=unit_specific')).body.total).toBe(14);
    expect((await search('malmo', `planId=${plans.find((p: any) => p.kind === 'plan').id}`)).body.total).toBe(0);
    expectValidation(await api.get(`/api/v1/organizations/${org.malmo!.id}/measures?scope=citywide`), [{ path: 'querystring.scope.0', code: 'invalid_value' }]);
  });

  it('filters by violence form and target group (alternatives within one filter, all filters together)', async () => {
    const honour = await search('sodertalje', 'violenceForm=honour');
    expect(codes(honour)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.violenceForms, 'honour')));
    expect(codes(honour).length).toBeGreaterThan(0);

    const either = await search('sodertalje', 'violenceForm=honour,prostitution');
    expect(codes(either)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.violenceForms, 'honour') || has(m.violenceForms, 'prostitution')));

    const perpetrators = await search('sodertalje', 'targetGroup=perpetrators');
    expect(codes(perpetrators)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.targetGroups, 'perpetrators')));
    expect(codes(perpetrators).length).toBeGreaterThan(0);

    const both = await search('sodertalje', 'violenceForm=honour&preventionLevel=universal&q=orange');
    expect(codes(both)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has(m.violenceForms, 'honour') && has(m.preventionLevels, 'universal') && searchableText(m).includes('orange')));
    expect(codes(both)).toEqual(['1:6']);

    const vulnerable = await search('sodertalje', 'vulnerableGroup=minority_affiliation');
    expect(codes(vulnerable)).toEqual(expectedCodes(sodertaljeMeasures, (m) => has((m as any).vulnerableGroups, 'minority_affiliation')));

    // Plan status: all of Södertälje's measures are in a plan in force.
    expect((await search('sodertalje', 'planStatus=in_force')).body.total).toBe(sodertaljeMeasures.length);
    expect((await search('sodertalje', 'planStatus=draft,consultation')).body.total).toBe(0);
  });

  it('pages with limit and offset and reports the total', async () => {
    const all = await search('sodertalje', '');
    expect(all.body.total).toBe(sodertaljeMeasures.length);
    expect(codes(all)).toEqual(expectedCodes(sodertaljeMeasures, () => true));
    const page = await api.get(`/api/v1/organizations/${org.sodertalje!.id}/measures?limit=10&offset=30`);
    expect(page.body.total).toBe(sodertaljeMeasures.length);
    expect(codes(page)).toEqual(codes(all).slice(30, 40));
    expectValidation(await api.get(`/api/v1/organizations/${org.sodertalje!.id}/measures?unitId=socialnamnden`), [{ path: 'querystring.unitId.0', code: 'invalid_format' }]);
    expectValidation(await api.get(`/api/v1/organizations/${org.sodertalje!.id}/measures?unitRole=owner`), [{ path: 'querystring.unitRole', code: 'invalid_value' }]);
    expectValidation(await api.get(`/api/v1/organizations/${org.sodertalje!.id}/measures?offset=-1`), [{ path: 'querystring.offset', code: 'too_small_number' }]);
  });

  it('lists nested measures in document order', async () => {
    const units = unitIds.sodertalje!;
    const created = await api.post('/api/v1/plans', {
      organizationId: org.sodertalje!.id,
      title: 'Nästlad ordning',
      kind: 'plan',
      nodes: [
        { role: 'goal', number: '1', text: 'Ett', measures: [{ code: 'x1' , text: 'Sökord' }], children: [{ role: 'goal', number: '1.1', text: 'Ett ett', measures: [{ code: 'x2', text: 'Sökord' }] }] },
        { role: 'goal', number: '2', text: 'Två', measures: [{ code: 'x3', text: 'Sökord' }], children: [{ role: 'strategy', text: 'Genom', measures: [{ code: 'x4', text: 'Sökord', leadUnitIds: [units['Socialnämnden']] }] }] },
        { role: 'goal', number: '3', text: 'Tre', children: [{ role: 'goal', number: '3.1', text: 'Tre ett', children: [{ role: 'goal', number: '3.1.1', text: 'Djup', measures: [{ code: 'x5', text: 'Sökord' }] }] }] },
      ],
    });
    expect(created.status).toBe(201);
    const res = await search('sodertalje', `planId=${created.body.id}&q=sokord`);
    expect(codes(res)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
    // The draft is found by plan status too.
    expect(codes(await search('sodertalje', 'planStatus=draft&q=sokord'))).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
  });
});

describe(`coverage on ${testDatabaseKind}`, () => {
  it('Södertälje: measures per goal and prevention level, units, violence forms and gaps match the seed', async () => {
    const plan = (await api.get(`/api/v1/plans?organizationId=${org.sodertalje!.id}&status=in_force`)).body.items[0];
    const res = await api.get(`/api/v1/plans/${plan.id}/coverage`);
    expect(res.status).toBe(200);
    const coverage = res.body;
    expect(coverage.hasMeasures).toBe(true);
    expect(coverage.measureCount).toBe(sodertaljeMeasures.length);

    const levels = ['universal', 'selective', 'indicated'];
    const goals = sodertaljePlan.nodes.filter((n) => n.role === 'goal');
    expect(coverage.goals.map((g: any) => g.number)).toEqual(goals.map((g) => g.number));
    for (const goal of goals) {
      const inGoal = seedMeasures({ ...sodertaljePlan, nodes: [goal] }).map((e) => e.measure);
      const got = coverage.goals.find((g: any) => g.number === goal.number);
      expect(got, goal.number).toMatchObject({ text: goal.text, depth: 0, measureCount: inGoal.length });
      for (const level of levels) {
        expect(got.byPreventionLevel[level], `${goal.number} × ${level}`).toBe(inGoal.filter((m) => has(m.preventionLevels, level)).length);
      }
      for (const level of levels) {
        const gap = coverage.gaps.goalLevelGaps.some((g: any) => g.nodeId === got.nodeId && g.level === level);
        expect(gap).toBe(inGoal.filter((m) => has(m.preventionLevels, level)).length === 0);
      }
    }
    for (const level of levels) expect(coverage.levelTotals[level]).toBe(sodertaljeMeasures.filter((m) => has(m.preventionLevels, level)).length);
    expect(coverage.gaps.goalsWithoutMeasures).toEqual([]);

    // Units: lead and co counts per unit.
    for (const unit of sodertalje.units) {
      const lead = sodertaljeMeasures.filter((m) => has(m.lead, unit.key)).length;
      const co = sodertaljeMeasures.filter((m) => has(m.co, unit.key)).length;
      const got = coverage.units.find((u: any) => u.name === unit.name);
      if (lead + co === 0) expect(got, unit.name).toBeUndefined();
      else expect(got, unit.name).toMatchObject({ lead, co });
    }
    const honour = sodertaljeMeasures.filter((m) => has(m.violenceForms, 'honour')).length;
    expect(coverage.violenceForms.honour).toBe(honour);
    expect(coverage.targetGroups.perpetrators).toBe(sodertaljeMeasures.filter((m) => has(m.targetGroups, 'perpetrators')).length);
    expect(coverage.gaps.violenceFormsNotReached).toContain('fgm');
    expect(coverage.gaps.violenceFormsNotReached).not.toContain('honour');
    expect(coverage.gaps.measuresWithoutLeadUnit).toHaveLength(sodertaljeMeasures.filter((m) => (m.lead ?? []).length === 0).length);
  });

  it('a plan without measures (Växjö) says so and reports no level gaps', async () => {
    const vaxjo = readSeed('vaxjo').plans[0]!;
    const goalNumbers: string[] = [];
    const walk = (nodes: SeedNode[]) => nodes.forEach((n) => (n.role === 'goal' && goalNumbers.push(n.number ?? ''), walk(n.children ?? [])));
    walk(vaxjo.nodes);
    const plan = (await api.get(`/api/v1/plans?organizationId=${org.vaxjo!.id}`)).body.items[0];
    const res = await api.get(`/api/v1/plans/${plan.id}/coverage`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hasMeasures: false, measureCount: 0, units: [] });
    expect(res.body.goals).toHaveLength(goalNumbers.length);
    expect(res.body.gaps.goalsWithoutMeasures).toEqual(res.body.goals.map((g: any) => g.nodeId));
    expect(res.body.gaps).toMatchObject({ goalLevelGaps: [], levelsWithoutMeasures: [], violenceFormsNotReached: [], targetGroupsNotReached: [], measuresWithoutLeadUnit: [] });
    expect(Object.values(res.body.levelTotals).every((n) => n === 0)).toBe(true);
  });

  it('a goal counts the measures of its whole subtree once', async () => {
    const units = unitIds.sodertalje!;
    const created = await api.post('/api/v1/plans', {
      organizationId: org.sodertalje!.id,
      title: 'Täckning',
      kind: 'plan',
      nodes: [
        {
          role: 'goal',
          number: '1',
          text: 'Mål',
          measures: [{ text: 'a', preventionLevels: ['universal', 'selective'], leadUnitIds: [units['Socialnämnden']] }],
          children: [{ role: 'goal', number: '1.1', text: 'Delmål', measures: [{ text: 'b', preventionLevels: ['indicated'], coUnitIds: [units['Socialnämnden']] }] }],
        },
        { role: 'goal', number: '2', text: 'Tomt mål' },
      ],
    });
    const coverage = (await api.get(`/api/v1/plans/${created.body.id}/coverage`)).body;
    expect(coverage.goals.map((g: any) => [g.number, g.depth, g.measureCount, g.byPreventionLevel])).toEqual([
      ['1', 0, 2, { universal: 1, selective: 1, indicated: 1 }],
      ['1.1', 1, 1, { universal: 0, selective: 0, indicated: 1 }],
      ['2', 0, 0, { universal: 0, selective: 0, indicated: 0 }],
    ]);
    expect(coverage.gaps.goalsWithoutMeasures).toEqual([coverage.goals[2].nodeId]);
    expect(coverage.gaps.goalLevelGaps).toEqual([]);
    expect(coverage.units).toEqual([
      expect.objectContaining({ name: 'Socialnämnden', lead: 1, co: 1, byGoal: { [coverage.goals[0].nodeId]: { lead: 1, co: 1 }, [coverage.goals[1].nodeId]: { lead: 0, co: 1 }, [coverage.goals[2].nodeId]: { lead: 0, co: 0 } } }),
    ]);
    expect(coverage.gaps.measuresWithoutLeadUnit).toHaveLength(1);
    expectError(await api.get('/api/v1/plans/00000000-0000-4000-8000-000000000000/coverage'), 404, 'not_found');
  });
});
