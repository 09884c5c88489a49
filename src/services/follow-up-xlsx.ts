import ExcelJS from 'exceljs';
import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/followup.js';
import type { Actor } from '../domain/access.js';
import { canCoordinate, membershipIn } from '../domain/access.js';
import { statusCodes, type StatusCode, type StatusLabel } from '../domain/follow-up.js';
import { recordAudit } from './audit.js';
import { AppError } from './errors.js';
import { labelOf, loadRoundDocument, stateWords } from './follow-up-documents.js';
import { getRound, getStatusLabels } from './follow-up.js';
import { inTransaction } from './transaction.js';

/*
 * The spreadsheet round-trip. Export: one row per measure × unit, the report id and everything but
 * status, progress and narrative in locked cells of a protected sheet, status as a drop-down list,
 * an instructions sheet. Import: an upsert by report id; a preview lists every row's changes and
 * problems; a commit writes nothing from a file with problems unless only the valid rows are asked for.
 */

export const reportSheetName = 'Rapporter';
const listSheetName = 'Listor';
const instructionsSheetName = 'Instruktioner';
export const maxImportBytes = 10 * 1024 * 1024;

/** Column headers, in order; the import finds columns by these, so a reordered sheet still reads. */
export const columns = [
  { key: 'id', header: 'Rapport-id', width: 38, editable: false },
  { key: 'goal', header: 'Mål', width: 30, editable: false },
  { key: 'code', header: 'Åtgärd nr', width: 10, editable: false },
  { key: 'measure', header: 'Åtgärd', width: 50, editable: false },
  { key: 'unit', header: 'Enhet', width: 28, editable: false },
  { key: 'role', header: 'Ansvar', width: 13, editable: false },
  { key: 'state', header: 'Läge', width: 12, editable: false },
  { key: 'status', header: 'Status', width: 16, editable: true },
  { key: 'progress', header: 'Framsteg (%)', width: 13, editable: true },
  { key: 'narrative', header: 'Beskrivning av arbetet', width: 70, editable: true },
] as const;
type ColumnKey = (typeof columns)[number]['key'];

/**
 * Sheet protection here keeps ids and texts from being changed by mistake; it is not security (the
 * import checks everything again). The password is fixed so that a coordinator can lift it if needed.
 */
const protectionPassword = 'fridplan';

export async function exportRoundXlsx(db: Db, roundId: string, unitId?: string): Promise<{ buffer: Buffer; fileName: string }> {
  const doc = await loadRoundDocument(db, roundId, { unitId });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fridplan';
  workbook.created = new Date();

  const instructions = workbook.addWorksheet(instructionsSheetName);
  instructions.getColumn(1).width = 110;
  const unitName = unitId ? doc.goals.flatMap((g) => g.measures.flatMap((m) => m.reports)).find((r) => r.unitId === unitId)?.unitName : undefined;
  const lines = [
    `${doc.round.name} – ${doc.planTitle}${unitName ? ` – ${unitName}` : ''}`,
    `Sista dag: ${doc.round.deadline}. Period: ${doc.round.periodStart} – ${doc.round.periodEnd}.`,
    '',
    'Så fyller du i:',
    `1. Gå till bladet "${reportSheetName}". Varje rad är en enhets rapport om en åtgärd.`,
    '2. Fyll i kolumnerna Status (välj i listan), Framsteg (%) (ett heltal 0–100, kan lämnas tomt) och Beskrivning av arbetet.',
    '3. Ändra inte Rapport-id eller de gråa kolumnerna: de är låsta och används för att läsa in filen igen.',
    '4. Spara filen som .xlsx och läs in den under uppföljningsomgången i Fridplan. Du får se en förhandsgranskning med eventuella fel per rad innan något sparas.',
    '5. Godkända rapporter är låsta och kan inte ändras med filen.',
    '',
    'How to fill in (English): use the sheet "Rapporter"; fill in Status (choose from the list), Framsteg (%) (a whole number 0–100, may be empty) and Beskrivning av arbetet (the narrative). Do not change the report id or the grey, locked columns. Save as .xlsx and import it in Fridplan: a preview lists any errors per row before anything is saved. Approved reports are locked.',
    '',
    'Status:',
    ...doc.labels.map((l) => `${l.sv} (${l.en})`),
  ];
  lines.forEach((text, i) => {
    const cell = instructions.getCell(i + 1, 1);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });

  // The drop-down's values live on a hidden sheet: a list formula with the labels inline would break on a comma.
  const lists = workbook.addWorksheet(listSheetName, { state: 'hidden' });
  doc.labels.forEach((l, i) => (lists.getCell(i + 1, 1).value = l.sv));

  const sheet = workbook.addWorksheet(reportSheetName, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { vertical: 'middle', wrapText: true };
  const locked: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  for (const goal of doc.goals) {
    for (const m of goal.measures) {
      for (const r of m.reports) {
        const row = sheet.addRow({
          id: r.id,
          goal: `${goal.number ? `${goal.number} ` : ''}${goal.text}`,
          code: m.code ?? '',
          measure: m.text,
          unit: r.unitName,
          role: r.unitRole === 'lead' ? 'Ansvarig' : 'Medansvarig',
          state: stateWords[r.state],
          status: r.status ? labelOf(doc.labels, r.status) : '',
          progress: r.progressPercent ?? '',
          narrative: r.narrative,
        } satisfies Record<ColumnKey, unknown>);
        row.alignment = { vertical: 'top', wrapText: true };
        columns.forEach((c, i) => {
          const cell = row.getCell(i + 1);
          // An approved report is locked in Fridplan: lock it in the sheet too.
          const editable = c.editable && r.state !== 'approved';
          cell.protection = { locked: !editable };
          if (!editable) cell.fill = locked;
        });
        row.getCell('status').dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`${listSheetName}!$A$1:$A$${doc.labels.length}`],
          showErrorMessage: true,
          errorTitle: 'Status',
          error: 'Välj en status i listan.',
        };
        row.getCell('progress').dataValidation = {
          type: 'whole',
          operator: 'between',
          allowBlank: true,
          formulae: [0, 100],
          showErrorMessage: true,
          errorTitle: 'Framsteg',
          error: 'Ett heltal 0–100.',
        };
      }
    }
  }
  await sheet.protect(protectionPassword, { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, sort: false, autoFilter: true });
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 2, visibility: 'visible' }];
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, fileName: `${doc.round.name}${unitName ? ` ${unitName}` : ''}` };
}

// --- import ------------------------------------------------------------------------------------

export interface RowProblem {
  code: string;
  column?: ColumnKey;
  params?: Record<string, string | number>;
}

export interface ImportRow {
  row: number;
  reportId: string | null;
  measureCode: string | null;
  unitName: string | null;
  outcome: 'unchanged' | 'update' | 'error';
  changes: ('status' | 'progressPercent' | 'narrative')[];
  problems: RowProblem[];
  values: { status: StatusCode | null; progressPercent: number | null; narrative: string };
}

/** The text of a cell whatever exceljs made of it: rich text, formula result, hyperlink, number. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** Maps a status cell (the organization's label in Swedish or English, or the code) to a code. */
function statusFromCell(text: string, labels: readonly StatusLabel[]): StatusCode | null | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  const byLabel = labels.find((l) => l.sv.toLowerCase() === t || l.en.toLowerCase() === t || l.code === t);
  return byLabel?.code ?? (statusCodes as readonly string[]).find((c) => c === t.replace(/\s+/g, '_')) as StatusCode | undefined;
}

const zipMagic = [0x50, 0x4b, 0x03, 0x04];

async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  // An XLSX file is a ZIP archive: anything else (a CSV, a PDF, an old .xls) is refused as the wrong type.
  if (bytes.length < 4 || zipMagic.some((b, i) => bytes[i] !== b)) throw new AppError(415, 'followup_import_not_xlsx');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new AppError(400, 'followup_import_unreadable');
  }
  const sheet = workbook.getWorksheet(reportSheetName) ?? workbook.worksheets.find((w) => headerColumns(w).id !== undefined);
  if (!sheet) throw new AppError(400, 'followup_import_no_sheet', { params: { sheet: reportSheetName } });
  return sheet;
}

function headerColumns(sheet: ExcelJS.Worksheet): Partial<Record<ColumnKey, number>> {
  const found: Partial<Record<ColumnKey, number>> = {};
  sheet.getRow(1).eachCell((cell, col) => {
    const text = cellText(cell.value).trim().toLowerCase();
    const c = columns.find((x) => x.header.toLowerCase() === text);
    if (c) found[c.key] = col;
  });
  return found;
}

export interface ImportAnalysis {
  rows: ImportRow[];
  counts: { rows: number; updates: number; unchanged: number; errors: number };
}

/** Reads the file and compares each row with the round's reports; writes nothing. */
export async function analyzeImport(db: Db, actor: Actor, roundId: string, bytes: Uint8Array): Promise<ImportAnalysis> {
  const round = await getRound(db, roundId);
  if (round.state !== 'open') throw new AppError(409, 'round_not_open', { params: { state: round.state } });
  const sheet = await readWorkbook(bytes);
  const cols = headerColumns(sheet);
  const missing = (['id', 'status', 'progress', 'narrative'] as const).filter((k) => cols[k] === undefined);
  if (missing.length) throw new AppError(400, 'followup_import_columns_missing', { params: { columns: missing.map((k) => columns.find((c) => c.key === k)!.header).join(', ') } });
  const { labels } = await getStatusLabels(db, round.organizationId);
  const reports = new Map((await repo.listReports(db, { roundId })).map((r) => [r.report.id, r]));
  const seen = new Set<string>();
  const coordinator = canCoordinate(actor, round.organizationId);
  const myUnits = membershipIn(actor, round.organizationId)?.unitIds ?? [];
  const rows: ImportRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const get = (key: ColumnKey) => (cols[key] === undefined ? '' : cellText(row.getCell(cols[key]!).value));
    const id = get('id').trim();
    const statusText = get('status');
    const progressText = get('progress').trim();
    const narrative = get('narrative').replace(/\r\n/g, '\n');
    if (!id && !statusText.trim() && !progressText && !narrative.trim()) return;
    const problems: RowProblem[] = [];
    const report = reports.get(id);
    if (!id) problems.push({ code: 'import_missing_id', column: 'id' });
    else if (!report) problems.push({ code: 'import_unknown_id', column: 'id', params: { value: id.slice(0, 60) } });
    else if (seen.has(id)) problems.push({ code: 'import_duplicate_id', column: 'id' });
    if (id) seen.add(id);
    const status = statusFromCell(statusText, labels);
    if (status === undefined) problems.push({ code: 'import_invalid_status', column: 'status', params: { value: statusText.trim().slice(0, 60), options: labels.map((l) => l.sv).join(', ') } });
    let progress: number | null = null;
    if (progressText) {
      const n = Number(progressText.replace(',', '.').replace(/%$/, ''));
      if (!Number.isFinite(n)) problems.push({ code: 'import_progress_invalid', column: 'progress', params: { value: progressText.slice(0, 20) } });
      else if (n < 0 || n > 100 || !Number.isInteger(n)) problems.push({ code: 'import_progress_out_of_range', column: 'progress', params: { value: progressText.slice(0, 20) } });
      else progress = n;
    }
    if (narrative.length > 20_000) problems.push({ code: 'import_narrative_too_long', column: 'narrative', params: { maximum: 20_000 } });
    const values = { status: status ?? null, progressPercent: progress, narrative };
    const changes: ImportRow['changes'] = [];
    if (report) {
      const r = report.report;
      if (status !== undefined && (r.status ?? null) !== values.status) changes.push('status');
      if (!problems.some((p) => p.column === 'progress') && r.progressPercent !== values.progressPercent) changes.push('progressPercent');
      if (r.narrative !== values.narrative) changes.push('narrative');
      // A row that changes nothing is fine whatever its report's state or unit.
      if (changes.length || problems.length) {
        if (r.state === 'approved') problems.push({ code: 'import_report_locked' });
        if (!coordinator && !myUnits.includes(r.unitId)) problems.push({ code: 'import_unit_not_allowed', params: { unit: report.unitName } });
      }
    }
    rows.push({
      row: rowNumber,
      reportId: id || null,
      measureCode: report?.measureCode ?? (get('code').trim() || null),
      unitName: report?.unitName ?? (get('unit').trim() || null),
      outcome: problems.length ? 'error' : changes.length ? 'update' : 'unchanged',
      changes,
      problems,
      values,
    });
  });
  return {
    rows,
    counts: {
      rows: rows.length,
      updates: rows.filter((r) => r.outcome === 'update').length,
      unchanged: rows.filter((r) => r.outcome === 'unchanged').length,
      errors: rows.filter((r) => r.outcome === 'error').length,
    },
  };
}

/**
 * Writes the rows that change something, in one transaction with one audit event. With errors in
 * the file nothing is written unless `onlyValidRows`; then the valid rows are written and the others
 * skipped. The analysis is repeated inside the transaction, against locked reports.
 */
export async function commitImport(db: Db, actor: Actor, roundId: string, bytes: Uint8Array, onlyValidRows: boolean) {
  return inTransaction(db, async (tx) => {
    const round = await repo.lockRound(tx, roundId);
    if (!round) throw new AppError(404, 'not_found', { params: { entity: 'round' } });
    const analysis = await analyzeImport(tx, actor, roundId, bytes);
    if (analysis.counts.errors > 0 && !onlyValidRows) throw new AppError(400, 'followup_import_has_errors', { params: { count: analysis.counts.errors }, current: analysis });
    const written: { id: string; changes: string[] }[] = [];
    for (const row of analysis.rows) {
      if (row.outcome !== 'update' || !row.reportId) continue;
      const before = await repo.lockReport(tx, row.reportId);
      if (!before) continue;
      const values: Partial<repo.ReportInsert> = {};
      if (row.changes.includes('status')) values.status = row.values.status;
      if (row.changes.includes('progressPercent')) values.progressPercent = row.values.progressPercent;
      if (row.changes.includes('narrative')) values.narrative = row.values.narrative;
      await repo.updateReport(tx, before.id, before.version, values);
      written.push({ id: before.id, changes: row.changes });
    }
    if (written.length) {
      await recordAudit(tx, actor, { organizationId: round.organizationId, entity: 'round', entityId: roundId, planId: round.planId, action: 'import', after: { reports: written, skippedRows: analysis.counts.errors } });
    }
    return { updated: written.length, skipped: analysis.counts.errors, analysis };
  });
}

export { labelOf };
