import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Db } from '../db/database.js';
import { statusCodes, type StatusCode } from '../domain/follow-up.js';
import { labelOf, loadRoundDocument, stateWords, type RoundDocument } from './follow-up-documents.js';

/*
 * The board report of a round, generated from the database: per focus area the goal text, each
 * measure with its responsible units, status and narrative; a summary table and a chart of status
 * per goal. DOCX (the chart as a table of bars), tagged PDF (the chart as vector drawing, with a
 * figure description) and XLSX of the whole round.
 */

/** Bar colours per status, distinguishable without colour too: the chart always comes with its numbers. */
const statusColours: Record<StatusCode | 'unreported', string> = {
  not_started: 'B4B4B4',
  started: 'F2C14E',
  ongoing: '3A7BD5',
  done: '2E8B57',
  paused: 'C0504D',
  not_applicable: 'E0E0E0',
  unreported: 'FFFFFF',
};
const chartKeys = [...statusCodes, 'unreported'] as const;

function goalHeading(g: RoundDocument['goals'][number]): string {
  return `${g.number ? `Mål ${g.number}: ` : ''}${g.text}`;
}

function summaryRows(doc: RoundDocument) {
  const header = ['Mål', 'Åtgärder', ...statusCodes.map((c) => labelOf(doc.labels, c)), 'Ej rapporterad', 'Inlämnat', 'Framstegsindex'];
  const rows = doc.progress.goals.map((g) => [
    `${g.number ? `${g.number} ` : ''}${g.text}`,
    String(g.measureCount),
    ...statusCodes.map((c) => String(g.statusCounts[c])),
    String(g.statusCounts.unreported),
    `${g.completion.reported}/${g.completion.total}`,
    g.progressIndex === null ? '–' : `${g.progressIndex} %`,
  ]);
  const p = doc.progress.plan;
  rows.push(['Hela planen', String(p.measureCount), ...statusCodes.map((c) => String(p.statusCounts[c])), String(p.statusCounts.unreported), `${p.completion.reported}/${p.completion.total}`, p.progressIndex === null ? '–' : `${p.progressIndex} %`]);
  return { header, rows };
}

const introLines = (doc: RoundDocument) => [
  doc.planTitle,
  `Period ${doc.round.periodStart} – ${doc.round.periodEnd}. Sista dag för rapportering ${doc.round.deadline}. Sammanställd ${new Date().toISOString().slice(0, 10)}.`,
  `${doc.progress.plan.completion.reported} av ${doc.progress.plan.completion.total} rapporter inlämnade (${doc.progress.plan.completion.percent} %), varav ${doc.progress.plan.completion.approved} godkända.`,
];

const unitLine = (m: RoundDocument['goals'][number]['measures'][number]) =>
  `Ansvarig: ${m.leadUnits.join(', ') || '–'}${m.coUnits.length ? `. Medansvarig: ${m.coUnits.join(', ')}` : ''}`;

const reportLine = (doc: RoundDocument, r: RoundDocument['goals'][number]['measures'][number]['reports'][number]) =>
  `${r.unitName}: ${labelOf(doc.labels, r.status)}${r.progressPercent !== null ? `, ${r.progressPercent} %` : ''} (${stateWords[r.state].toLowerCase()})`;

export const boardReportTitle = (doc: RoundDocument) => `Uppföljning: ${doc.round.name}`;

// --- DOCX --------------------------------------------------------------------------------------

export async function boardReportDocx(db: Db, roundId: string): Promise<{ buffer: Buffer; doc: RoundDocument }> {
  const doc = await loadRoundDocument(db, roundId);
  const title = boardReportTitle(doc);
  const children: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] })];
  for (const line of introLines(doc)) children.push(new Paragraph({ children: [new TextRun(line)] }));

  const cell = (text: string, options: { bold?: boolean; fill?: string } = {}) =>
    new TableCell({
      ...(options.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } } : {}),
      children: [new Paragraph({ children: [new TextRun({ text, bold: options.bold ?? false, size: 18 })] })],
    });
  const { header, rows } = summaryRows(doc);
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Sammanfattning')] }));
  children.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, { bold: true })) }), ...rows.map((r, i) => new TableRow({ children: r.map((c) => cell(c, { bold: i === rows.length - 1 })) }))],
    }),
  );

  // The chart as a table: one row per goal, its measures as coloured cells by status, with the counts written out.
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Diagram: status per mål')] }));
  const widest = Math.max(1, ...doc.progress.goals.map((g) => g.measureCount));
  children.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: doc.progress.goals.map((g) => {
        const segments: TableCell[] = [];
        for (const key of chartKeys) for (let i = 0; i < g.statusCounts[key]; i++) segments.push(cell('', { fill: statusColours[key] }));
        while (segments.length < widest) segments.push(cell(''));
        const counts = chartKeys.filter((k) => g.statusCounts[k] > 0).map((k) => `${k === 'unreported' ? 'Ej rapporterad' : labelOf(doc.labels, k)} ${g.statusCounts[k]}`).join(', ');
        return new TableRow({ children: [cell(g.number ? `Mål ${g.number}` : g.text.slice(0, 40), { bold: true }), ...segments, cell(counts || '–')] });
      }),
    }),
  );
  children.push(
    new Paragraph({
      children: [new TextRun({ text: `Förklaring: ${chartKeys.map((k) => `${k === 'unreported' ? 'Ej rapporterad' : labelOf(doc.labels, k)} (#${statusColours[k]})`).join(', ')}. Varje ruta är en åtgärd.`, size: 16, italics: true })],
    }),
  );

  for (const g of doc.goals) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(goalHeading(g))] }));
    for (const m of g.measures) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(`${m.code ? `${m.code} ` : ''}${m.text}`)] }));
      children.push(new Paragraph({ children: [new TextRun({ text: unitLine(m), italics: true })] }));
      for (const r of m.reports) {
        children.push(new Paragraph({ children: [new TextRun({ text: reportLine(doc, r), bold: true })] }));
        for (const para of r.narrative.split(/\n{2,}/).filter((p) => p.trim())) {
          children.push(new Paragraph({ alignment: AlignmentType.LEFT, children: para.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0 })) }));
        }
      }
    }
  }
  const document = new Document({ creator: 'Fridplan', title, description: doc.planTitle, sections: [{ children }] });
  return { buffer: await Packer.toBuffer(document), doc };
}

// --- PDF ---------------------------------------------------------------------------------------

/**
 * A tagged PDF (structure tree with headings, paragraphs, a table and a figure with alternative
 * text; language Swedish; the title shown in the window). pdfkit's built-in Helvetica is WinAnsi,
 * which covers Swedish letters.
 */
export async function boardReportPdf(db: Db, roundId: string): Promise<{ buffer: Buffer; doc: RoundDocument }> {
  const data = await loadRoundDocument(db, roundId);
  const title = boardReportTitle(data);
  const buffer = await new Promise<Buffer>((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 56, tagged: true, lang: 'sv-SE', displayTitle: true, pdfVersion: '1.7', info: { Title: title, Subject: data.planTitle, Creator: 'Fridplan' } });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    const root = pdf.struct('Document');
    pdf.addStructure(root);
    const block = (tag: string, draw: () => void) => root.add(pdf.struct(tag, {}, [() => draw()]));
    const width = pdf.page.width - 112;
    const ensureSpace = (h: number) => {
      if (pdf.y + h > pdf.page.height - 56) pdf.addPage();
    };

    block('H1', () => pdf.font('Helvetica-Bold').fontSize(18).text(title, { width }));
    pdf.moveDown(0.3);
    for (const line of introLines(data)) block('P', () => pdf.font('Helvetica').fontSize(10).text(line, { width }));

    pdf.moveDown(0.6);
    block('H2', () => pdf.font('Helvetica-Bold').fontSize(14).text('Sammanfattning', { width }));
    pdf.moveDown(0.2);
    // The summary table, drawn as rows of cells; tagged as a table of rows.
    const { header, rows } = summaryRows(data);
    const firstWidth = 150;
    const otherWidth = (width - firstWidth) / (header.length - 1);
    const colX = (i: number) => 56 + (i === 0 ? 0 : firstWidth + (i - 1) * otherWidth);
    const colW = (i: number) => (i === 0 ? firstWidth : otherWidth);
    const table = pdf.struct('Table');
    root.add(table);
    [header, ...rows].forEach((cells, r) => {
      pdf.font(r === 0 || r === rows.length ? 'Helvetica-Bold' : 'Helvetica').fontSize(7);
      const height = Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: colW(i) - 4 }))) + 4;
      ensureSpace(height);
      const y = pdf.y;
      const tr = pdf.struct('TR');
      table.add(tr);
      cells.forEach((c, i) => tr.add(pdf.struct(r === 0 ? 'TH' : 'TD', {}, [() => pdf.text(c, colX(i) + 2, y + 2, { width: colW(i) - 4 })])));
      tr.end();
      pdf.save().lineWidth(0.3).strokeColor('#999999').moveTo(56, y + height).lineTo(56 + width, y + height).stroke().restore();
      pdf.x = 56;
      pdf.y = y + height;
    });
    table.end();

    // The chart: one horizontal bar per goal, segments per status; an artifact in the content, with a figure description in the structure.
    pdf.moveDown(0.8);
    block('H2', () => pdf.font('Helvetica-Bold').fontSize(14).text('Status per mål', 56, pdf.y, { width }));
    const goals = data.progress.goals;
    const barHeight = 14;
    const labelWidth = 70;
    const chartWidth = width - labelWidth - 10;
    const widest = Math.max(1, ...goals.map((g) => g.measureCount));
    const alt = `Stapeldiagram över åtgärdernas status per mål: ${goals
      .map((g) => `${g.number ? `mål ${g.number}` : g.text}: ${chartKeys.filter((k) => g.statusCounts[k] > 0).map((k) => `${g.statusCounts[k]} ${k === 'unreported' ? 'ej rapporterad' : labelOf(data.labels, k).toLowerCase()}`).join(', ')}`)
      .join('; ')}.`;
    ensureSpace(goals.length * (barHeight + 6) + 40);
    root.add(
      pdf.struct('Figure', { alt }, [
        () => {
          let y = pdf.y + 6;
          for (const g of goals) {
            pdf.font('Helvetica').fontSize(8).fillColor('#000000').text(g.number ? `Mål ${g.number}` : g.text.slice(0, 16), 56, y + 3, { width: labelWidth, lineBreak: false });
            let x = 56 + labelWidth + 10;
            for (const key of chartKeys) {
              const n = g.statusCounts[key];
              if (n === 0) continue;
              const w = (chartWidth * n) / widest;
              pdf.save().rect(x, y, w, barHeight).fillAndStroke(`#${statusColours[key]}`, '#555555').restore();
              x += w;
            }
            y += barHeight + 6;
          }
          // Legend.
          let x = 56;
          for (const key of chartKeys) {
            const label = key === 'unreported' ? 'Ej rapporterad' : labelOf(data.labels, key);
            pdf.save().rect(x, y + 2, 8, 8).fillAndStroke(`#${statusColours[key]}`, '#555555').restore();
            pdf.font('Helvetica').fontSize(7).fillColor('#000000').text(label, x + 11, y + 2, { lineBreak: false });
            x += 11 + pdf.widthOfString(label) + 10;
          }
          pdf.x = 56;
          pdf.y = y + 18;
        },
      ]),
    );

    for (const g of data.goals) {
      pdf.addPage();
      block('H2', () => pdf.font('Helvetica-Bold').fontSize(14).fillColor('#000000').text(goalHeading(g), 56, pdf.y, { width }));
      pdf.moveDown(0.3);
      for (const m of g.measures) {
        ensureSpace(60);
        block('H3', () => pdf.font('Helvetica-Bold').fontSize(11).text(`${m.code ? `${m.code} ` : ''}${m.text}`, { width }));
        block('P', () => pdf.font('Helvetica-Oblique').fontSize(9).text(unitLine(m), { width }));
        for (const r of m.reports) {
          block('P', () => pdf.font('Helvetica-Bold').fontSize(9).text(reportLine(data, r), { width }));
          if (r.narrative.trim()) block('P', () => pdf.font('Helvetica').fontSize(9).text(r.narrative, { width }));
        }
        pdf.moveDown(0.5);
      }
    }
    root.end();
    pdf.end();
  });
  return { buffer, doc: data };
}

// --- XLSX --------------------------------------------------------------------------------------

export async function boardReportXlsx(db: Db, roundId: string): Promise<{ buffer: Buffer; doc: RoundDocument }> {
  const doc = await loadRoundDocument(db, roundId);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fridplan';
  workbook.title = boardReportTitle(doc);
  const summary = workbook.addWorksheet('Sammanfattning');
  summary.addRow([boardReportTitle(doc)]).font = { bold: true, size: 14 };
  for (const line of introLines(doc)) summary.addRow([line]);
  summary.addRow([]);
  const { header, rows } = summaryRows(doc);
  summary.addRow(header).font = { bold: true };
  for (const r of rows) summary.addRow(r.map((c, i) => (i > 0 && /^\d+$/.test(c) ? Number(c) : c)));
  summary.getColumn(1).width = 60;

  const all = workbook.addWorksheet('Åtgärder', { views: [{ state: 'frozen', ySplit: 1 }] });
  all.columns = [
    { header: 'Mål', key: 'goal', width: 40 },
    { header: 'Åtgärd nr', key: 'code', width: 10 },
    { header: 'Åtgärd', key: 'measure', width: 60 },
    { header: 'Ansvariga enheter', key: 'lead', width: 30 },
    { header: 'Medansvariga enheter', key: 'co', width: 30 },
    { header: 'Enhet', key: 'unit', width: 28 },
    { header: 'Status', key: 'status', width: 16 },
    { header: 'Framsteg (%)', key: 'progress', width: 12 },
    { header: 'Läge', key: 'state', width: 12 },
    { header: 'Beskrivning', key: 'narrative', width: 80 },
  ];
  all.getRow(1).font = { bold: true };
  for (const g of doc.goals) {
    for (const m of g.measures) {
      for (const r of m.reports) {
        all.addRow({
          goal: goalHeading(g),
          code: m.code ?? '',
          measure: m.text,
          lead: m.leadUnits.join(', '),
          co: m.coUnits.join(', '),
          unit: r.unitName,
          status: labelOf(doc.labels, r.status),
          progress: r.progressPercent ?? null,
          state: stateWords[r.state],
          narrative: r.narrative,
        }).alignment = { vertical: 'top', wrapText: true };
      }
    }
  }
  return { buffer: Buffer.from(await workbook.xlsx.writeBuffer()), doc };
}
