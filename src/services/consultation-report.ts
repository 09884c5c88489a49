import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import PDFDocument from 'pdfkit';
import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/consultations.js';
import { compileReport, recipientStatus, type CompiledReport, type ConsultationState, type RecipientKind } from '../domain/consultation.js';
import { diffPlanContent } from '../domain/diff.js';
import { remapContentIds } from '../domain/consultation.js';
import { reportLabels, type ReportLanguage } from '../i18n/api-messages-consultation.js';
import { listChanges, loadAnswers } from './consultations.js';
import { AppError } from './errors.js';

/**
 * The compiled report (remissammanställning / samrådsredogörelse): who was asked, who answered and
 * how, each comment with its disposition and reason, and the changes made in the next version. As
 * data (for the page and the public page), as DOCX and as PDF.
 */
export async function compileConsultationReport(db: Db, id: string, now = new Date()): Promise<CompiledReport> {
  const answers = await loadAnswers(db, id);
  const { consultation, content, next } = answers;
  const context = await repo.consultationContext(db, consultation);
  const changes = next
    ? listChanges(diffPlanContent(remapContentIds(content, consultation.nextIdMap), next)).map((c) => ({
        ...c,
        commentIds: answers.responses
          .flatMap((r) => r.comments)
          .filter((m) => m.disposition?.linkedId && (consultation.nextIdMap[m.disposition.linkedId] ?? m.disposition.linkedId) === c.id)
          .map((m) => m.id),
      }))
    : null;
  const mapId = (linkedId: string | null) => (linkedId ? (consultation.nextIdMap[linkedId] ?? linkedId) : null);
  return compileReport({
    consultation: { id, title: consultation.title, deadline: consultation.deadline, sentAt: consultation.sentAt, closedAt: consultation.closedAt, state: consultation.state as ConsultationState },
    organizationName: context.organizationName,
    planTitle: context.planTitle,
    versionNumber: context.versionNumber,
    content,
    recipients: answers.recipients.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind as RecipientKind,
      status: recipientStatus({ consultationState: consultation.state as ConsultationState, deadline: consultation.deadline, sentAt: consultation.sentAt, openedAt: r.openedAt, answeredAt: r.answeredAt, declinedAt: r.declinedAt }, now),
      answeredAt: r.answeredAt,
    })),
    responses: answers.responses.map((r) => ({ recipientId: r.recipientId, position: r.position!, statement: r.statement, submittedAt: r.submittedAt!, attachments: r.attachments.map((a) => a.filename) })),
    comments: answers.responses.flatMap((r) =>
      r.comments.map((c) => ({
        id: c.id,
        recipientId: r.recipientId,
        anchor: c.anchor,
        text: c.text,
        disposition: c.disposition ? { disposition: c.disposition.disposition, reason: c.disposition.reason, linkedId: mapId(c.disposition.linkedId), note: c.disposition.note, decidedBy: c.disposition.decidedBy } : null,
      })),
    ),
    changes,
  });
}

/** The public page: only what the consultation has published. */
export async function publicConsultationReport(db: Db, id: string) {
  const row = await repo.findConsultation(db, id);
  if (!row || !row.published) throw new AppError(404, 'not_found', { params: { entity: 'consultation' } });
  return compileConsultationReport(db, id);
}

const date = (value: string | null) => (value ? new Date(value).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }) : '–');

/** The report as a sequence of blocks, so DOCX and PDF say exactly the same. */
type Block = { kind: 'title' | 'heading' | 'subheading' | 'text' | 'small'; text: string } | { kind: 'table'; header: string[]; rows: string[][] };

export function reportBlocks(report: CompiledReport, language: ReportLanguage): Block[] {
  const l = reportLabels[language];
  const label = (key: string) => l[key] ?? key;
  const blocks: Block[] = [
    { kind: 'title', text: `${l.heading}: ${report.title}` },
    { kind: 'text', text: `${report.organizationName}. ${l.plan}: ${report.planTitle} (${l.version} ${report.versionNumber}).` },
    { kind: 'text', text: `${l.deadline}: ${report.deadline}. ${l.sent}: ${date(report.sentAt)}.${report.closedAt ? ` ${l.closed}: ${date(report.closedAt)}.` : ''}` },
    { kind: 'heading', text: l.summary! },
    {
      kind: 'text',
      text: `${l.asked}: ${report.summary.asked}. ${l.answered}: ${report.summary.answered}. ${l.declined}: ${report.summary.declined}. ${l.notAnswered}: ${report.summary.notAnswered}. ${l.late}: ${report.summary.late}.`,
    },
    {
      kind: 'text',
      text: Object.entries(report.summary.byPosition)
        .map(([p, n]) => `${label(`position.${p}`)}: ${n}`)
        .join('. '),
    },
    { kind: 'heading', text: l.recipients! },
    {
      kind: 'table',
      header: [l.recipient!, l.status!, l.position!],
      rows: report.recipients.map((r) => [`${r.name} (${label(`kind.${r.kind}`)})`, `${label(`status.${r.status}`)}${r.answeredAt ? ` ${date(r.answeredAt)}` : ''}${r.late ? ` (${l.lateMark})` : ''}`, r.position ? label(`position.${r.position}`) : '–']),
    },
    { kind: 'heading', text: l.responses! },
  ];
  for (const r of report.responses) {
    blocks.push({ kind: 'subheading', text: `${r.recipient}: ${label(`position.${r.position}`)} (${date(r.submittedAt)}${r.late ? `, ${l.lateMark}` : ''})` });
    if (r.statement) blocks.push({ kind: 'text', text: r.statement });
    if (r.attachments.length) blocks.push({ kind: 'small', text: `${l.attachments}: ${r.attachments.join(', ')}` });
  }
  blocks.push({ kind: 'heading', text: l.comments! });
  for (const group of report.groups) {
    // A goal's label already carries its number ("Fokusområde 2 …"); a measure's is its text.
    const target = group.target.kind === 'plan' ? l.wholePlan! : group.target.kind === 'measure' ? `${group.target.number} ${group.target.label}` : group.target.label;
    blocks.push({ kind: 'subheading', text: target });
    for (const c of group.comments) {
      blocks.push({ kind: 'text', text: `${c.recipient}: ${c.text}` });
      if (c.quote) blocks.push({ kind: 'small', text: `${l.quote}: ”${c.quote}”` });
      const decision = c.disposition ? `${l.disposition}: ${label(`disposition.${c.disposition}`)}. ${l.reason}: ${c.reason}` : `${l.disposition}: ${l.undecided}`;
      blocks.push({ kind: 'small', text: decision });
      if (c.change) blocks.push({ kind: 'small', text: `${l.change}: ${c.change}` });
      if (c.note) blocks.push({ kind: 'small', text: `${l.note}: ${c.note}` });
    }
  }
  blocks.push({ kind: 'heading', text: l.changes! });
  if (report.changes.length === 0) blocks.push({ kind: 'text', text: l.noChanges! });
  for (const c of report.changes) {
    blocks.push({ kind: 'text', text: `${label(`change.${c.change}`)} – ${label(`changeKind.${c.kind}`)} ${c.number} ${c.text}${c.fields.length ? ` (${c.fields.join(', ')})` : ''}` });
    for (const comment of c.comments) blocks.push({ kind: 'small', text: `${l.basedOn}: ${comment.recipient}: ${comment.text}` });
  }
  return blocks;
}

export async function renderReportDocx(report: CompiledReport, language: ReportLanguage): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  for (const block of reportBlocks(report, language)) {
    switch (block.kind) {
      case 'title':
        children.push(new Paragraph({ text: block.text, heading: HeadingLevel.TITLE }));
        break;
      case 'heading':
        children.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_1 }));
        break;
      case 'subheading':
        children.push(new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2 }));
        break;
      case 'text':
        for (const line of block.text.split(/\n+/)) children.push(new Paragraph({ text: line }));
        break;
      case 'small':
        children.push(new Paragraph({ children: [new TextRun({ text: block.text, size: 18, italics: true })] }));
        break;
      case 'table': {
        const row = (cells: string[], header = false) =>
          new TableRow({ tableHeader: header, children: cells.map((cell) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: cell, bold: header })] })] })) });
        children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [row(block.header, true), ...block.rows.map((r) => row(r))] }));
        break;
      }
    }
  }
  const document = new Document({ creator: 'Fridplan', title: report.title, sections: [{ children }] });
  return Packer.toBuffer(document);
}

/** pdfkit's built-in Helvetica (WinAnsi) covers å, ä, ö and the other letters of Swedish names. */
export function renderReportPdf(report: CompiledReport, language: ReportLanguage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: report.title, Creator: 'Fridplan' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const block of reportBlocks(report, language)) {
      switch (block.kind) {
        case 'title':
          doc.font('Helvetica-Bold').fontSize(16).text(block.text).moveDown(0.5);
          break;
        case 'heading':
          doc.moveDown(0.5).font('Helvetica-Bold').fontSize(13).text(block.text).moveDown(0.3);
          break;
        case 'subheading':
          doc.moveDown(0.3).font('Helvetica-Bold').fontSize(11).text(block.text).moveDown(0.2);
          break;
        case 'text':
          doc.font('Helvetica').fontSize(10).text(block.text).moveDown(0.2);
          break;
        case 'small':
          doc.font('Helvetica-Oblique').fontSize(9).text(block.text).moveDown(0.2);
          break;
        case 'table':
          doc.font('Helvetica-Bold').fontSize(10).text(block.header.join(' | '));
          doc.font('Helvetica').fontSize(10);
          for (const row of block.rows) doc.text(row.join(' | '));
          doc.moveDown(0.3);
          break;
      }
    }
    doc.end();
  });
}
