import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationByCode, startTestApp, testDatabaseKind, type Client, type TestContext } from './harness.js';
import { api as checkedApi, expectError, expectValidation, nilUuid, readSeed } from './helpers.js';

let ctx: TestContext;
let api: Client;
let kalmar: { id: string };
let sodertalje: { id: string };

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = checkedApi(ctx);
  kalmar = await organizationByCode(api, '0880');
  sodertalje = await organizationByCode(api, '0181');
});
afterAll(async () => ctx?.close());

describe(`organizations on ${testDatabaseKind}`, () => {
  it('lists the seeded organizations with their plan counts, sorted by name', async () => {
    const res = await api.get('/api/v1/organizations');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.map((o: any) => [o.code, o]));
    expect(Object.keys(byCode).sort()).toEqual(['0181', '0580', '0780', '0880', '1280']);
    for (const name of ['kalmar', 'sodertalje', 'vaxjo', 'malmo', 'linkoping']) {
      const seed = readSeed(name);
      expect(byCode[seed.organization.code]).toMatchObject({ name: seed.organization.name, kind: 'municipality', planCount: seed.plans.length, version: 1 });
    }
    const names = res.body.map((o: any) => o.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('creates, reads and renames an organization, with optimistic concurrency', async () => {
    const created = await api.post('/api/v1/organizations', { code: '0114', name: 'Upplands Väsby kommun' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: '0114', name: 'Upplands Väsby kommun', kind: 'municipality', version: 1 });
    expect(created.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const read = await api.get(`/api/v1/organizations/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const renamed = await api.patch(`/api/v1/organizations/${created.body.id}`, { version: 1, name: 'Upplands Väsby' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Upplands Väsby', version: 2 });

    const stale = await api.patch(`/api/v1/organizations/${created.body.id}`, { version: 1, name: 'Väsby' });
    expectError(stale, 409, 'version_conflict');
    expect(stale.body.error.current).toMatchObject({ id: created.body.id, name: 'Upplands Väsby', version: 2 });

    const list = await api.get('/api/v1/organizations');
    expect(list.body.find((o: any) => o.code === '0114')).toMatchObject({ planCount: 0 });
  });

  it('creates a region with its county code and refuses unknown and duplicate codes', async () => {
    const region = await api.post('/api/v1/organizations', { code: '0008', name: 'Region Kalmar län', kind: 'region' });
    expect(region.status).toBe(201);
    expect(region.body.kind).toBe('region');

    expectValidation(await api.post('/api/v1/organizations', { code: '9999', name: 'Nowhere' }), [{ path: 'body.code', code: 'unknown_organization_code' }]);
    expectValidation(await api.post('/api/v1/organizations', { code: '0880', name: 'Kalmar again' }), [{ path: 'body.code', code: 'already_exists' }]);
    expectValidation(await api.post('/api/v1/organizations', { code: '880', name: 'Kalmar' }), [{ path: 'body.code', code: 'invalid_format' }]);
  });

  it('answers 404 for unknown organizations, whether the id is a uuid or not', async () => {
    for (const id of [nilUuid, 'not-a-uuid', '12345']) {
      expectError(await api.get(`/api/v1/organizations/${id}`), 404, 'not_found');
      expectError(await api.patch(`/api/v1/organizations/${id}`, { version: 1, name: 'x' }), 404, 'not_found');
      expectError(await api.get(`/api/v1/organizations/${id}/units`), 404, 'not_found');
      expectError(await api.post(`/api/v1/organizations/${id}/units`, { name: 'x', kind: 'board' }), 404, 'not_found');
      expectError(await api.get(`/api/v1/organizations/${id}/taxonomies`), 404, 'not_found');
      expectError(await api.post(`/api/v1/organizations/${id}/taxonomies/violence_form/terms`, { sv: 'x', en: 'x' }), 404, 'not_found');
      expectError(await api.get(`/api/v1/organizations/${id}/frameworks`), 404, 'not_found');
      expectError(await api.get(`/api/v1/organizations/${id}/measures`), 404, 'not_found');
    }
  });
});

describe(`units on ${testDatabaseKind}`, () => {
  it('lists an organization’s units sorted by name, only its own', async () => {
    const seed = readSeed('sodertalje');
    const res = await api.get(`/api/v1/organizations/${sodertalje.id}/units`);
    expect(res.status).toBe(200);
    expect(res.body.map((u: any) => u.name).sort()).toEqual(seed.units.map((u) => u.name).sort());
    expect(res.body.every((u: any) => u.organizationId === sodertalje.id)).toBe(true);
    const ksk = res.body.find((u: any) => u.name === 'Kommunstyrelsens kontor');
    expect(ksk).toMatchObject({ shortName: 'Ksk', kind: 'administration', aliases: ['Kommunstyrelsens kontor (Ksk)', 'Ksk'] });
  });

  it('finds Kalmar’s Södermöre unit by any spelling of its aliases, in any case, without diacritics', async () => {
    const expectSodermore = async (q: string) => {
      const res = await api.get(`/api/v1/organizations/${kalmar.id}/units?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const names = res.body.map((u: any) => u.name);
      expect(names, q).toContain('Södermöre kommundelsförvaltning');
      expect(res.body.every((u: any) => u.organizationId === kalmar.id)).toBe(true);
      return names as string[];
    };
    await expectSodermore('Södermøre');
    await expectSodermore('sodermore');
    await expectSodermore('SÖDERMÖRE');
    // Only an alias says "kommunledningsförvaltning": the unit is found through it.
    expect(await expectSodermore('sodermore kommunledningsforvaltning')).toEqual(['Södermöre kommundelsförvaltning']);
    expect(await expectSodermore('Södermøre kommunaldelsförvaltning')).toEqual(['Södermöre kommundelsförvaltning']);

    const none = await api.get(`/api/v1/organizations/${kalmar.id}/units?q=${encodeURIComponent('Södermöre Socialnämnden xyz')}`);
    expect(none.body).toEqual([]);
    // Another organization's units are never found.
    const elsewhere = await api.get(`/api/v1/organizations/${sodertalje.id}/units?q=sodermore`);
    expect(elsewhere.body).toEqual([]);
  });

  it('creates, reads, updates (aliases become searchable) and deletes a unit', async () => {
    const created = await api.post(`/api/v1/organizations/${sodertalje.id}/units`, {
      name: 'Barn- och utbildningsnämnden',
      shortName: 'BUN',
      kind: 'board',
      aliases: ['Barn och utbildning'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organizationId: sodertalje.id, name: 'Barn- och utbildningsnämnden', shortName: 'BUN', kind: 'board', aliases: ['Barn och utbildning'], version: 1 });

    const read = await api.get(`/api/v1/units/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const updated = await api.patch(`/api/v1/units/${created.body.id}`, { version: 1, aliases: ['Barn och utbildning', 'Bildningsnämnden Øst'], shortName: null });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Barn- och utbildningsnämnden', shortName: null, aliases: ['Barn och utbildning', 'Bildningsnämnden Øst'], version: 2 });

    const found = await api.get(`/api/v1/organizations/${sodertalje.id}/units?q=bildningsnamnden%20ost`);
    expect(found.body.map((u: any) => u.id)).toEqual([created.body.id]);
    const byShortNameGone = await api.get(`/api/v1/organizations/${sodertalje.id}/units?q=BUN`);
    expect(byShortNameGone.body.map((u: any) => u.id)).not.toContain(created.body.id);

    const stale = await api.delete(`/api/v1/units/${created.body.id}?version=1`);
    expectError(stale, 409, 'version_conflict');
    expect(stale.body.error.current).toMatchObject({ id: created.body.id, version: 2 });

    expect((await api.delete(`/api/v1/units/${created.body.id}?version=2`)).status).toBe(204);
    expectError(await api.get(`/api/v1/units/${created.body.id}`), 404, 'not_found');
    expectError(await api.delete(`/api/v1/units/${created.body.id}?version=2`), 404, 'not_found');
  });

  it('refuses a duplicate name, duplicate aliases and deleting a unit that measures refer to', async () => {
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: 'Socialnämnden', kind: 'board' }), [{ path: 'body.name', code: 'already_exists' }]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: 'Ny nämnd', kind: 'board', aliases: ['Annan', 'ANNAN'] }), [
      { path: 'body.aliases.1', code: 'duplicate_values' },
    ]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/units`, { name: 'Ny nämnd', kind: 'board', aliases: ['ny namnd'] }), [
      { path: 'body.aliases.0', code: 'duplicate_values' },
    ]);
    // The same name in another organization is fine.
    expect((await api.post(`/api/v1/organizations/${kalmar.id}/units`, { name: 'Telge Bostäder', kind: 'company' })).status).toBe(201);

    const units = (await api.get(`/api/v1/organizations/${sodertalje.id}/units`)).body;
    const social = units.find((u: any) => u.name === 'Socialnämnden');
    const other = units.find((u: any) => u.name === 'Omsorgsnämnden');
    expectValidation(await api.patch(`/api/v1/units/${other.id}`, { version: other.version, name: 'Socialnämnden' }), [{ path: 'body.name', code: 'already_exists' }]);

    const inUse = await api.delete(`/api/v1/units/${social.id}?version=${social.version}`);
    expectError(inUse, 409, 'unit_in_use');
    expect(inUse.body.error.message).toMatch(/\d+ åtgärder/);
    expect((await api.get(`/api/v1/units/${social.id}`)).status).toBe(200);
  });

  it('answers 404 for unknown unit ids, uuid or not', async () => {
    for (const id of [nilUuid, 'nope']) {
      expectError(await api.get(`/api/v1/units/${id}`), 404, 'not_found');
      expectError(await api.patch(`/api/v1/units/${id}`, { version: 1, name: 'x' }), 404, 'not_found');
      expectError(await api.delete(`/api/v1/units/${id}?version=1`), 404, 'not_found');
    }
  });
});

describe(`taxonomies and frameworks on ${testDatabaseKind}`, () => {
  it('lists the national terms and the organization’s own, per taxonomy', async () => {
    const res = await api.get(`/api/v1/organizations/${sodertalje.id}/taxonomies`);
    expect(res.status).toBe(200);
    expect(res.body.map((t: any) => t.taxonomy)).toEqual(['prevention_level', 'violence_form', 'target_group', 'vulnerable_group', 'perspective']);
    const levels = res.body.find((t: any) => t.taxonomy === 'prevention_level').terms;
    expect(levels.map((t: any) => [t.code, t.sv, t.national])).toEqual([
      ['universal', 'Universell', true],
      ['selective', 'Selektiv', true],
      ['indicated', 'Indikerad', true],
    ]);
    const vulnerable = res.body.find((t: any) => t.taxonomy === 'vulnerable_group').terms;
    expect(vulnerable.find((t: any) => t.code === 'minority_affiliation')).toMatchObject({ national: false, sv: 'Personer med minoritetstillhörighet', en: 'People belonging to a minority' });

    // Södertälje's own terms are not Kalmar's.
    const other = await api.get(`/api/v1/organizations/${kalmar.id}/taxonomies`);
    const otherVulnerable = other.body.find((t: any) => t.taxonomy === 'vulnerable_group').terms;
    expect(otherVulnerable.map((t: any) => t.code)).not.toContain('minority_affiliation');
  });

  it('adds a term, deriving its code from the Swedish label, and refuses a duplicate', async () => {
    const added = await api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/violence_form/terms`, { sv: 'Nätvåld mot äldre', en: 'Online violence against older people' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ taxonomy: 'violence_form', code: 'natvald_mot_aldre', sv: 'Nätvåld mot äldre', national: false });

    const withCode = await api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/target_group/terms`, { code: 'students', sv: 'Studenter', en: 'Students' });
    expect(withCode.status).toBe(201);
    expect(withCode.body.code).toBe('students');

    const list = await api.get(`/api/v1/organizations/${sodertalje.id}/taxonomies`);
    const forms = list.body.find((t: any) => t.taxonomy === 'violence_form').terms;
    expect(forms.at(-1)).toMatchObject({ code: 'natvald_mot_aldre', national: false });

    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/violence_form/terms`, { sv: 'Nätvåld mot äldre', en: 'x' }), [{ path: 'body.sv', code: 'already_exists' }]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/target_group/terms`, { code: 'students', sv: 'Elever', en: 'Pupils' }), [{ path: 'body.code', code: 'already_exists' }]);
    // A national code cannot be taken either.
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/prevention_level/terms`, { code: 'indicated', sv: 'Indikerad', en: 'Indicated' }), [
      { path: 'body.code', code: 'already_exists' },
    ]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/violence_form/terms`, { code: 'Bad Code', sv: 'x', en: 'x' }), [{ path: 'body.code', code: 'invalid_format' }]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/colours/terms`, { sv: 'Röd', en: 'Red' }), [{ path: 'params.taxonomy', code: 'invalid_value' }]);
    expectValidation(await api.post(`/api/v1/organizations/${sodertalje.id}/taxonomies/violence_form/terms`, { en: 'x' }), [{ path: 'body.sv', code: 'required' }]);
  });

  it('lists national frameworks for everyone and local frameworks for their organization only', async () => {
    const res = await api.get(`/api/v1/organizations/${sodertalje.id}/frameworks`);
    expect(res.status).toBe(200);
    const codes = res.body.map((f: any) => f.code);
    expect(codes).toContain('agenda2030');
    expect(codes).toContain('sodertalje_mal_och_budget');
    const local = res.body.find((f: any) => f.code === 'sodertalje_folkhalsostrategi');
    expect(local).toMatchObject({ national: false });
    expect(local.items).toEqual([expect.objectContaining({ ref: 'sodertalje_folkhalsostrategi:6L', code: '6L' })]);
    const agenda = res.body.find((f: any) => f.code === 'agenda2030');
    expect(agenda.national).toBe(true);
    expect(agenda.items.map((i: any) => i.ref)).toContain('agenda2030:5');

    const kalmarFrameworks = await api.get(`/api/v1/organizations/${kalmar.id}/frameworks`);
    expect(kalmarFrameworks.body.map((f: any) => f.code)).not.toContain('sodertalje_mal_och_budget');
  });
});
