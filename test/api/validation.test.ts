import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationByCode, startTestApp, testDatabaseKind, type Client, type TestContext } from './harness.js';
import { api as checkedApi, contentCounts, expectError, expectValidation, nilUuid } from './helpers.js';

let ctx: TestContext;
let api: Client;
let sodertalje: { id: string };
let kalmar: { id: string };
let units: Record<string, string>;
let kalmarUnit: string;
/** A draft of Södertälje's with one goal and one measure, for the content routes. */
let draft: { planId: string; nodeId: string; measureId: string };

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = checkedApi(ctx);
  sodertalje = await organizationByCode(api, '0181');
  kalmar = await organizationByCode(api, '0880');
  units = Object.fromEntries((await api.get(`/api/v1/organizations/${sodertalje.id}/units`)).body.map((u: any) => [u.name, u.id]));
  kalmarUnit = (await api.get(`/api/v1/organizations/${kalmar.id}/units?q=sodermore`)).body[0].id;
  const created = await api.post('/api/v1/plans', {
    organizationId: sodertalje.id,
    title: 'Valideringsplan',
    kind: 'plan',
    nodes: [{ role: 'goal', number: '1', text: 'Mål', measures: [{ code: '1:1', text: 'Åtgärd', leadUnitIds: [units['Socialnämnden']] }] }],
  });
  const tree = (await api.get(`/api/v1/plans/${created.body.id}/tree`)).body;
  draft = { planId: created.body.id, nodeId: tree.nodes[0].id, measureId: tree.nodes[0].measures[0].id };
});
afterAll(async () => ctx?.close());

const planBody = (extra: Record<string, unknown> = {}) => ({ organizationId: sodertalje.id, title: 'En plan', kind: 'plan', ...extra });

describe(`validation at the edge on ${testDatabaseKind}`, () => {
  it('wrong types: each field named with invalid_type', async () => {
    expectValidation(await api.post('/api/v1/plans', { organizationId: 5, title: 12, kind: 'plan', nodes: 'all of them', sections: {} }), [
      { path: 'body.organizationId', code: 'invalid_type' },
      { path: 'body.title', code: 'invalid_type' },
      { path: 'body.nodes', code: 'invalid_type' },
      { path: 'body.sections', code: 'invalid_type' },
    ]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: ['Socialnämnden'], kind: 'board', aliases: 'one' }), [
      { path: 'body.name', code: 'invalid_type' },
      { path: 'body.aliases', code: 'invalid_type' },
    ]);
    expectValidation(await api.patch(`/api/v1/measures/${draft.measureId}`, { version: '1', leadUnitIds: units['Socialnämnden'], examples: [1] }), [
      { path: 'body.version', code: 'invalid_type' },
      { path: 'body.leadUnitIds', code: 'invalid_type' },
      { path: 'body.examples.0', code: 'invalid_type' },
    ]);
    expectValidation(await api.patch(`/api/v1/nodes/${draft.nodeId}`, { version: 1.5 }), [{ path: 'body.version', code: 'invalid_type' }]);
    expectValidation(await api.patch(`/api/v1/nodes/${draft.nodeId}`, { version: null, text: null }), [
      { path: 'body.version', code: 'invalid_type' },
      { path: 'body.text', code: 'invalid_type' },
    ]);
    expectValidation(await api.post(`/api/v1/nodes/${draft.nodeId}/move`, { version: 1, parentId: 7, position: '0' }), [
      { path: 'body.parentId', code: 'invalid_type' },
      { path: 'body.position', code: 'invalid_type' },
    ]);
    expectValidation(await api.delete(`/api/v1/measures/${draft.measureId}?version=latest`), [{ path: 'querystring.version', code: 'invalid_type' }]);
    // The body itself of the wrong type.
    for (const body of ['[]', '"a plan"', '42', 'true', 'null']) {
      expectValidation(await api.raw('POST', '/api/v1/plans', body), [{ path: 'body', code: 'invalid_type' }]);
    }
  });

  it('missing required fields: each named with required', async () => {
    expectValidation(await api.post('/api/v1/plans', {}), [
      { path: 'body.organizationId', code: 'required' },
      { path: 'body.title', code: 'required' },
      { path: 'body.kind', code: 'required' },
    ]);
    expectValidation(await api.post(`/api/v1/plans/${draft.planId}/nodes`, { number: '2' }), [
      { path: 'body.role', code: 'required' },
      { path: 'body.text', code: 'required' },
    ]);
    expectValidation(await api.post(`/api/v1/nodes/${draft.nodeId}/measures`, { code: '1:2' }), [{ path: 'body.text', code: 'required' }]);
    // Blank is missing: text is trimmed.
    expectValidation(await api.post(`/api/v1/nodes/${draft.nodeId}/measures`, { text: '   ' }), [{ path: 'body.text', code: 'required' }]);
    expectValidation(await api.post(`/api/v1/plans/${draft.planId}/transitions`, {}), [
      { path: 'body.to', code: 'required' },
      { path: 'body.version', code: 'required' },
    ]);
    expectValidation(await api.post(`/api/v1/nodes/${draft.nodeId}/move`, {}), [
      { path: 'body.version', code: 'required' },
      { path: 'body.parentId', code: 'required' },
      { path: 'body.position', code: 'required' },
    ]);
    expectValidation(await api.post(`/api/v1/measures/${draft.measureId}/move`, { version: 1 }), [
      { path: 'body.nodeId', code: 'required' },
      { path: 'body.position', code: 'required' },
    ]);
    expectValidation(await api.patch(`/api/v1/plans/${draft.planId}`, { title: 'Utan version' }), [{ path: 'body.version', code: 'required' }]);
    expectValidation(await api.delete(`/api/v1/plans/${draft.planId}`), [{ path: 'querystring.version', code: 'required' }]);
    // Deep in a tree, with the whole path.
    expectValidation(await api.post('/api/v1/plans', planBody({ nodes: [{ role: 'goal', text: 'Mål', children: [{ role: 'strategy', text: 'S', measures: [{ code: 'x' }] }] }] })), [
      { path: 'body.nodes.0.children.0.measures.0.text', code: 'required' },
    ]);
  });

  it('unknown fields: the path ends with the key, code unrecognized_key', async () => {
    expectValidation(await api.post('/api/v1/plans', planBody({ colour: 'red' })), [{ path: 'body.colour', code: 'unrecognized_key' }]);
    expectValidation(await api.post('/api/v1/plans', planBody({ status: 'adopted' })), [{ path: 'body.status', code: 'unrecognized_key' }]);
    expectValidation(await api.post('/api/v1/plans', planBody({ decision: { body: 'KF', signedBy: 'Ordförande' } })), [{ path: 'body.decision.signedBy', code: 'unrecognized_key' }]);
    expectValidation(await api.post('/api/v1/plans', planBody({ nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Å', owner: 'x' }], children: [{ role: 'goal', text: 'Del', weight: 2 }] }] })), [
      { path: 'body.nodes.0.measures.0.owner', code: 'unrecognized_key' },
      { path: 'body.nodes.0.children.0.weight', code: 'unrecognized_key' },
    ]);
    expectValidation(await api.patch(`/api/v1/measures/${draft.measureId}`, { version: 1, id: draft.measureId, planId: draft.planId }), [
      { path: 'body.id', code: 'unrecognized_key' },
      { path: 'body.planId', code: 'unrecognized_key' },
    ]);
    expectValidation(await api.get(`/api/v1/organizations/${sodertalje.id}/units?name=x`), [{ path: 'querystring.name', code: 'unrecognized_key' }]);
  });

  it('invalid enum values: invalid_value with the allowed values in the message', async () => {
    const res = await api.post('/api/v1/plans', planBody({ kind: 'manifesto', followUpCadence: 'weekly' }));
    expectValidation(res, [
      { path: 'body.kind', code: 'invalid_value' },
      { path: 'body.followUpCadence', code: 'invalid_value' },
    ]);
    const kind = res.body.error.fields.find((f: any) => f.path === 'body.kind');
    expect(kind.message).toBe('Ogiltigt värde. Tillåtna värden: strategy, action_plan, plan, programme, activity_plan, measure_plan.');
    expectValidation(await api.post(`/api/v1/plans/${draft.planId}/nodes`, { role: 'chapter', text: 'x' }), [{ path: 'body.role', code: 'invalid_value' }]);
    expectValidation(await api.post(`/api/v1/nodes/${draft.nodeId}/measures`, { text: 'x', scope: 'global' }), [{ path: 'body.scope', code: 'invalid_value' }]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: 'x', kind: 'department' }), [{ path: 'body.kind', code: 'invalid_value' }]);
    expectValidation(await api.post('/api/v1/organizations', { code: '0115', name: 'x', kind: 'country' }), [{ path: 'body.kind', code: 'invalid_value' }]);
    expectValidation(await api.post(`/api/v1/plans/${draft.planId}/transitions`, { version: 1, to: 'published' }), [{ path: 'body.to', code: 'invalid_value' }]);
  });

  it('over-long strings and lists: too_big_string / too_big_array with the maximum', async () => {
    const res = await api.post('/api/v1/plans', planBody({ title: 'x'.repeat(501), summary: 'y'.repeat(5001) }));
    expectValidation(res, [
      { path: 'body.title', code: 'too_big_string' },
      { path: 'body.summary', code: 'too_big_string' },
    ]);
    expect(res.body.error.fields.find((f: any) => f.path === 'body.title').message).toBe('Får innehålla högst 500 tecken.');
    expectValidation(await api.post(`/api/v1/nodes/${draft.nodeId}/measures`, { text: 'x'.repeat(5001), code: 'c'.repeat(51), examples: ['e'.repeat(2001)] }), [
      { path: 'body.text', code: 'too_big_string' },
      { path: 'body.code', code: 'too_big_string' },
      { path: 'body.examples.0', code: 'too_big_string' },
    ]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: 'n'.repeat(201), kind: 'board', aliases: Array.from({ length: 31 }, (_, i) => `alias ${i}`) }), [
      { path: 'body.name', code: 'too_big_string' },
      { path: 'body.aliases', code: 'too_big_array' },
    ]);
    expectValidation(await api.post('/api/v1/plans', planBody({ nodes: Array.from({ length: 201 }, (_, i) => ({ role: 'goal', text: `Mål ${i}` })) })), [{ path: 'body.nodes', code: 'too_big_array' }]);
    expectValidation(await api.patch(`/api/v1/nodes/${draft.nodeId}`, { version: 3_000_000_000 }), [{ path: 'body.version', code: 'too_big_number' }]);
    expectValidation(await api.delete(`/api/v1/plans/${draft.planId}?version=99999999999`), [{ path: 'querystring.version', code: 'too_big_number' }]);
    expectValidation(await api.post(`/api/v1/plans/${draft.planId}/nodes`, { role: 'goal', text: 'x', position: 10_001 }), [{ path: 'body.position', code: 'too_big_number' }]);
  });

  it('malformed JSON, an empty body and a missing body', async () => {
    for (const body of ['{"title": ', '{title: "x"}', "{'a': 1}", '{"a": 1,}', '\u0000']) {
      const res = await api.raw('POST', '/api/v1/plans', body);
      expectError(res, 400, 'malformed_json');
      expect(res.body).toEqual({ error: { status: 400, code: 'malformed_json', message: 'Begäran är inte giltig JSON.' } });
    }
    expectError(await api.raw('PATCH', `/api/v1/plans/${draft.planId}`, '{"version": 1'), 400, 'malformed_json');
    // Declared JSON with nothing in it.
    expectError(await api.raw('POST', '/api/v1/plans', '', { 'content-type': 'application/json' }), 400, 'malformed_json');
    // No body at all: the body is required.
    expectValidation(await api.raw('POST', '/api/v1/plans', undefined), [{ path: 'body', code: 'required' }]);
    expectValidation(await api.raw('PATCH', `/api/v1/units/${units['Socialnämnden']}`, undefined), [{ path: 'body', code: 'required' }]);
    // An empty object is a body without its required fields.
    expectValidation(await api.patch(`/api/v1/units/${units['Socialnämnden']}`, {}), [{ path: 'body.version', code: 'required' }]);
  });

  it('a content type other than JSON is refused with 415', async () => {
    const json = JSON.stringify(planBody());
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
      const res = await api.raw('POST', '/api/v1/plans', json, { 'content-type': type });
      expectError(res, 415, 'unsupported_media_type');
      expect(res.body.error.message).toBe('Innehållstypen stöds inte. Skicka application/json.');
    }
    // JSON with a charset is JSON.
    expect((await api.raw('POST', '/api/v1/plans', json, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
  });

  it('a body larger than the limit is refused with 413', async () => {
    const before = await contentCounts(ctx);
    const res = await api.post('/api/v1/plans', planBody({ summary: 'x'.repeat(1024 * 1024 + 10) }));
    expectError(res, 413, 'body_too_large');
    expect(res.body.error.message).toBe('Begäran är för stor.');
    const en = await api.post('/api/v1/plans', planBody({ sections: [{ heading: 'h', body: 'y'.repeat(2 * 1024 * 1024) }] }), { 'accept-language': 'en' });
    expectError(en, 413, 'body_too_large');
    expect(en.body.error.message).toBe('The request is too large.');
    expect(await contentCounts(ctx)).toEqual(before);
  });

  it('NUL characters and absurd nesting are refused as field errors, not passed on to the database', async () => {
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: 'Social\u0000nämnden', kind: 'board' }), [{ path: 'body.name', code: 'invalid_character' }]);
    expectValidation(await api.post('/api/v1/plans', planBody({ nodes: [{ role: 'goal', text: 'ok', measures: [{ text: 'a\u0000b' }] }] })), [
      { path: 'body.nodes.0.measures.0.text', code: 'invalid_character' },
    ]);
    expectValidation(await api.get(`/api/v1/organizations/${sodertalje.id}/units?q=a%00b`), [{ path: 'querystring.q', code: 'invalid_character' }]);
    expectValidation(await api.get(`/api/v1/organizations/${sodertalje.id}/measures?q=%00`), [{ path: 'querystring.q', code: 'invalid_character' }]);
    expectValidation(await api.get(`/api/v1/plans?q=x%00`), [{ path: 'querystring.q', code: 'invalid_character' }]);
    // Half a surrogate pair is not text: it would be stored as something else than was sent.
    expectValidation(await api.raw('PATCH', `/api/v1/units/${units['Polisen']}`, '{"version": 1, "aliases": ["ok \\ud83d\\ude00", "bad \\ud800"]}'), [
      { path: 'body.aliases.1', code: 'invalid_character' },
    ]);

    const depth = 2000;
    const deep = '{"role":"goal","text":"x","children":['.repeat(depth) + '{"role":"goal","text":"x"}' + ']}'.repeat(depth);
    const res = await api.raw('POST', '/api/v1/plans', `{"organizationId":"${sodertalje.id}","title":"Djup","kind":"plan","nodes":[${deep}]}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields).toHaveLength(1);
    expect(res.body.error.fields[0]).toMatchObject({ code: 'too_deep', message: 'Är för djupt nästlad: högst 64 nivåer.' });
    expect(res.body.error.fields[0].path).toMatch(/^body\.nodes\.0(\.children\.0)+/);
    // A deep but reasonable tree is fine.
    let node: any = { role: 'goal', text: 'botten' };
    for (let i = 0; i < 20; i++) node = { role: 'goal', text: `nivå ${i}`, children: [node] };
    expect((await api.post('/api/v1/plans', planBody({ nodes: [node] }))).status).toBe(201);
  });
});

describe(`references, terms and rules on ${testDatabaseKind}`, () => {
  it('a unit of another organization is an unknown reference, wherever it is named', async () => {
    const before = await contentCounts(ctx);
    expectValidation(await api.post('/api/v1/plans', planBody({ ownerUnitId: kalmarUnit, nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Å', leadUnitIds: [units['Socialnämnden']], coUnitIds: [kalmarUnit] }] }] })), [
      { path: 'body.ownerUnitId', code: 'unknown_reference' },
      { path: 'body.nodes.0.measures.0.coUnitIds.0', code: 'unknown_reference' },
    ]);
    const res = await api.post(`/api/v1/nodes/${draft.nodeId}/measures`, { text: 'Å', leadUnitIds: [kalmarUnit] });
    expectValidation(res, [{ path: 'body.leadUnitIds.0', code: 'unknown_reference' }]);
    expect(res.body.error.fields[0].message).toBe(`Finns inte i organisationen ("${kalmarUnit}").`);
    expectValidation(await api.patch(`/api/v1/measures/${draft.measureId}`, { version: 1, coUnitIds: [kalmarUnit, nilUuid] }), [
      { path: 'body.coUnitIds.0', code: 'unknown_reference' },
      { path: 'body.coUnitIds.1', code: 'unknown_reference' },
    ]);
    expectValidation(await api.post('/api/v1/plans', planBody({ organizationId: nilUuid })), [{ path: 'body.organizationId', code: 'unknown_reference' }]);
    expectValidation(await api.post('/api/v1/plans', planBody({ organizationId: 'sodertalje' })), [{ path: 'body.organizationId', code: 'invalid_format' }]);
    expectValidation(await api.post(`/api/v1/nodes/${draft.nodeId}/measures`, { text: 'Å', leadUnitIds: ['socialnamnden'] }), [{ path: 'body.leadUnitIds.0', code: 'invalid_format' }]);
    expect(await contentCounts(ctx)).toEqual(before);
  });

  it('invalid term codes and framework links are refused per value', async () => {
    expectValidation(
      await api.post(`/api/v1/nodes/${draft.nodeId}/measures`, {
        text: 'Å',
        preventionLevels: ['universal', 'tertiary'],
        violenceForms: ['Physical'],
        targetGroups: ['victims_adults', 'victims_adults'],
        vulnerableGroups: ['minority_affiliation'],
        perspectives: ['child', 'astrological'],
        frameworkLinks: ['agenda2030:5', 'agenda2030:99', 'nonsense'],
      }),
      [
        { path: 'body.preventionLevels.1', code: 'unknown_term' },
        { path: 'body.violenceForms.0', code: 'unknown_term' },
        { path: 'body.targetGroups', code: 'duplicate_values' },
        { path: 'body.perspectives.1', code: 'unknown_term' },
        { path: 'body.frameworkLinks.1', code: 'unknown_framework_item' },
        { path: 'body.frameworkLinks.2', code: 'unknown_framework_item' },
      ],
    );
    // Södertälje's own term is not Kalmar's.
    const kalmarPlan = await api.post('/api/v1/plans', { organizationId: kalmar.id, title: 'x', kind: 'plan', nodes: [{ role: 'goal', text: 'Mål', preventionLevels: ['indicated'], measures: [{ text: 'Å', vulnerableGroups: ['minority_affiliation'] }] }] });
    expectValidation(kalmarPlan, [{ path: 'body.nodes.0.measures.0.vulnerableGroups.0', code: 'unknown_term' }]);
    const message = kalmarPlan.body.error.fields[0].message;
    expect(message).toBe('Okänt värde "minority_affiliation" i organisationens begreppslista.');
    expectValidation(await api.patch(`/api/v1/nodes/${draft.nodeId}`, { version: 1, preventionLevels: ['primary'], frameworkLinks: ['gender_equality:99'] }), [
      { path: 'body.preventionLevels.0', code: 'unknown_term' },
      { path: 'body.frameworkLinks.0', code: 'unknown_framework_item' },
    ]);
  });

  it('plan metadata is checked before anything is written: a period ending before it starts, a foreign owner unit', async () => {
    const before = await contentCounts(ctx);
    expectValidation(await api.post('/api/v1/plans', planBody({ validFrom: '2026-01-01', validTo: '2025-12-31', ownerUnitId: kalmarUnit })), [
      { path: 'body.validTo', code: 'before_valid_from' },
      { path: 'body.ownerUnitId', code: 'unknown_reference' },
    ]);
    expect(await contentCounts(ctx)).toEqual(before);
  });

  it('a unit cannot be both lead and co-responsible', async () => {
    const social = units['Socialnämnden'];
    expectValidation(await api.post(`/api/v1/nodes/${draft.nodeId}/measures`, { text: 'Å', leadUnitIds: [social, units['Kommunstyrelsen']], coUnitIds: [units['Omsorgsnämnden'], social] }), [
      { path: 'body.coUnitIds.1', code: 'unit_both_lead_and_co' },
    ]);
    const res = await api.post('/api/v1/plans', planBody({ nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Å', leadUnitIds: [social], coUnitIds: [social] }] }] }));
    expectValidation(res, [{ path: 'body.nodes.0.measures.0.coUnitIds.0', code: 'unit_both_lead_and_co' }]);
    expect(res.body.error.fields[0].message).toBe('En enhet kan inte vara både ansvarig och medansvarig.');
  });

  it('answers in Swedish by default and in English when asked', async () => {
    const body = { organizationId: sodertalje.id, title: '', kind: 'plan', validFrom: '2025-13-01', nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Å', leadUnitIds: [kalmarUnit] }] }] };
    const sv = await api.post('/api/v1/plans', body);
    const en = await api.post('/api/v1/plans', body, { 'accept-language': 'en' });
    const fields = [
      { path: 'body.title', code: 'required' },
      { path: 'body.validFrom', code: 'invalid_date' },
    ];
    expectValidation(sv, fields);
    expectValidation(en, fields);
    expect(sv.body.error.message).toBe('Uppgifterna innehåller fel. Rätta fälten nedan.');
    expect(en.body.error.message).toBe('The request has errors. Correct the fields below.');
    const messages = (res: any) => Object.fromEntries(res.body.error.fields.map((f: any) => [f.path, f.message]));
    expect(messages(sv)).toEqual({ 'body.title': 'Måste anges.', 'body.validFrom': 'Måste vara ett datum på formen ÅÅÅÅ-MM-DD.' });
    expect(messages(en)).toEqual({ 'body.title': 'Is required.', 'body.validFrom': 'Must be a date in the form YYYY-MM-DD.' });

    // Service-level refusals too, and the quality order of the header counts.
    const unknown = await api.post('/api/v1/plans', { ...body, title: 'ok', validFrom: null });
    const unknownEn = await api.post('/api/v1/plans', { ...body, title: 'ok', validFrom: null }, { 'accept-language': 'en-GB,en;q=0.9,sv;q=0.5' });
    expect(unknown.body.error.fields[0].message).toBe(`Finns inte i organisationen ("${kalmarUnit}").`);
    expect(unknownEn.body.error.fields[0].message).toBe(`Does not exist in the organization ("${kalmarUnit}").`);
    expect((await api.get(`/api/v1/plans/${nilUuid}`, { 'accept-language': 'en' })).body.error.message).toBe('Not found: the plan.');
    expect((await api.get(`/api/v1/plans/${nilUuid}`, { 'accept-language': 'de-DE' })).body.error.message).toBe('Hittades inte: planen.');
    expect((await api.get(`/api/v1/plans/${nilUuid}`, { 'accept-language': 'sv;q=0.2,en;q=0.8' })).body.error.message).toBe('Not found: the plan.');
    expect((await api.raw('POST', '/api/v1/plans', '{', { 'accept-language': 'en' })).body.error.message).toBe('The request is not valid JSON.');
  });
});

describe(`unknown ids on ${testDatabaseKind}`, () => {
  it('every route answers 404 not_found for a well-formed unknown uuid and for a non-uuid id', async () => {
    const routes: [string, (id: string) => string, unknown?][] = [
      ['GET', (id) => `/api/v1/organizations/${id}`],
      ['PATCH', (id) => `/api/v1/organizations/${id}`, { version: 1, name: 'x' }],
      ['GET', (id) => `/api/v1/organizations/${id}/units`],
      ['POST', (id) => `/api/v1/organizations/${id}/units`, { name: 'x', kind: 'board' }],
      ['GET', (id) => `/api/v1/organizations/${id}/taxonomies`],
      ['POST', (id) => `/api/v1/organizations/${id}/taxonomies/target_group/terms`, { sv: 'x', en: 'x' }],
      ['GET', (id) => `/api/v1/organizations/${id}/frameworks`],
      ['GET', (id) => `/api/v1/organizations/${id}/measures`],
      ['GET', (id) => `/api/v1/units/${id}`],
      ['PATCH', (id) => `/api/v1/units/${id}`, { version: 1 }],
      ['DELETE', (id) => `/api/v1/units/${id}?version=1`],
      ['GET', (id) => `/api/v1/plans/${id}`],
      ['PATCH', (id) => `/api/v1/plans/${id}`, { version: 1 }],
      ['DELETE', (id) => `/api/v1/plans/${id}?version=1`],
      ['GET', (id) => `/api/v1/plans/${id}/tree`],
      ['GET', (id) => `/api/v1/plans/${id}/coverage`],
      ['POST', (id) => `/api/v1/plans/${id}/transitions`, { version: 1, to: 'consultation' }],
      ['POST', (id) => `/api/v1/plans/${id}/revisions`, {}],
      ['GET', (id) => `/api/v1/plans/${id}/versions`],
      ['POST', (id) => `/api/v1/plans/${id}/versions`, {}],
      ['GET', (id) => `/api/v1/plans/${id}/versions/${id}`],
      ['GET', (id) => `/api/v1/plans/${draft.planId}/versions/${id}`],
      ['GET', (id) => `/api/v1/plans/${id}/diff?from=current`],
      ['POST', (id) => `/api/v1/plans/${id}/nodes`, { role: 'goal', text: 'x' }],
      ['PATCH', (id) => `/api/v1/nodes/${id}`, { version: 1 }],
      ['POST', (id) => `/api/v1/nodes/${id}/move`, { version: 1, parentId: null, position: 0 }],
      ['DELETE', (id) => `/api/v1/nodes/${id}?version=1`],
      ['POST', (id) => `/api/v1/nodes/${id}/measures`, { text: 'x' }],
      ['GET', (id) => `/api/v1/measures/${id}`],
      ['PATCH', (id) => `/api/v1/measures/${id}`, { version: 1 }],
      ['POST', (id) => `/api/v1/measures/${id}/move`, { version: 1, nodeId: draft.nodeId, position: 0 }],
      ['DELETE', (id) => `/api/v1/measures/${id}?version=1`],
    ];
    for (const id of [nilUuid, 'ffffffff-ffff-4fff-bfff-ffffffffffff', 'not-a-uuid', '1', 'x'.repeat(40), '%C3%A5%C3%A4%C3%B6']) {
      for (const [method, url, body] of routes) {
        const res = await api.raw(method as 'GET', url(id), body);
        expect(res.status, `${method} ${url(id)}: ${JSON.stringify(res.body)}`).toBe(404);
        expect(res.body.error).toMatchObject({ status: 404, code: 'not_found' });
        expect(res.body.error.message).toMatch(/^Hittades inte: /);
      }
    }
    // An id longer than the router indexes, or with a broken %-escape: still "not found", in our shape.
    const long = await api.get(`/api/v1/plans/${'a'.repeat(101)}`);
    expectError(long, 404, 'not_found');
    expect(long.body.error.message).toBe('Hittades inte: planen.');
    expectError(await api.patch(`/api/v1/measures/${'b'.repeat(500)}`, { version: 1 }), 404, 'not_found');
    const broken = await api.get('/api/v1/units/%E0%A4%A', { 'accept-language': 'en' });
    expectError(broken, 404, 'not_found');
    expect(broken.body.error.message).toBe('Not found: the unit.');
    expectError(await api.get('/api/v1/%E0%A4%A/x'), 404, 'route_not_found');
  });
});

describe(`garbage on every write route on ${testDatabaseKind}`, () => {
  it('answers 4xx with the error shape, never 5xx', async () => {
    const routes: [string, string][] = [
      ['POST', '/api/v1/organizations'],
      ['PATCH', `/api/v1/organizations/${sodertalje.id}`],
      ['POST', `/api/v1/organizations/${sodertalje.id}/units`],
      ['PATCH', `/api/v1/units/${units['Polisen']}`],
      ['POST', `/api/v1/organizations/${sodertalje.id}/taxonomies/perspective/terms`],
      ['POST', '/api/v1/plans'],
      ['PATCH', `/api/v1/plans/${draft.planId}`],
      ['POST', `/api/v1/plans/${draft.planId}/transitions`],
      ['POST', `/api/v1/plans/${draft.planId}/revisions`],
      ['POST', `/api/v1/plans/${draft.planId}/versions`],
      ['POST', `/api/v1/plans/${draft.planId}/nodes`],
      ['PATCH', `/api/v1/nodes/${draft.nodeId}`],
      ['POST', `/api/v1/nodes/${draft.nodeId}/move`],
      ['POST', `/api/v1/nodes/${draft.nodeId}/measures`],
      ['PATCH', `/api/v1/measures/${draft.measureId}`],
      ['POST', `/api/v1/measures/${draft.measureId}/move`],
    ];
    const garbage = [
      'null',
      '[]',
      '[{}]',
      '"text"',
      '-1',
      '{"version": -1}',
      '{"version": 0}',
      '{"version": 1e300}',
      '{"version": 1, "title": {"$ne": null}}',
      '{"version": 1, "text": ["a"]}',
      '{"version": 1, "name": "\\ud800"}',
      '{"version": 1, "__proto__": {"admin": true}}',
      '{"version": 1, "constructor": {"prototype": {}}}',
      '{"version": 1, "position": 1e9, "parentId": null, "nodeId": "00000000-0000-4000-8000-000000000000"}',
      '{"a":'.repeat(100) + '1' + '}'.repeat(100),
      '{"version": 1, "leadUnitIds": ["00000000-0000-4000-8000-000000000000", 5]}',
      '{"version": 1, "validFrom": "2024-02-30"}',
      '{"version": 1, "organizationId": "00000000-0000-4000-8000-000000000000", "title": "t", "kind": "plan", "nodes": [{"role": "goal", "text": "x", "children": [{"role": "need", "text": "y", "measures": [{"text": "z", "parentMeasureId": "00000000-0000-4000-8000-000000000000"}]}]}]}',
    ];
    const before = await contentCounts(ctx);
    for (const [method, url] of routes) {
      for (const body of garbage) {
        const res = await api.raw(method as 'POST', url, body);
        expect(res.status, `${method} ${url} ${body.slice(0, 80)} → ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.error.status).toBe(res.status);
        expect(typeof res.body.error.code).toBe('string');
        expect(typeof res.body.error.message).toBe('string');
      }
    }
    expect(await contentCounts(ctx)).toEqual(before);
  });
});
