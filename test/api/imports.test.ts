import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationByCode, startTestApp, testDatabaseKind, type ApiResponse, type Client, type TestContext } from './harness.js';
import { api as checkedApi, contentCounts, expectError, expectValidation, nilUuid, readSeed, seedMeasures, type SeedNode } from './helpers.js';

/*
 * The import interfaces: an upload answers a preview of the structure found (and stores nothing);
 * a reviewed structure becomes a draft plan, with the units it needs created first, in one transaction.
 */

let ctx: TestContext;
let api: Client;
let sodertalje: { id: string };
let units: Record<string, string>;

const fixturesDir = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

/** The Södertälje plan as text (the importer's committed fixture, made from the shared seed). */
function sodertaljeText(): { name: string; bytes: Buffer } {
  return { name: 'sodertalje-handlingsplan-2024-2027.txt', bytes: readFileSync(`${fixturesDir}sodertalje.txt`) };
}

/** A multipart/form-data body with the given parts, as a browser would send it. */
function multipart(parts: { name: string; filename?: string; type?: string; content: Buffer | string }[]) {
  const boundary = `----fridplan${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`));
    chunks.push(typeof part.content === 'string' ? Buffer.from(part.content) : part.content);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(organizationId: string, parts: Parameters<typeof multipart>[0], language = 'sv'): Promise<ApiResponse> {
  const { payload, contentType } = multipart(parts);
  const raw = await ctx.app.inject({ method: 'POST', url: `/api/v1/organizations/${organizationId}/imports`, payload, headers: { 'content-type': contentType, 'accept-language': language, cookie: ctx.admin.cookie, 'x-csrf-token': ctx.admin.csrfToken } });
  expect(raw.statusCode, raw.body.slice(0, 500)).toBeLessThan(500);
  return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : undefined, raw };
}

const file = (filename: string, content: Buffer | string, type = 'application/octet-stream') => [{ name: 'file', filename, type, content }];

async function unitCount(organizationId: string): Promise<number> {
  return (await api.get(`/api/v1/organizations/${organizationId}/units`)).body.length;
}

/** Counts through a preview's tree: goal nodes, all nodes and measures. */
function previewCounts(nodes: any[]): { goals: number; nodes: number; measures: number } {
  const counts = { goals: 0, nodes: 0, measures: 0 };
  const walk = (list: any[]) => {
    for (const node of list) {
      counts.nodes++;
      if (node.role === 'goal') counts.goals++;
      counts.measures += node.measures.length;
      walk(node.children);
    }
  };
  walk(nodes);
  return counts;
}

function seedGoalCount(nodes: SeedNode[]): number {
  return nodes.reduce((n, node) => n + (node.role === 'goal' ? 1 : 0) + seedGoalCount(node.children ?? []), 0);
}

/** Every refusal of an upload: its status and code, and the same message at the field `body.file`. */
function expectFileRefusal(response: ApiResponse, status: number, code: string): void {
  expectError(response, status, code);
  expect(response.body.error.fields).toEqual([{ path: 'body.file', code, message: response.body.error.message }]);
}

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  api = checkedApi(ctx);
  sodertalje = await organizationByCode(api, '0181');
  units = Object.fromEntries((await api.get(`/api/v1/organizations/${sodertalje.id}/units`)).body.map((u: any) => [u.name, u.id]));
});
afterAll(async () => ctx?.close());

describe(`import preview on ${testDatabaseKind}`, () => {
  it('reads the Södertälje plan: its goals and measures, with units resolved against the organization, and stores nothing', async () => {
    const before = { ...(await contentCounts(ctx)), units: await unitCount(sodertalje.id) };
    const { name, bytes } = sodertaljeText();
    const res = await upload(sodertalje.id, file(name, bytes, 'text/plain'));
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const preview = res.body;
    expect(preview.format).toBe('txt');
    expect(preview.lines.length).toBeGreaterThan(100);

    const seedPlan = readSeed('sodertalje').plans[0]!;
    const counts = previewCounts(preview.nodes);
    expect(counts.goals).toBe(seedGoalCount(seedPlan.nodes));
    expect(counts.measures).toBe(seedMeasures(seedPlan).length);
    expect(preview.stats).toMatchObject({ measures: counts.measures });
    expect(preview.metadata.title?.value).toContain('Fri från våld 2024–2027');
    expect(preview.metadata.registryNumber?.value).toContain('KS 23/189');

    // Every source range points into the lines, and every confidence is between 0 and 1.
    const walk = (nodes: any[]) => {
      for (const node of nodes) {
        for (const item of [node, ...node.measures]) {
          expect(item.source.from).toBeGreaterThanOrEqual(1);
          expect(item.source.to).toBeGreaterThanOrEqual(item.source.from);
          expect(item.source.to).toBeLessThanOrEqual(preview.lines.length);
          expect(item.confidence).toBeGreaterThanOrEqual(0);
          expect(item.confidence).toBeLessThanOrEqual(1);
        }
        walk(node.children);
      }
    };
    walk(preview.nodes);

    // The units the document names are Södertälje's own: a match carries the organization's unit id.
    expect(preview.units.length).toBeGreaterThan(5);
    const matched = preview.units.filter((u: any) => u.unitId);
    expect(matched.length).toBeGreaterThan(0);
    for (const u of matched) expect(Object.values(units)).toContain(u.unitId);
    expect(preview.units.find((u: any) => u.text === 'Socialnämnden')).toMatchObject({ unitId: units['Socialnämnden'], proposeNew: false });

    expect({ ...(await contentCounts(ctx)), units: await unitCount(sodertalje.id) }).toEqual(before);
  });

  it('reads the same plan as DOCX and PDF, and refuses an encrypted PDF', async () => {
    const measures = seedMeasures(readSeed('sodertalje').plans[0]!).length;
    for (const [name, type] of [
      ['sodertalje.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['sodertalje.pdf', 'application/pdf'],
    ] as const) {
      const res = await upload(sodertalje.id, file(name, readFileSync(fixturesDir + name), type));
      expect(res.status, `${name}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      expect(res.body.format).toBe(name.split('.').pop());
      expect(previewCounts(res.body.nodes).measures, name).toBe(measures);
    }
    expectFileRefusal(await upload(sodertalje.id, file('encrypted.pdf', readFileSync(`${fixturesDir}encrypted.pdf`), 'application/pdf')), 400, 'import_encrypted');
  });

  it('gives a file without an extension the type it was sent with', async () => {
    const res = await upload(sodertalje.id, file('plan', 'Handlingsplan mot våld 2025\n\nFokusområde 1: Kommunen arbetar förebyggande\n', 'text/plain'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.format).toBe('txt');
  });

  it('refuses an unsupported type (415), an empty file (400) and a file over the limit (413), in the user’s language', async () => {
    const before = await contentCounts(ctx);
    const unsupported = await upload(sodertalje.id, file('plan.xlsx', Buffer.from('PK\u0003\u0004not really a workbook'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
    expectFileRefusal(unsupported, 415, 'import_unsupported_format');
    expect(unsupported.body.error.message).toMatch(/Filtypen stöds inte/);
    const unsupportedEn = await upload(sodertalje.id, file('plan.xlsx', 'x'), 'en');
    expectFileRefusal(unsupportedEn, 415, 'import_unsupported_format');
    expect(unsupportedEn.body.error.message).toMatch(/not supported/);

    expectFileRefusal(await upload(sodertalje.id, file('tom.txt', '', 'text/plain')), 400, 'import_empty');
    expectFileRefusal(await upload(sodertalje.id, file('blank.md', '   \n\n  \n', 'text/markdown')), 400, 'import_empty');

    const tooLarge = await upload(sodertalje.id, file('stor.txt', Buffer.alloc(20 * 1024 * 1024 + 1, 'a'), 'text/plain'));
    expectFileRefusal(tooLarge, 413, 'import_too_large');
    expect(tooLarge.body.error.message).toContain('20 MB');
    expect(await contentCounts(ctx)).toEqual(before);
  });

  it('answers a damaged document as unreadable, not as a server error', async () => {
    const res = await upload(sodertalje.id, file('trasig.docx', Buffer.from('PK\u0003\u0004 this is not a zip archive at all'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'));
    expect([400, 415]).toContain(res.status);
    expect(res.body.error.fields[0].path).toBe('body.file');
    const pdf = await upload(sodertalje.id, file('trasig.pdf', Buffer.from('%PDF-1.7\n garbage without objects'), 'application/pdf'));
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.fields[0].path).toBe('body.file');
  });

  it('wants multipart with a file in the field "file"', async () => {
    expectError(await api.post(`/api/v1/organizations/${sodertalje.id}/imports`, { file: 'text' }), 415, 'import_not_multipart');
    const text = await ctx.app.inject({ method: 'POST', url: `/api/v1/organizations/${sodertalje.id}/imports`, payload: 'Fokusområde 1', headers: { 'content-type': 'text/plain', cookie: ctx.admin.cookie, 'x-csrf-token': ctx.admin.csrfToken } });
    expect(text.statusCode).toBe(415);
    expect(JSON.parse(text.body).error.code).toBe('import_not_multipart');

    expectValidation(await upload(sodertalje.id, [{ name: 'title', content: 'only a field' }]), [{ path: 'body.file', code: 'required' }]);
    expectValidation(await upload(sodertalje.id, [{ name: 'document', filename: 'plan.txt', type: 'text/plain', content: 'Fokusområde 1' }]), [{ path: 'body.file', code: 'import_file_field' }]);
    expectFileRefusal(
      await upload(sodertalje.id, [
        { name: 'file', filename: 'a.txt', type: 'text/plain', content: 'a' },
        { name: 'file', filename: 'b.txt', type: 'text/plain', content: 'b' },
      ]),
      400,
      'import_one_file',
    );
  });

  it('answers 404 for an unknown organization', async () => {
    for (const id of [nilUuid, 'not-a-uuid']) expectError(await upload(id, file('plan.txt', 'Fokusområde 1: x', 'text/plain')), 404, 'not_found');
    expectError(await api.post(`/api/v1/organizations/${nilUuid}/imports/drafts`, { title: 'x', kind: 'plan' }), 404, 'not_found');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await api.get('/api/v1/openapi.json')).body;
    expect(doc.paths['/api/v1/organizations/{organizationId}/imports'].post).toBeDefined();
    expect(doc.paths['/api/v1/organizations/{organizationId}/imports/drafts'].post).toBeDefined();
  });
});

describe(`drafts from an import on ${testDatabaseKind}`, () => {
  it('creates a draft plan with a new unit, referred to by its key, in one request', async () => {
    const res = await api.post(`/api/v1/organizations/${sodertalje.id}/imports/drafts`, {
      title: 'Importerad handlingsplan 2025–2028',
      kind: 'action_plan',
      validFrom: '2025-01-01',
      validTo: '2028-12-31',
      decision: { body: 'Kommunstyrelsen', date: '2024-12-10', paragraph: '§ 12' },
      registryNumber: 'KS 24/77',
      replacesReference: 'Handlingsplan Fri från våld 2024–2027',
      ownerUnitId: 'new-1',
      newUnits: [{ key: 'new-1', name: 'Ungdomsrådet i Södertälje', kind: 'council', aliases: ['Ungdomsrådet'] }],
      nodes: [
        {
          role: 'goal',
          label: 'Fokusområde',
          number: '1',
          text: 'Kommunen arbetar våldsförebyggande',
          children: [{ role: 'condition', text: 'Kunskap finns om våldsförebyggande metoder.' }],
          measures: [
            { code: '1:1', text: 'Genomföra utbildningar.', leadUnitIds: [units['Socialnämnden']], coUnitIds: ['new-1'], preventionLevels: ['universal'] },
            { code: '1:2', text: 'Ungdomsrådet arrangerar en temadag.', leadUnitIds: ['new-1'] },
          ],
        },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.plan).toMatchObject({ title: 'Importerad handlingsplan 2025–2028', status: 'draft', kind: 'action_plan', registryNumber: 'KS 24/77', decision: { body: 'Kommunstyrelsen', date: '2024-12-10', paragraph: '§ 12' }, version: 1 });
    expect(res.body.createdUnits).toEqual([{ key: 'new-1', id: expect.any(String), name: 'Ungdomsrådet i Södertälje', kind: 'council' }]);
    const newUnitId = res.body.createdUnits[0].id;
    expect(res.body.plan.ownerUnitId).toBe(newUnitId);

    const unit = await api.get(`/api/v1/units/${newUnitId}`);
    expect(unit.body).toMatchObject({ organizationId: sodertalje.id, name: 'Ungdomsrådet i Södertälje', aliases: ['Ungdomsrådet'] });

    const tree = (await api.get(`/api/v1/plans/${res.body.plan.id}/tree`)).body;
    expect(tree.nodes).toHaveLength(1);
    expect(tree.nodes[0]).toMatchObject({ role: 'goal', label: 'Fokusområde', number: '1' });
    expect(tree.nodes[0].children[0]).toMatchObject({ role: 'condition', text: 'Kunskap finns om våldsförebyggande metoder.' });
    expect(tree.nodes[0].measures.map((m: any) => [m.code, m.leadUnitIds, m.coUnitIds, m.preventionLevels])).toEqual([
      ['1:1', [units['Socialnämnden']], [newUnitId], ['universal']],
      ['1:2', [newUnitId], [], []],
    ]);
  });

  it('refuses bad input with the paths of every problem, and stores nothing', async () => {
    const before = { ...(await contentCounts(ctx)), units: await unitCount(sodertalje.id) };
    const res = await api.post(`/api/v1/organizations/${sodertalje.id}/imports/drafts`, {
      kind: 'action_plan',
      newUnits: [{ key: 'x', name: 'Ny enhet', kind: 'nonsense' }],
      nodes: [{ role: 'goal', text: '', measures: [{ text: 'Åtgärd', leadUnitIds: [] }] }],
    });
    expectValidation(res, [
      { path: 'body.title', code: 'required' },
      { path: 'body.newUnits.0.kind', code: 'invalid_value' },
      { path: 'body.nodes.0.text', code: 'required' },
    ]);

    const references = await api.post(`/api/v1/organizations/${sodertalje.id}/imports/drafts`, {
      title: 'Plan',
      kind: 'plan',
      ownerUnitId: nilUuid,
      newUnits: [
        { key: 'a', name: 'Socialnämnden', kind: 'board' },
        { key: 'b', name: 'Helt ny nämnd', kind: 'board' },
        { key: 'b', name: 'Helt ny nämnd', kind: 'board' },
      ],
      nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd', leadUnitIds: ['unknown-key'], coUnitIds: [nilUuid] }] }],
    });
    expectValidation(references, [
      { path: 'body.ownerUnitId', code: 'unknown_reference' },
      { path: 'body.newUnits.0.name', code: 'already_exists' },
      { path: 'body.newUnits.2.key', code: 'duplicate_values' },
      { path: 'body.newUnits.2.name', code: 'already_exists' },
      { path: 'body.nodes.0.measures.0.leadUnitIds.0', code: 'unknown_reference' },
    ]);
    expect({ ...(await contentCounts(ctx)), units: await unitCount(sodertalje.id) }).toEqual(before);
  });

  it('rolls back the new units when the plan is refused', async () => {
    const before = { ...(await contentCounts(ctx)), units: await unitCount(sodertalje.id) };
    const res = await api.post(`/api/v1/organizations/${sodertalje.id}/imports/drafts`, {
      title: 'Plan med fel',
      kind: 'plan',
      newUnits: [{ key: 'n', name: 'Enhet som inte ska finnas', kind: 'administration' }],
      nodes: [
        {
          role: 'goal',
          text: 'Mål',
          measures: [
            { text: 'Åtgärd', leadUnitIds: ['n'], coUnitIds: [nilUuid], preventionLevels: ['nonexistent'] },
            { text: 'Andra', leadUnitIds: ['n'], coUnitIds: ['n'] },
          ],
        },
      ],
    });
    expectValidation(res, [
      { path: 'body.nodes.0.measures.0.coUnitIds.0', code: 'unknown_reference' },
      { path: 'body.nodes.0.measures.0.preventionLevels.0', code: 'unknown_term' },
      { path: 'body.nodes.0.measures.1.coUnitIds.0', code: 'unit_both_lead_and_co' },
    ]);
    expect({ ...(await contentCounts(ctx)), units: await unitCount(sodertalje.id) }).toEqual(before);
    expect((await api.get(`/api/v1/organizations/${sodertalje.id}/units?q=${encodeURIComponent('Enhet som inte ska finnas')}`)).body).toEqual([]);

    const period = await api.post(`/api/v1/organizations/${sodertalje.id}/imports/drafts`, {
      title: 'Plan med fel period',
      kind: 'plan',
      validFrom: '2026-01-01',
      validTo: '2025-01-01',
      newUnits: [{ key: 'n', name: 'Enhet som inte ska finnas', kind: 'administration' }],
      nodes: [{ role: 'goal', text: 'Mål', measures: [{ text: 'Åtgärd', leadUnitIds: ['n'] }] }],
    });
    expectValidation(period, [{ path: 'body.validTo', code: 'before_valid_from' }]);
    expect({ ...(await contentCounts(ctx)), units: await unitCount(sodertalje.id) }).toEqual(before);
  });

  it('answers in English when asked', async () => {
    const res = await api.post(`/api/v1/organizations/${sodertalje.id}/imports/drafts`, { kind: 'plan' }, { 'accept-language': 'en' });
    expectValidation(res, [{ path: 'body.title', code: 'required' }]);
    expect(res.body.error.fields[0].message).toBe('Is required.');
  });

  it('turns a preview into a draft plan with every measure the preview found', async () => {
    const { name, bytes } = sodertaljeText();
    const preview = (await upload(sodertalje.id, file(name, bytes, 'text/plain'))).body;
    // What the review screen sends when the coordinator accepts everything: matched units by id,
    // each unmatched name as a new unit of the kind the coordinator picks.
    const newUnits: { key: string; name: string; kind: string }[] = [];
    const refOf = new Map<string, string>();
    for (const u of preview.units) {
      if (u.unitId) refOf.set(u.text, u.unitId);
      else {
        const key = `new-${newUnits.length + 1}`;
        newUnits.push({ key, name: u.text, kind: 'external' });
        refOf.set(u.text, key);
      }
    }
    const refs = (list: any[], exclude: string[] = []) => [...new Set(list.map((u) => refOf.get(u.text)!).filter((r) => r && !exclude.includes(r)))];
    const toNode = (node: any): any => ({
      role: node.role,
      label: node.label,
      number: node.number,
      text: node.text,
      description: node.description,
      preventionLevels: node.preventionLevels,
      children: node.children.map(toNode),
      measures: node.measures.map((m: any) => {
        const lead = refs(m.lead);
        return { code: m.code, text: m.text, description: m.description, responsibilityText: m.responsibilityText, leadUnitIds: lead, coUnitIds: refs(m.co, lead), preventionLevels: m.preventionLevels, scope: m.scope, examples: m.examples };
      }),
    });
    const res = await api.post(`/api/v1/organizations/${sodertalje.id}/imports/drafts`, {
      title: preview.metadata.title?.value ?? 'Importerad plan',
      kind: preview.metadata.kind?.value ?? 'action_plan',
      newUnits,
      nodes: preview.nodes.map(toNode),
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 1000)).toBe(201);
    const tree = (await api.get(`/api/v1/plans/${res.body.plan.id}/tree`)).body;
    expect(previewCounts(tree.nodes)).toEqual(previewCounts(preview.nodes));
  });
});
