import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from './harness.js';
import { api, expectError, readSeed, seedMeasures } from './helpers.js';
import { download, openRound, sodertalje, unitNames, type Sodertalje } from './followup-support.js';

/**
 * Södertälje's plan through a whole follow-up round: open it, three units' reporters report, one
 * report is returned and resubmitted, approval locks it and a later change makes a revision;
 * progress per goal and unit; the board report as DOCX, PDF and XLSX, read back.
 */

let ctx: TestContext;
let s: Sodertalje;
let round: any;

/** Södertälje's goals and measures as transcribed in the seed: the expectations come from the source. */
const seed = readSeed('sodertalje');
const seedPlan = seed.plans.find((p) => p.title === 'Handlingsplan Fri från våld 2024–2027')!;
const all = seedMeasures(seedPlan);
const seedGoals = seedPlan.nodes.map((g) => ({ text: g.text, measures: all.filter((m) => m.top === g).map((m) => m.measure) }));
const unitKey = (name: string) => seed.units.find((u) => u.name === name)!.key;
const leadMeasures = (name: string) => all.map((m) => m.measure).filter((m) => (m.lead ?? []).includes(unitKey(name)));
const allLeadLinks = all.flatMap((m) => m.measure.lead ?? []).length;

const normalize = (t: string) => t.replace(/\s+/g, ' ');

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  s = await sodertalje(ctx);
}, 180_000);
afterAll(async () => ctx?.close());

describe('a follow-up round of Södertälje’s plan', () => {
  it('plans a round; only coordinators may; the reader and reporters may read it', async () => {
    const reporter = api(ctx, { session: s.reporters.social });
    expectError(await reporter.post(`/api/v1/plans/${s.planId}/rounds`, { name: 'X', periodStart: '2025-01-01', periodEnd: '2025-12-31', deadline: '2026-02-15' }), 403, 'forbidden');
    const stranger = api(ctx, { session: null });
    expectError(await stranger.get(`/api/v1/plans/${s.planId}/rounds`), 401, 'authentication_required');
    const coordinator = api(ctx, { session: s.coordinator });
    const bad = await coordinator.post(`/api/v1/plans/${s.planId}/rounds`, { name: 'Fel', periodStart: '2025-12-31', periodEnd: '2025-01-01', deadline: '2024-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.deadline', 'body.periodEnd']);

    round = await openRound(ctx, s, { name: 'Årsuppföljning 2025', periodStart: '2025-01-01', periodEnd: '2025-12-31', deadline: '2026-02-15', reminderDaysBefore: 7 });
    expect(round.state).toBe('open');
    // One report per lead unit of each measure: co-responsible units were not included.
    expect(round.reportCounts).toMatchObject({ total: allLeadLinks, draft: allLeadLinks, submitted: 0, approved: 0 });
    const reader = api(ctx, { session: s.reader });
    expect((await reader.get(`/api/v1/rounds/${round.id}`)).body.name).toBe('Årsuppföljning 2025');
    expect((await reader.get(`/api/v1/plans/${s.planId}/rounds`)).body.map((r: { id: string }) => r.id)).toEqual([round.id]);
    // Opening twice is refused.
    expectError(await coordinator.post(`/api/v1/rounds/${round.id}/open`, { version: round.version }), 409, 'round_transition_not_allowed');
  });

  it('gives each reporter their units’ reports in "what I owe"', async () => {
    for (const key of ['social', 'school', 'culture'] as const) {
      const mine = (await api(ctx, { session: s.reporters[key] }).get('/api/v1/me/assignments')).body;
      expect(mine.map((r: { measureCode: string }) => r.measureCode).sort()).toEqual(leadMeasures(unitNames[key]).map((m) => m.code).sort());
      expect(new Set(mine.map((r: { unitName: string }) => r.unitName))).toEqual(new Set([unitNames[key]]));
      expect(mine[0]).toMatchObject({ roundName: 'Årsuppföljning 2025', deadline: '2026-02-15', state: 'draft', allowedActions: ['edit', 'submit'] });
    }
  });

  const narratives: Record<string, string> = {};

  it('lets three units report; a reporter cannot touch another unit’s report', async () => {
    const texts = { social: 'Socialtjänsten har genomfört utbildningar om våld i nära relationer för all personal.', school: 'Skolorna arbetar med samtycke och relationer i alla årskurser.', culture: 'Orange Week genomfördes i november med fritidsgårdarna.' };
    for (const key of ['social', 'school', 'culture'] as const) {
      const client = api(ctx, { session: s.reporters[key] });
      const mine = (await client.get('/api/v1/me/assignments')).body;
      for (const [i, report] of mine.entries()) {
        const narrative = `${texts[key]} (${report.measureCode})`;
        narratives[report.id] = narrative;
        const saved = await client.patch(`/api/v1/status-reports/${report.id}`, { version: report.version, status: i % 2 === 0 ? 'ongoing' : 'done', progressPercent: i % 2 === 0 ? 50 : 100, narrative, evidenceLinks: [{ title: 'Verksamhetsberättelse', url: 'https://example.org/vb.pdf' }] });
        expect(saved.status, JSON.stringify(saved.body)).toBe(200);
        const submitted = await client.post(`/api/v1/status-reports/${report.id}/submit`, { version: saved.body.version });
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
        expect(submitted.body.state).toBe('submitted');
      }
    }
    const othersReport = (await api(ctx, { session: s.reporters.social }).get('/api/v1/me/assignments')).body[0];
    expectError(await api(ctx, { session: s.reporters.school }).patch(`/api/v1/status-reports/${othersReport.id}`, { version: othersReport.version, narrative: 'x' }), 403, 'forbidden');
    expectError(await api(ctx, { session: s.reader }).patch(`/api/v1/status-reports/${othersReport.id}`, { version: othersReport.version, narrative: 'x' }), 403, 'forbidden');
    // Stale version: 409 with the current record.
    expectError(await api(ctx, { session: s.reporters.social }).patch(`/api/v1/status-reports/${othersReport.id}`, { version: 1, narrative: 'x' }), 409, 'version_conflict');
  });

  let returned: any;

  it('returns one report with a comment; the reporter corrects and resubmits; approval locks it', async () => {
    const coordinator = api(ctx, { session: s.coordinator });
    const queue = (await coordinator.get(`/api/v1/rounds/${round.id}/assignments?state=submitted`)).body;
    expect(queue.length).toBe(Object.keys(narratives).length);
    const target = queue.find((r: { unitName: string }) => r.unitName === unitNames.culture);
    expect(target.allowedActions).toEqual(['edit', 'approve', 'return']);
    // A reporter may not review.
    expectError(await api(ctx, { session: s.reporters.culture }).post(`/api/v1/status-reports/${target.id}/approve`, { version: target.version }), 403, 'forbidden');
    const back = await coordinator.post(`/api/v1/status-reports/${target.id}/return`, { version: target.version, comment: 'Beskriv hur många som deltog.' });
    expect(back.body).toMatchObject({ state: 'returned', returnComment: 'Beskriv hur många som deltog.' });

    const reporter = api(ctx, { session: s.reporters.culture });
    const fixed = await reporter.patch(`/api/v1/status-reports/${target.id}`, { version: back.body.version, narrative: `${narratives[target.id]} 240 ungdomar deltog.` });
    narratives[target.id] = fixed.body.narrative;
    const again = await reporter.post(`/api/v1/status-reports/${target.id}/submit`, { version: fixed.body.version });
    expect(again.body.state).toBe('submitted');
    const approved = await coordinator.post(`/api/v1/status-reports/${target.id}/approve`, { version: again.body.version });
    expect(approved.body).toMatchObject({ state: 'approved', returnComment: null, allowedActions: ['revise'] });
    returned = approved.body;

    // Locked: the reporter can no longer change it …
    expectError(await reporter.patch(`/api/v1/status-reports/${target.id}`, { version: approved.body.version, narrative: 'ändrat' }), 409, 'report_locked');
    // … a coordinator's change makes a new revision, with the approved text kept in the history.
    const revised = await coordinator.patch(`/api/v1/status-reports/${target.id}`, { version: approved.body.version, progressPercent: 100, status: 'done', revisionNote: 'Slutrapport inkom i mars.' });
    expect(revised.body).toMatchObject({ state: 'approved', revision: 1, progressPercent: 100 });
    const history = (await api(ctx, { session: s.reader }).get(`/api/v1/status-reports/${target.id}/revisions`)).body;
    expect(history.map((h: { revision: number; note: string | null; changedBy: string }) => [h.revision, h.note, h.changedBy])).toEqual([
      [0, null, 'Samordnare Södertälje'],
      [1, 'Slutrapport inkom i mars.', 'Samordnare Södertälje'],
    ]);
    expect(history[0].narrative).toBe(narratives[target.id]);
    returned = revised.body;

    // Approve the rest of the culture unit's and the social unit's reports.
    for (const r of (await coordinator.get(`/api/v1/rounds/${round.id}/assignments?state=submitted&unitId=${s.units[unitNames.social]}`)).body) {
      expect((await coordinator.post(`/api/v1/status-reports/${r.id}/approve`, { version: r.version })).status).toBe(200);
    }
    // Every change is in the audit trail, in the same transaction as the change.
    const events = await ctx.database.db.execute(`SELECT action, count(*)::int AS n FROM audit_events WHERE entity = 'status_report' AND entity_id = '${target.id}' GROUP BY action ORDER BY action` as never);
    const rows = ((events as unknown as { rows: { action: string; n: number }[] }).rows ?? []).map((r) => [r.action, r.n]);
    expect(rows).toEqual([
      ['approve', 1],
      ['return', 1],
      ['revise', 1],
      ['submit', 2],
      ['update', 2],
    ]);
  });

  it('rolls progress up to goals, units and the plan', async () => {
    const progress = (await api(ctx, { session: s.reader }).get(`/api/v1/rounds/${round.id}/progress`)).body;
    const reported = Object.keys(narratives).length;
    expect(progress.plan.completion).toMatchObject({ total: allLeadLinks, reported, draft: allLeadLinks - reported });
    expect(progress.goals.map((g: { text: string }) => g.text)).toEqual(seedGoals.map((g) => g.text));
    // Each goal counts each of its measures once.
    expect(progress.goals.map((g: { measureCount: number }) => g.measureCount)).toEqual(seedGoals.map((g) => (g.measures ?? []).filter((m) => (m.lead ?? []).length > 0).length));
    const social = progress.units.find((u: { name: string }) => u.name === unitNames.social);
    expect(social.completion).toMatchObject({ total: leadMeasures(unitNames.social).length, reported: leadMeasures(unitNames.social).length, approved: leadMeasures(unitNames.social).length, percent: 100 });
    expect(social.missing).toEqual([]);
    const other = progress.units.find((u: { name: string }) => u.name === 'Kommunstyrelsen');
    expect(other.completion.percent).toBe(0);
    expect(other.missing.length).toBe(other.completion.total);
    expect(progress.plan.progressIndex).toBeGreaterThan(0);
    expect(progress.history).toEqual([{ roundId: round.id, name: 'Årsuppföljning 2025', deadline: '2026-02-15', completionPercent: progress.plan.completion.percent, progressIndex: progress.plan.progressIndex }]);
    expect(progress.previous).toBeNull();
  });

  it('exports the board report as DOCX, PDF and XLSX with goal texts, measure codes, statuses and narratives', async () => {
    const socialReports = (await api(ctx, { session: s.reader }).get(`/api/v1/rounds/${round.id}/assignments?unitId=${s.units[unitNames.social]}`)).body;
    const docx = await download(ctx, s.reader, `/api/v1/rounds/${round.id}/report.docx`);
    expect(docx.type).toContain('wordprocessingml');
    expect(docx.disposition).toContain('.docx');
    const docxText = normalize((await mammoth.extractRawText({ buffer: docx.bytes })).value);
    const pdf = await download(ctx, s.reader, `/api/v1/rounds/${round.id}/report.pdf`);
    expect(pdf.type).toBe('application/pdf');
    const pdfText = normalize((await extractText(new Uint8Array(pdf.bytes), { mergePages: true })).text as string);
    // Tagged: a structure tree and the language are in the file.
    expect(pdf.bytes.toString('latin1')).toContain('/StructTreeRoot');
    expect(pdf.bytes.toString('latin1')).toContain('/Lang (sv-SE)');
    for (const text of [docxText, pdfText]) {
      expect(text).toContain('Uppföljning: Årsuppföljning 2025');
      expect(text).toContain('Sammanfattning');
      for (const g of seedGoals) expect(text).toContain(normalize(g.text).slice(0, 60));
      for (const r of socialReports) {
        expect(text).toContain(`${r.measureCode} `);
        expect(text).toContain(normalize(narratives[r.id]!));
      }
      expect(text).toContain(`${unitNames.social}: Genomförd`);
      expect(text).toContain(`${unitNames.social}: Pågående, 50 %`);
      expect(text).toContain(normalize(returned.narrative));
    }

    const xlsx = await download(ctx, s.reader, `/api/v1/rounds/${round.id}/report.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Sammanfattning', 'Åtgärder']);
    const sheet = workbook.getWorksheet('Åtgärder')!;
    expect(sheet.rowCount - 1).toBe(allLeadLinks);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push({ goal: row.getCell(1).text, code: row.getCell(2).text, unit: row.getCell(6).text, status: row.getCell(7).text, progress: row.getCell(8).value, state: row.getCell(9).text, narrative: row.getCell(10).text });
    });
    const returnedRow = rows.find((r) => r.narrative === returned.narrative)!;
    expect(returnedRow).toMatchObject({ code: returned.measureCode, unit: unitNames.culture, status: 'Genomförd', progress: 100, state: 'Godkänd' });
    expect(rows.filter((r) => r.status === 'Ej rapporterad').length).toBe(allLeadLinks - Object.keys(narratives).length);
    expect(new Set(rows.map((r) => String(r.goal)))).toEqual(new Set(seedGoals.filter((g) => (g.measures ?? []).some((m) => (m.lead ?? []).length)).map((g) => String(rows.find((r) => String(r.goal).endsWith(g.text))?.goal))));
  });

  it('copies last round’s text and compares with the previous round', async () => {
    const coordinator = api(ctx, { session: s.coordinator });
    const first = (await coordinator.get(`/api/v1/rounds/${round.id}`)).body;
    expect((await coordinator.post(`/api/v1/rounds/${round.id}/close`, { version: first.version })).body.state).toBe('closed');
    // Closed: no more changes.
    const any = (await coordinator.get(`/api/v1/rounds/${round.id}/assignments?state=draft`)).body[0];
    expectError(await coordinator.patch(`/api/v1/status-reports/${any.id}`, { version: any.version, narrative: 'x' }), 409, 'round_not_open');

    const next = await openRound(ctx, s, { name: 'Årsuppföljning 2026', periodStart: '2026-01-01', periodEnd: '2026-12-31', deadline: '2027-02-15' });
    expect(next.previousRoundId).toBe(round.id);
    const reporter = api(ctx, { session: s.reporters.culture });
    const mine = (await reporter.get('/api/v1/me/assignments')).body;
    expect(mine.every((r: { roundName: string }) => r.roundName === 'Årsuppföljning 2026')).toBe(true);
    const target = mine.find((r: { measureCode: string }) => r.measureCode === returned.measureCode);
    const detail = (await reporter.get(`/api/v1/status-reports/${target.id}`)).body;
    expect(detail.previous).toMatchObject({ roundName: 'Årsuppföljning 2025', narrative: returned.narrative, status: 'done' });
    const copied = await reporter.patch(`/api/v1/status-reports/${target.id}`, { version: detail.version, copyFromPrevious: true, status: 'ongoing' });
    expect(copied.body).toMatchObject({ narrative: returned.narrative, status: 'ongoing', progressPercent: 100, state: 'draft' });

    const progress = (await coordinator.get(`/api/v1/rounds/${next.id}/progress`)).body;
    expect(progress.previous.roundId).toBe(round.id);
    expect(progress.previous.goals.length).toBe(seedGoals.length);
    expect(progress.history.map((h: { name: string }) => h.name)).toEqual(['Årsuppföljning 2025', 'Årsuppföljning 2026']);
  });
});
