import type { CalendarEventRow, RevisionRow } from '../db/repositories/followup.js';
import type { StatusCode, ReportState } from '../domain/follow-up.js';
import type { ImportAnalysis } from '../services/follow-up-xlsx.js';
import type { Language } from '../i18n/api-messages.js';
import { translate } from '../i18n/api-messages.js';
import type { ReportView } from '../services/follow-up.js';
import { iso } from './presenters.js';

const isoOrNull = (v: string | null) => (v === null ? null : iso(v));

/** Rounds as the service presents them, with timestamps in ISO 8601 UTC whichever driver read them. */
export function presentRound<R extends { openedAt: string | null; closedAt: string | null; createdAt: string; updatedAt: string }>(r: R): R {
  return { ...r, openedAt: isoOrNull(r.openedAt), closedAt: isoOrNull(r.closedAt), createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) };
}

export function presentReport(r: ReportView) {
  return { ...r, submittedAt: isoOrNull(r.submittedAt), approvedAt: isoOrNull(r.approvedAt), updatedAt: iso(r.updatedAt) };
}

export const presentRevision = (r: RevisionRow) => ({
  id: r.id,
  reportId: r.reportId,
  revision: r.revision,
  status: (r.status as StatusCode | null) ?? null,
  progressPercent: r.progressPercent,
  narrative: r.narrative,
  evidenceLinks: r.evidenceLinks,
  state: r.state as ReportState,
  note: r.note,
  changedBy: r.changedBy,
  createdAt: iso(r.createdAt),
});

export const presentCalendarEvent = (e: CalendarEventRow) => ({
  id: e.id,
  organizationId: e.organizationId,
  title: e.title,
  description: e.description,
  kind: e.kind as 'deadline' | 'decision' | 'campaign' | 'meeting' | 'other',
  startDate: e.startDate,
  endDate: e.endDate,
  recursYearly: e.recursYearly,
  isPublic: e.isPublic,
  planId: e.planId,
  roundId: e.roundId,
  version: e.version,
  createdAt: iso(e.createdAt),
  updatedAt: iso(e.updatedAt),
});

/** An import analysis with each row problem's message in the caller's language. */
export function presentImport(roundId: string, analysis: ImportAnalysis, language: Language) {
  return {
    roundId,
    counts: analysis.counts,
    rows: analysis.rows.map((r) => ({
      row: r.row,
      reportId: r.reportId,
      measureCode: r.measureCode,
      unitName: r.unitName,
      outcome: r.outcome,
      changes: r.changes,
      problems: r.problems.map((p) => ({ code: p.code, message: translate(language, p.code, p.params), ...(p.column ? { column: p.column } : {}) })),
    })),
  };
}
