import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/followup.js';
import { type ReportState, type StatusCode, type StatusLabel, isStatusCode } from '../domain/follow-up.js';
import { getRoundProgress, getStatusLabels, getRound, goalIndex } from './follow-up.js';

/**
 * Everything a document about a round says, read from the database once: the plan, its goals in
 * document order, each measure with its responsible units and their reports, the progress roll-up.
 * The board report (DOCX, PDF, XLSX) and the spreadsheet export are written from this.
 */
export interface RoundDocument {
  round: repo.RoundRow;
  planTitle: string;
  labels: StatusLabel[];
  progress: Awaited<ReturnType<typeof getRoundProgress>>;
  goals: {
    id: string;
    number: string | null;
    text: string;
    measures: {
      id: string;
      code: string | null;
      text: string;
      leadUnits: string[];
      coUnits: string[];
      reports: {
        id: string;
        unitId: string;
        unitName: string;
        unitRole: 'lead' | 'co';
        status: StatusCode | null;
        progressPercent: number | null;
        narrative: string;
        state: ReportState;
      }[];
    }[];
  }[];
}

export async function loadRoundDocument(db: Db, roundId: string, options: { unitId?: string | undefined } = {}): Promise<RoundDocument> {
  const round = await getRound(db, roundId);
  const plan = await repo.planTitle(db, round.planId);
  const structure = await repo.loadPlanStructure(db, round.planId);
  const index = goalIndex(structure.nodes);
  const rows = await repo.listReports(db, { roundId, unitIds: options.unitId ? [options.unitId] : undefined });
  const { labels } = await getStatusLabels(db, round.organizationId);
  const progress = await getRoundProgress(db, roundId);
  // Measures in document order: goals by position, then nodes depth-first, then measures by position.
  const children = new Map<string | null, typeof structure.nodes>();
  for (const n of structure.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const order = new Map<string, number>();
  const walk = (parentId: string | null) => {
    for (const n of (children.get(parentId) ?? []).sort((a, b) => a.position - b.position)) {
      order.set(n.id, order.size);
      walk(n.id);
    }
  };
  walk(null);
  const measures = [...structure.measures].sort((a, b) => (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0) || a.position - b.position);
  const goals: RoundDocument['goals'] = index.goals.map((g) => ({ id: g.id, number: g.number, text: g.text, measures: [] }));
  for (const m of measures) {
    const reports = rows
      .filter((r) => r.report.measureId === m.id)
      .map((r) => ({
        id: r.report.id,
        unitId: r.report.unitId,
        unitName: r.unitName,
        unitRole: r.report.unitRole as 'lead' | 'co',
        status: isStatusCode(r.report.status) ? r.report.status : null,
        progressPercent: r.report.progressPercent,
        narrative: r.report.narrative,
        state: r.report.state as ReportState,
      }))
      .sort((a, b) => (a.unitRole === b.unitRole ? a.unitName.localeCompare(b.unitName, 'sv') : a.unitRole === 'lead' ? -1 : 1));
    // A unit's part of a round lists only the measures it reports on.
    if (options.unitId && reports.length === 0) continue;
    const links = structure.links.filter((l) => l.measureId === m.id);
    goals
      .find((g) => g.id === index.goalOf(m.nodeId).id)!
      .measures.push({
        id: m.id,
        code: m.code,
        text: m.text,
        leadUnits: links.filter((l) => l.role === 'lead').map((l) => l.name),
        coUnits: links.filter((l) => l.role === 'co').map((l) => l.name),
        reports,
      });
  }
  return { round, planTitle: plan?.title ?? '', labels, progress, goals };
}

export const labelOf = (labels: readonly StatusLabel[], code: StatusCode | null, language: 'sv' | 'en' = 'sv'): string =>
  code === null ? (language === 'sv' ? 'Ej rapporterad' : 'Not reported') : (labels.find((l) => l.code === code)?.[language] ?? code);

export const stateWords: Record<ReportState, string> = { draft: 'Utkast', submitted: 'Inlämnad', returned: 'Återsänd', approved: 'Godkänd' };

/** A file name without characters that trouble browsers or file systems. */
export function documentFileName(name: string, extension: string): string {
  const base = name.normalize('NFC').replace(/[^\p{L}\p{N} ._-]+/gu, '').replace(/\s+/g, '-').slice(0, 80) || 'uppfoljning';
  return `${base}.${extension}`;
}
