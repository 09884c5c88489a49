import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from './harness.js';
import { api, expectError } from './helpers.js';
import { download, openRound, sodertalje, unitNames, upload, type Sodertalje } from './followup-support.js';

/**
 * The spreadsheet round-trip: export a unit's part of a round, fill it in offline, import it back
 * as an upsert by report id with a preview; bad rows (unknown id, invalid status, a locked report,
 * progress out of range, another unit's report) write nothing unless only the valid rows are asked
 * for; a file that is not a spreadsheet is refused.
 */

let ctx: TestContext;
let s: Sodertalje;
let round: any;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  s = await sodertalje(ctx);
  round = await openRound(ctx, s, { name: 'Delår 1 2025', periodStart: '2025-01-01', periodEnd: '2025-04-30', deadline: '2025-05-31' });
}, 180_000);
afterAll(async () => ctx?.close());

async function exported(unitId?: string) {
  const file = await download(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/export.xlsx${unitId ? `?unitId=${unitId}` : ''}`);
  expect(file.type).toBe(xlsxType);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.bytes as never);
  return workbook;
}

const headerIndex = (sheet: ExcelJS.Worksheet) => {
  const map: Record<string, number> = {};
  sheet.getRow(1).eachCell((c, i) => (map[c.text] = i));
  return map;
};

async function bytesOf(workbook: ExcelJS.Workbook) {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const fileParts = (content: Buffer, name = 'uppfoljning.xlsx', type = xlsxType) => [{ name: 'file', filename: name, type, content }];

describe('XLSX round-trip', () => {
  it('exports one unit’s part: ids in locked cells of a protected sheet, status as a drop-down, an instructions sheet', async () => {
    const workbook = await exported(s.units[unitNames.social]);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Instruktioner', 'Listor', 'Rapporter']);
    expect(workbook.getWorksheet('Instruktioner')!.getCell('A1').text).toContain('Delår 1 2025');
    const sheet = workbook.getWorksheet('Rapporter')!;
    const col = headerIndex(sheet);
    const mine = (await api(ctx, { session: s.reporters.social }).get('/api/v1/me/assignments')).body;
    expect(sheet.rowCount - 1).toBe(mine.length);
    const ids: string[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      ids.push(row.getCell(col['Rapport-id']!).text);
      expect(row.getCell(col['Enhet']!).text).toBe(unitNames.social);
      // Locked is the default: exceljs writes (and reads back) only the cells that differ from it.
      expect(row.getCell(col['Rapport-id']!).protection?.locked ?? true).toBe(true);
      expect(row.getCell(col['Status']!).protection?.locked).toBe(false);
      expect(row.getCell(col['Status']!).dataValidation).toMatchObject({ type: 'list', formulae: ['Listor!$A$1:$A$6'] });
    });
    expect(ids.sort()).toEqual(mine.map((r: { id: string }) => r.id).sort());
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    const labels: string[] = [];
    workbook.getWorksheet('Listor')!.eachRow((row) => labels.push(row.getCell(1).text));
    expect(labels).toEqual(['Ej påbörjad', 'Påbörjad', 'Pågående', 'Genomförd', 'Pausad', 'Ej aktuell']);
  });

  it('imports a good file: preview first (nothing written), then commit', async () => {
    const workbook = await exported(s.units[unitNames.social]);
    const sheet = workbook.getWorksheet('Rapporter')!;
    const col = headerIndex(sheet);
    const filled: Record<string, { status: string; progress: number; narrative: string }> = {};
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const id = row.getCell(col['Rapport-id']!).text;
      const value = { status: n % 2 ? 'Genomförd' : 'Pågående', progress: n % 2 ? 100 : 40, narrative: `Rad ${n}: arbetet fortsätter enligt plan.\nAndra stycket.` };
      filled[id] = value;
      row.getCell(col['Status']!).value = value.status;
      row.getCell(col['Framsteg (%)']!).value = value.progress;
      row.getCell(col['Beskrivning av arbetet']!).value = value.narrative;
    });
    const bytes = await bytesOf(workbook);
    const reporter = api(ctx, { session: s.reporters.social });

    const preview = await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import`, fileParts(bytes));
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.counts).toEqual({ rows: Object.keys(filled).length, updates: Object.keys(filled).length, unchanged: 0, errors: 0 });
    expect(preview.body.rows[0].changes).toEqual(['status', 'progressPercent', 'narrative']);
    // The preview wrote nothing.
    expect((await reporter.get('/api/v1/me/assignments')).body.every((r: { status: string | null }) => r.status === null)).toBe(true);

    const commit = await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import/commit`, fileParts(bytes));
    expect(commit.status, JSON.stringify(commit.body)).toBe(200);
    expect(commit.body).toMatchObject({ updated: Object.keys(filled).length, skipped: 0 });
    for (const r of (await reporter.get('/api/v1/me/assignments')).body) {
      const want = filled[r.id]!;
      expect([r.status, r.progressPercent, r.narrative]).toEqual([want.status === 'Genomförd' ? 'done' : 'ongoing', want.progress, want.narrative]);
      expect(r.state).toBe('draft');
    }
    // The same file again changes nothing.
    const again = await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import`, fileParts(bytes));
    expect(again.body.counts).toMatchObject({ updates: 0, unchanged: Object.keys(filled).length, errors: 0 });
  });

  it('lists each bad row’s problems and writes nothing, unless only the valid rows are asked for', async () => {
    const coordinator = api(ctx, { session: s.coordinator });
    const reporter = api(ctx, { session: s.reporters.social });
    // Approve one of the social unit's reports: it is locked.
    const [locked, ...rest] = (await reporter.get('/api/v1/me/assignments')).body;
    const submitted = await reporter.post(`/api/v1/status-reports/${locked.id}/submit`, { version: locked.version });
    expect((await coordinator.post(`/api/v1/status-reports/${locked.id}/approve`, { version: submitted.body.version })).status).toBe(200);

    // The whole round, as the reporter exports it: other units' rows are there too.
    const workbook = await exported();
    const sheet = workbook.getWorksheet('Rapporter')!;
    const col = headerIndex(sheet);
    const rowOf = (id: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(col['Rapport-id']!).text === id) found = row;
      });
      return found!;
    };
    sheet.unprotect();
    rowOf(locked.id).getCell(col['Beskrivning av arbetet']!).value = 'Ändrad efter godkännande';
    rowOf(rest[0].id).getCell(col['Status']!).value = 'Nästan klar';
    rowOf(rest[1].id).getCell(col['Framsteg (%)']!).value = 150;
    rowOf(rest[2].id).getCell(col['Beskrivning av arbetet']!).value = 'En giltig ändring.';
    const othersId = (await api(ctx, { session: s.reporters.school }).get('/api/v1/me/assignments')).body[0].id;
    rowOf(othersId).getCell(col['Beskrivning av arbetet']!).value = 'Inte min enhet';
    const unknown = sheet.addRow([]);
    unknown.getCell(col['Rapport-id']!).value = '00000000-0000-4000-8000-000000000001';
    unknown.getCell(col['Status']!).value = 'Genomförd';
    const bytes = await bytesOf(workbook);

    const preview = await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import`, fileParts(bytes));
    expect(preview.status).toBe(200);
    const problems = Object.fromEntries(preview.body.rows.filter((r: { outcome: string }) => r.outcome === 'error').map((r: { reportId: string; problems: { code: string; message: string }[] }) => [r.reportId, r.problems.map((p) => p.code)]));
    expect(problems).toEqual({
      [locked.id]: ['import_report_locked'],
      [rest[0].id]: ['import_invalid_status'],
      [rest[1].id]: ['import_progress_out_of_range'],
      [othersId]: ['import_unit_not_allowed'],
      '00000000-0000-4000-8000-000000000001': ['import_unknown_id'],
    });
    const invalid = preview.body.rows.find((r: { reportId: string }) => r.reportId === rest[0].id);
    expect(invalid.problems[0].message).toContain('Nästan klar');
    expect(invalid.row).toBeGreaterThan(1);
    expect(preview.body.counts).toMatchObject({ updates: 1, errors: 5 });

    const before = (await reporter.get(`/api/v1/status-reports/${rest[2].id}`)).body;
    const refused = await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import/commit`, fileParts(bytes));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('followup_import_has_errors');
    expect(refused.body.error.current.counts.errors).toBe(5);
    expect((await reporter.get(`/api/v1/status-reports/${rest[2].id}`)).body.narrative).toBe(before.narrative);

    const partial = await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import/commit`, [...fileParts(bytes), { name: 'onlyValidRows', content: 'true' }]);
    expect(partial.status, JSON.stringify(partial.body)).toBe(200);
    expect(partial.body).toMatchObject({ updated: 1, skipped: 5 });
    expect((await reporter.get(`/api/v1/status-reports/${rest[2].id}`)).body.narrative).toBe('En giltig ändring.');
    expect((await reporter.get(`/api/v1/status-reports/${locked.id}`)).body.narrative).toBe(locked.narrative);
  });

  it('refuses a file that is not a spreadsheet, a broken one, and a request that is not multipart', async () => {
    const csv = await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import`, fileParts(Buffer.from('Rapport-id;Status\n1;Klar\n'), 'rapport.csv', 'text/csv'));
    expectError(csv, 415, 'followup_import_not_xlsx');
    const broken = await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import`, fileParts(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)])));
    expectError(broken, 400, 'followup_import_unreadable');
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Blad1').addRow(['Något', 'annat']);
    expectError(await upload(ctx, s.reporters.social, `/api/v1/rounds/${round.id}/import`, fileParts(await bytesOf(other))), 400, 'followup_import_no_sheet');
    const json = await api(ctx, { session: s.reporters.social }).post(`/api/v1/rounds/${round.id}/import`, { file: 'x' });
    expectError(json, 415, 'followup_import_not_multipart');
    // A reader may not import.
    expectError(await upload(ctx, s.reader, `/api/v1/rounds/${round.id}/import`, fileParts(Buffer.from('x'))), 403, 'forbidden');
  });
});
