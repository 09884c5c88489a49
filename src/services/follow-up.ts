import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/followup.js';
import { canCoordinate, membershipIn, type Actor } from '../domain/access.js';
import {
  allowedReportActions,
  compareRounds,
  effectiveStatusLabels,
  isStatusCode,
  nextReportState,
  roundProgress,
  type ReportAction,
  type ReportFact,
  type ReportState,
  type StatusCode,
  type StatusLabel,
} from '../domain/follow-up.js';
import type { EvidenceLink } from '../db/schema-followup.js';
import { isPublished } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { AppError, invalidFields, ProblemList, stateConflict, versionConflict } from './errors.js';
import { scheduleRoundReminders, cancelRoundReminders } from './follow-up-reminders.js';
import { inTransaction } from './transaction.js';
import { actorName } from '../domain/access.js';

/*
 * Follow-up rounds and status reports. A round is planned, then opened (which creates one report
 * per unit × measure, schedules the reminders and puts the deadline on the annual wheel), then
 * closed. Reports go draft → submitted → approved | returned; approved reports are locked and a
 * coordinator's later change makes a new revision.
 */

const notFound = (entity: 'round' | 'status_report' | 'plan') => new AppError(404, 'not_found', { params: { entity } });

// --- plan structure ----------------------------------------------------------------------------

export interface GoalInfo {
  id: string;
  number: string | null;
  text: string;
  position: number;
}

/** The plan's top-level goals (focus areas) in document order, and each node's goal. */
export function goalIndex(nodes: { id: string; parentId: string | null; number: string | null; text: string; position: number }[]) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rootOf = new Map<string, string>();
  const root = (id: string): string => {
    const cached = rootOf.get(id);
    if (cached) return cached;
    let n = byId.get(id)!;
    const seen = new Set<string>();
    while (n.parentId && byId.has(n.parentId) && !seen.has(n.id)) {
      seen.add(n.id);
      n = byId.get(n.parentId)!;
    }
    rootOf.set(id, n.id);
    return n.id;
  };
  const goals: GoalInfo[] = nodes
    .filter((n) => n.parentId === null)
    .sort((a, b) => a.position - b.position)
    .map((n) => ({ id: n.id, number: n.number, text: n.text, position: n.position }));
  return { goals, goalOf: (nodeId: string) => byId.get(root(nodeId))! };
}

// --- presenting --------------------------------------------------------------------------------

export interface ReportView {
  id: string;
  organizationId: string;
  roundId: string;
  planId: string;
  roundName: string;
  roundState: 'planned' | 'open' | 'closed';
  deadline: string;
  unitId: string;
  unitName: string;
  unitRole: 'lead' | 'co';
  measureId: string;
  measureCode: string | null;
  measureText: string;
  goalId: string;
  goalNumber: string | null;
  goalText: string;
  status: StatusCode | null;
  progressPercent: number | null;
  narrative: string;
  evidenceLinks: EvidenceLink[];
  state: ReportState;
  returnComment: string | null;
  submittedAt: string | null;
  approvedAt: string | null;
  revision: number;
  allowedActions: ReportAction[];
  version: number;
  updatedAt: string;
}

/** What this actor may do with a report now: the state machine, the round's state and their role. */
export function actionsFor(actor: Actor, r: { organizationId: string; unitId: string; state: string }, roundState: string): ReportAction[] {
  if (roundState !== 'open') return [];
  const coordinator = canCoordinate(actor, r.organizationId);
  const m = membershipIn(actor, r.organizationId);
  const reporter = coordinator || (m?.role === 'reporter' && m.unitIds.includes(r.unitId));
  return allowedReportActions(r.state as ReportState).filter((a) => {
    if (a === 'approve' || a === 'return' || a === 'revise') return coordinator;
    return reporter;
  });
}

async function structureCache(db: Db) {
  const cache = new Map<string, ReturnType<typeof goalIndex>>();
  return async (planId: string) => {
    let index = cache.get(planId);
    if (!index) {
      const s = await repo.loadPlanStructure(db, planId);
      index = goalIndex(s.nodes);
      cache.set(planId, index);
    }
    return index;
  };
}

export async function presentReports(db: Db, actor: Actor, rows: repo.ReportWithContext[]): Promise<ReportView[]> {
  const structure = await structureCache(db);
  const out: ReportView[] = [];
  for (const row of rows) {
    const goal = (await structure(row.planId)).goalOf(row.measureNodeId);
    const r = row.report;
    out.push({
      id: r.id,
      organizationId: r.organizationId,
      roundId: r.roundId,
      planId: row.planId,
      roundName: row.roundName,
      roundState: row.roundState as ReportView['roundState'],
      deadline: row.deadline,
      unitId: r.unitId,
      unitName: row.unitName,
      unitRole: r.unitRole as 'lead' | 'co',
      measureId: r.measureId,
      measureCode: row.measureCode,
      measureText: row.measureText,
      goalId: goal.id,
      goalNumber: goal.number,
      goalText: goal.text,
      status: (r.status as StatusCode | null) ?? null,
      progressPercent: r.progressPercent,
      narrative: r.narrative,
      evidenceLinks: r.evidenceLinks,
      state: r.state as ReportState,
      returnComment: r.returnComment,
      submittedAt: r.submittedAt,
      approvedAt: r.approvedAt,
      revision: r.revision,
      allowedActions: actionsFor(actor, r, row.roundState),
      version: r.version,
      updatedAt: r.updatedAt,
    });
  }
  return out;
}

export async function presentRounds(db: Db, rows: repo.RoundRow[]) {
  const counts = await repo.reportStateCounts(db, rows.map((r) => r.id));
  const titles = new Map<string, string>();
  const out = [];
  for (const r of rows) {
    if (!titles.has(r.planId)) titles.set(r.planId, (await repo.planTitle(db, r.planId))?.title ?? '');
    const mine = counts.filter((c) => c.roundId === r.id);
    const n = (state: string) => mine.find((c) => c.state === state)?.n ?? 0;
    const previous = await repo.findPreviousRound(db, r);
    out.push({
      id: r.id,
      organizationId: r.organizationId,
      planId: r.planId,
      planTitle: titles.get(r.planId)!,
      name: r.name,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      deadline: r.deadline,
      state: r.state as 'planned' | 'open' | 'closed',
      includeCoResponsible: r.includeCoResponsible,
      reminderDaysBefore: r.reminderDaysBefore,
      previousRoundId: previous?.id ?? null,
      openedAt: r.openedAt,
      closedAt: r.closedAt,
      reportCounts: { total: mine.reduce((a, c) => a + c.n, 0), draft: n('draft'), submitted: n('submitted'), returned: n('returned'), approved: n('approved') },
      version: r.version,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    });
  }
  return out;
}

// --- rounds ------------------------------------------------------------------------------------

export interface RoundInput {
  name?: string | undefined;
  periodStart?: string | undefined;
  periodEnd?: string | undefined;
  deadline?: string | undefined;
  includeCoResponsible?: boolean | undefined;
  reminderDaysBefore?: number | undefined;
}

function checkRound(values: { periodStart: string; periodEnd: string; deadline: string }) {
  const problems = new ProblemList();
  if (values.periodEnd < values.periodStart) problems.add('body.periodEnd', 'before_valid_from');
  if (values.deadline < values.periodStart) problems.add('body.deadline', 'round_deadline_before_period');
  problems.throwIfAny();
}

export async function getRound(db: Db, id: string): Promise<repo.RoundRow> {
  const round = await repo.findRound(db, id);
  if (!round) throw notFound('round');
  return round;
}

export const listPlanRounds = (db: Db, planId: string) => repo.listPlanRounds(db, planId);

export async function createRound(db: Db, actor: Actor, planId: string, input: Required<RoundInput>): Promise<repo.RoundRow> {
  return inTransaction(db, async (tx) => {
    const plan = await repo.planTitle(tx, planId);
    if (!plan) throw notFound('plan');
    // Follow-up is of a decided plan: drafts and plans out on consultation have nothing to report on yet.
    if (!isPublished(plan.status)) throw stateConflict('round_plan_not_adopted', { status: plan.status });
    checkRound(input);
    const round = await repo.insertRound(tx, { organizationId: plan.organizationId, planId, ...input });
    await recordAudit(tx, actor, { organizationId: plan.organizationId, entity: 'round', entityId: round.id, planId, action: 'create', after: round });
    return round;
  });
}

export async function updateRound(db: Db, actor: Actor, id: string, input: RoundInput & { version: number }): Promise<repo.RoundRow> {
  return inTransaction(db, async (tx) => {
    const before = await repo.lockRound(tx, id);
    if (!before) throw notFound('round');
    if (before.version !== input.version) throw versionConflict(before);
    if (before.state === 'closed') throw stateConflict('round_closed');
    const { version, ...values } = input;
    if (before.state === 'open') {
      // Once reports exist, who reports (and on what period) is settled.
      const fixed = (['periodStart', 'periodEnd', 'includeCoResponsible'] as const).filter((k) => values[k] !== undefined && values[k] !== before[k]);
      if (fixed.length) throw invalidFields(fixed.map((k) => ({ path: `body.${k}`, code: 'round_field_fixed_when_open' })));
    }
    checkRound({ periodStart: values.periodStart ?? before.periodStart, periodEnd: values.periodEnd ?? before.periodEnd, deadline: values.deadline ?? before.deadline });
    const after = await repo.updateRound(tx, id, version, values);
    if (!after) throw versionConflict(before);
    if (after.state === 'open' && (after.deadline !== before.deadline || after.reminderDaysBefore !== before.reminderDaysBefore)) {
      await scheduleRoundReminders(tx, after);
    }
    if (after.state === 'open' && (after.deadline !== before.deadline || after.name !== before.name)) await syncRoundEvent(tx, after);
    await recordAudit(tx, actor, { organizationId: after.organizationId, entity: 'round', entityId: id, planId: after.planId, action: 'update', before, after });
    return after;
  });
}

export async function deleteRound(db: Db, actor: Actor, id: string, version: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await repo.lockRound(tx, id);
    if (!before) throw notFound('round');
    if (before.version !== version) throw versionConflict(before);
    if (before.state !== 'planned') throw stateConflict('round_not_deletable', { state: before.state });
    await repo.deleteRound(tx, id, version);
    await recordAudit(tx, actor, { organizationId: before.organizationId, entity: 'round', entityId: id, planId: before.planId, action: 'delete', before });
  });
}

/** Puts the round's deadline on the organization's annual wheel (or moves it). */
async function syncRoundEvent(tx: Db, round: repo.RoundRow): Promise<void> {
  const existing = await repo.findRoundEvent(tx, round.id);
  const values = { title: `Sista dag för rapportering: ${round.name}`, startDate: round.deadline, endDate: round.deadline };
  if (existing) await repo.updateCalendarEvent(tx, existing.id, null, values);
  else await repo.insertCalendarEvent(tx, { organizationId: round.organizationId, kind: 'deadline', planId: round.planId, roundId: round.id, isPublic: false, recursYearly: false, description: null, ...values });
}

/** Opens a planned round: one draft report per unit × measure (lead units, and co-responsible ones if chosen). */
export async function openRound(db: Db, actor: Actor, id: string, version: number): Promise<repo.RoundRow> {
  return inTransaction(db, async (tx) => {
    const before = await repo.lockRound(tx, id);
    if (!before) throw notFound('round');
    if (before.version !== version) throw versionConflict(before);
    if (before.state !== 'planned') throw stateConflict('round_transition_not_allowed', { from: before.state, to: 'open' });
    const structure = await repo.loadPlanStructure(tx, before.planId);
    const wanted = structure.links.filter((l) => l.role === 'lead' || (before.includeCoResponsible && l.role === 'co'));
    if (wanted.length === 0) throw stateConflict('round_nothing_to_report');
    // A unit both lead and co on one measure (not allowed by the plan editor, but imported data may) reports once, as lead.
    const seen = new Set<string>();
    const values: repo.ReportInsert[] = [];
    for (const l of [...wanted].sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1))) {
      const key = `${l.measureId}:${l.unitId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      values.push({ organizationId: before.organizationId, roundId: id, measureId: l.measureId, unitId: l.unitId, unitRole: l.role });
    }
    const created = await repo.insertReports(tx, values);
    const after = await repo.updateRound(tx, id, version, { state: 'open', openedAt: new Date().toISOString() });
    if (!after) throw versionConflict(before);
    await scheduleRoundReminders(tx, after);
    await syncRoundEvent(tx, after);
    await recordAudit(tx, actor, { organizationId: after.organizationId, entity: 'round', entityId: id, planId: after.planId, action: 'open', before, after: { ...after, reportsCreated: created } });
    return after;
  });
}

export async function closeRound(db: Db, actor: Actor, id: string, version: number): Promise<repo.RoundRow> {
  return inTransaction(db, async (tx) => {
    const before = await repo.lockRound(tx, id);
    if (!before) throw notFound('round');
    if (before.version !== version) throw versionConflict(before);
    if (before.state !== 'open') throw stateConflict('round_transition_not_allowed', { from: before.state, to: 'closed' });
    const after = await repo.updateRound(tx, id, version, { state: 'closed', closedAt: new Date().toISOString() });
    if (!after) throw versionConflict(before);
    await cancelRoundReminders(tx, id);
    await recordAudit(tx, actor, { organizationId: after.organizationId, entity: 'round', entityId: id, planId: after.planId, action: 'close', before, after });
    return after;
  });
}

// --- status reports ----------------------------------------------------------------------------

export async function getReport(db: Db, id: string): Promise<repo.ReportWithContext> {
  const row = await repo.findReport(db, id);
  if (!row) throw notFound('status_report');
  return row;
}

export async function listRoundReports(db: Db, roundId: string, filter: { unitId?: string | undefined; states?: string[] | undefined; goalId?: string | undefined }) {
  const rows = await repo.listReports(db, { roundId, unitIds: filter.unitId ? [filter.unitId] : undefined, states: filter.states });
  if (!filter.goalId) return rows;
  const round = await getRound(db, roundId);
  const index = goalIndex((await repo.loadPlanStructure(db, round.planId)).nodes);
  return rows.filter((r) => index.goalOf(r.measureNodeId).id === filter.goalId);
}

/** "What I owe": reports of the actor's units (as reporter) in open rounds, or in all rounds. */
export async function listMyReports(db: Db, actor: Actor, include: 'open' | 'all') {
  if (actor.kind !== 'user') return [];
  const unitIds = actor.memberships.filter((m) => m.role === 'reporter').flatMap((m) => m.unitIds);
  if (unitIds.length === 0) return [];
  return repo.listReports(db, { unitIds, roundStates: include === 'open' ? ['open'] : undefined });
}

/** The same unit's report on the same measure in the plan's previous round. */
export async function previousReportOf(db: Db, row: repo.ReportWithContext) {
  const round = await getRound(db, row.report.roundId);
  const prevRound = await repo.findPreviousRound(db, round);
  if (!prevRound) return null;
  const prev = await repo.findReportInRound(db, prevRound.id, row.report.measureId, row.report.unitId);
  if (!prev) return null;
  return {
    roundId: prevRound.id,
    roundName: prevRound.name,
    status: (prev.status as StatusCode | null) ?? null,
    progressPercent: prev.progressPercent,
    narrative: prev.narrative,
    evidenceLinks: prev.evidenceLinks,
    state: prev.state as ReportState,
  };
}

export interface ReportInput {
  version: number;
  status?: StatusCode | null | undefined;
  progressPercent?: number | null | undefined;
  narrative?: string | undefined;
  evidenceLinks?: EvidenceLink[] | undefined;
  copyFromPrevious?: boolean | undefined;
  revisionNote?: string | undefined;
}

/** Loads and locks a report with its round for a change; refuses when the round is not open. */
async function lockForChange(tx: Db, id: string, version: number) {
  const report = await repo.lockReport(tx, id);
  if (!report) throw notFound('status_report');
  const round = await repo.findRound(tx, report.roundId);
  if (!round) throw notFound('round');
  if (report.version !== version) throw versionConflict(report);
  if (round.state !== 'open') throw stateConflict('round_not_open', { state: round.state });
  return { report, round };
}

/**
 * Changes a report's content. Reporters of the unit and coordinators may edit a draft, returned or
 * submitted report; an approved one is locked: only a coordinator may change it, which writes a new
 * revision into its history.
 */
export async function updateReport(db: Db, actor: Actor, id: string, input: ReportInput): Promise<repo.ReportRow> {
  return inTransaction(db, async (tx) => {
    const { report: before, round } = await lockForChange(tx, id, input.version);
    const approved = before.state === 'approved';
    if (approved && !canCoordinate(actor, before.organizationId)) throw stateConflict('report_locked');
    const values: Partial<repo.ReportInsert> = {};
    if (input.copyFromPrevious) {
      const prevRound = await repo.findPreviousRound(tx, round);
      const prev = prevRound ? await repo.findReportInRound(tx, prevRound.id, before.measureId, before.unitId) : undefined;
      if (!prev) throw stateConflict('report_no_previous');
      Object.assign(values, { status: prev.status, progressPercent: prev.progressPercent, narrative: prev.narrative, evidenceLinks: prev.evidenceLinks });
    }
    if (input.status !== undefined) values.status = input.status;
    if (input.progressPercent !== undefined) values.progressPercent = input.progressPercent;
    if (input.narrative !== undefined) values.narrative = input.narrative;
    if (input.evidenceLinks !== undefined) values.evidenceLinks = input.evidenceLinks;
    if (approved) values.revision = before.revision + 1;
    const after = await repo.updateReport(tx, id, input.version, values);
    if (!after) throw versionConflict(before);
    if (approved) await writeRevision(tx, actor, after, input.revisionNote ?? null);
    await recordAudit(tx, actor, { organizationId: after.organizationId, entity: 'status_report', entityId: id, planId: round.planId, action: approved ? 'revise' : 'update', before, after });
    return after;
  });
}

async function writeRevision(tx: Db, actor: Actor, report: repo.ReportRow, note: string | null) {
  await repo.insertRevision(tx, {
    organizationId: report.organizationId,
    reportId: report.id,
    revision: report.revision,
    status: report.status,
    progressPercent: report.progressPercent,
    narrative: report.narrative,
    evidenceLinks: report.evidenceLinks,
    state: report.state,
    note,
    changedBy: actorName(actor),
  });
}

async function transition(db: Db, actor: Actor, id: string, version: number, action: 'submit' | 'approve' | 'return', comment?: string) {
  return inTransaction(db, async (tx) => {
    const { report: before, round } = await lockForChange(tx, id, version);
    const next = nextReportState(before.state as ReportState, action);
    if (!next) throw stateConflict('report_transition_not_allowed', { from: before.state, action });
    const values: Partial<repo.ReportInsert> = { state: next };
    const now = new Date().toISOString();
    if (action === 'submit') {
      if (!isStatusCode(before.status)) throw invalidFields([{ path: 'body.status', code: 'report_status_required' }]);
      values.submittedAt = now;
    }
    if (action === 'approve') Object.assign(values, { approvedAt: now, approvedBy: actor.kind === 'user' ? actor.userId : null, returnComment: null });
    if (action === 'return') values.returnComment = comment ?? null;
    const after = await repo.updateReport(tx, id, version, values);
    if (!after) throw versionConflict(before);
    // The approved text is the first entry of the history that later changes add to.
    if (action === 'approve') await writeRevision(tx, actor, after, null);
    await recordAudit(tx, actor, { organizationId: after.organizationId, entity: 'status_report', entityId: id, planId: round.planId, action, before, after });
    return after;
  });
}

export const submitReport = (db: Db, actor: Actor, id: string, version: number) => transition(db, actor, id, version, 'submit');
export const approveReport = (db: Db, actor: Actor, id: string, version: number) => transition(db, actor, id, version, 'approve');
export const returnReport = (db: Db, actor: Actor, id: string, version: number, comment: string) => transition(db, actor, id, version, 'return', comment);

export async function listReportRevisions(db: Db, id: string) {
  await getReport(db, id);
  return repo.listRevisions(db, id);
}

// --- status labels -----------------------------------------------------------------------------

export async function getStatusLabels(db: Db, organizationId: string): Promise<{ labels: StatusLabel[]; version: number }> {
  const row = await repo.findStatusLabels(db, organizationId);
  return { labels: effectiveStatusLabels((row?.labels ?? []) as Partial<StatusLabel>[]), version: row?.version ?? 0 };
}

export async function updateStatusLabels(db: Db, actor: Actor, organizationId: string, input: { version: number; labels: StatusLabel[] }) {
  return inTransaction(db, async (tx) => {
    const problems = new ProblemList();
    const codes = input.labels.map((l) => l.code);
    codes.forEach((c, i) => {
      if (codes.indexOf(c) !== i) problems.add(`body.labels.${i}.code`, 'duplicate_values');
    });
    problems.throwIfAny();
    const before = await repo.findStatusLabels(tx, organizationId);
    const merged = effectiveStatusLabels(input.labels);
    let after;
    if (!before) {
      if (input.version !== 0) throw versionConflict(await getStatusLabels(tx, organizationId));
      after = await repo.insertStatusLabels(tx, organizationId, merged);
    } else {
      after = await repo.updateStatusLabels(tx, organizationId, input.version, merged);
    }
    if (!after) throw versionConflict(await getStatusLabels(tx, organizationId));
    await recordAudit(tx, actor, { organizationId, entity: 'status_labels', entityId: organizationId, action: 'update', before: before ?? null, after });
    return { labels: effectiveStatusLabels(after.labels as Partial<StatusLabel>[]), version: after.version };
  });
}

// --- progress ----------------------------------------------------------------------------------

async function roundFacts(db: Db, round: repo.RoundRow, index: ReturnType<typeof goalIndex>) {
  const rows = await repo.listReports(db, { roundId: round.id });
  const reports: ReportFact[] = rows.map((r) => ({
    id: r.report.id,
    measureId: r.report.measureId,
    unitId: r.report.unitId,
    goalId: index.goalOf(r.measureNodeId).id,
    state: r.report.state as ReportState,
    status: isStatusCode(r.report.status) ? r.report.status : null,
    progressPercent: r.report.progressPercent,
  }));
  return { rows, reports };
}

/** Completion and progress of a round per goal, unit and plan; the comparison with the previous round; completion over time. */
export async function getRoundProgress(db: Db, roundId: string) {
  const round = await getRound(db, roundId);
  const { labels } = await getStatusLabels(db, round.organizationId);
  const index = goalIndex((await repo.loadPlanStructure(db, round.planId)).nodes);
  const goalIds = index.goals.map((g) => g.id);
  const { rows, reports } = await roundFacts(db, round, index);
  const progress = roundProgress(reports, goalIds, labels);
  const unitNames = new Map(rows.map((r) => [r.report.unitId, r.unitName]));
  const prevRound = await repo.findPreviousRound(db, round);
  let previous = null;
  if (prevRound) {
    const prev = roundProgress((await roundFacts(db, prevRound, index)).reports, goalIds, labels);
    previous = { roundId: prevRound.id, name: prevRound.name, plan: prev.plan, goals: compareRounds(progress, prev) };
  }
  const history = [];
  for (const r of await repo.listPlanRounds(db, round.planId)) {
    if (r.state === 'planned') continue;
    const p = r.id === round.id ? progress : roundProgress((await roundFacts(db, r, index)).reports, goalIds, labels);
    history.push({ roundId: r.id, name: r.name, deadline: r.deadline, completionPercent: p.plan.completion.percent, progressIndex: p.plan.progressIndex });
  }
  return {
    roundId: round.id,
    plan: progress.plan,
    goals: progress.goals.map((g) => {
      const info = index.goals.find((x) => x.id === g.goalId)!;
      return { ...g, number: info.number, text: info.text };
    }),
    units: progress.units
      .map((u) => ({
        ...u,
        name: unitNames.get(u.unitId) ?? '',
        missing: rows
          .filter((r) => r.report.unitId === u.unitId && (r.report.state === 'draft' || r.report.state === 'returned'))
          .map((r) => ({ reportId: r.report.id, measureCode: r.measureCode })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    labels,
    previous,
    history,
  };
}
