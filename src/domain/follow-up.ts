/**
 * Follow-up rounds as rules over plain data (no I/O): the status report's states and transitions,
 * the status codes, and the roll-up of reports into progress per goal, unit and plan, with a
 * comparison against the previous round.
 */

/** A round is planned (being prepared), open (units report) or closed (no more changes). */
export const roundStates = ['planned', 'open', 'closed'] as const;
export type RoundState = (typeof roundStates)[number];

/** draft → submitted → approved | returned; a returned report is edited and submitted again. */
export const reportStates = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ReportState = (typeof reportStates)[number];

export const reportActions = ['edit', 'submit', 'approve', 'return', 'revise'] as const;
export type ReportAction = (typeof reportActions)[number];

/** Which action takes a report from which state, and where to. `revise` edits an approved report: it stays approved and gets a new revision. */
const transitions: Record<ReportAction, Partial<Record<ReportState, ReportState>>> = {
  edit: { draft: 'draft', returned: 'returned', submitted: 'submitted' },
  submit: { draft: 'submitted', returned: 'submitted' },
  approve: { submitted: 'approved' },
  return: { submitted: 'returned' },
  revise: { approved: 'approved' },
};

export function nextReportState(state: ReportState, action: ReportAction): ReportState | null {
  return transitions[action][state] ?? null;
}

export function allowedReportActions(state: ReportState): ReportAction[] {
  return reportActions.filter((a) => transitions[a][state] !== undefined);
}

/** Reports that are no longer the reporter's to change freely. */
export const isLocked = (state: ReportState): boolean => state === 'approved';
/** Reported: the unit has handed it in (the coordinator may still return it). */
export const isReported = (state: ReportState): boolean => state === 'submitted' || state === 'approved';

export const statusCodes = ['not_started', 'started', 'ongoing', 'done', 'paused', 'not_applicable'] as const;
export type StatusCode = (typeof statusCodes)[number];
export const isStatusCode = (value: unknown): value is StatusCode => typeof value === 'string' && (statusCodes as readonly string[]).includes(value);

export interface StatusLabel {
  code: StatusCode;
  sv: string;
  en: string;
  /** Share of the way to done, 0–1, for the weighted progress index; null leaves the status out. */
  weight: number | null;
}

/** The defaults an organization starts with; it may rename them and change weights. */
export const defaultStatusLabels: readonly StatusLabel[] = [
  { code: 'not_started', sv: 'Ej påbörjad', en: 'Not started', weight: 0 },
  { code: 'started', sv: 'Påbörjad', en: 'Started', weight: 0.25 },
  { code: 'ongoing', sv: 'Pågående', en: 'Ongoing', weight: 0.5 },
  { code: 'done', sv: 'Genomförd', en: 'Done', weight: 1 },
  { code: 'paused', sv: 'Pausad', en: 'Paused', weight: 0 },
  { code: 'not_applicable', sv: 'Ej aktuell', en: 'Not applicable', weight: null },
];

/** The organization's labels merged over the defaults, in the canonical order. */
export function effectiveStatusLabels(own: readonly Partial<StatusLabel>[] = []): StatusLabel[] {
  return defaultStatusLabels.map((d) => {
    const o = own.find((l) => l.code === d.code);
    return o ? { code: d.code, sv: o.sv ?? d.sv, en: o.en ?? d.en, weight: o.weight === undefined ? d.weight : o.weight } : { ...d };
  });
}

/**
 * One measure's status from the reports of its units: unanimity wins; n/a reports are left out
 * unless all are n/a; otherwise any work under way makes the measure ongoing, and all not started
 * or paused keep their own status.
 */
export function combineStatuses(statuses: readonly (StatusCode | null)[]): StatusCode | null {
  const given = statuses.filter((s): s is StatusCode => s !== null);
  if (given.length === 0) return null;
  const applicable = given.filter((s) => s !== 'not_applicable');
  if (applicable.length === 0) return 'not_applicable';
  const distinct = new Set(applicable);
  if (distinct.size === 1) return applicable[0]!;
  if (applicable.some((s) => s === 'started' || s === 'ongoing' || s === 'done')) return 'ongoing';
  return distinct.has('not_started') ? 'not_started' : 'paused';
}

export type StatusCounts = Record<StatusCode | 'unreported', number>;
export const emptyStatusCounts = (): StatusCounts => ({ not_started: 0, started: 0, ongoing: 0, done: 0, paused: 0, not_applicable: 0, unreported: 0 });

/** What the roll-up needs of one report. */
export interface ReportFact {
  id: string;
  measureId: string;
  unitId: string;
  /** The top-level goal (focus area) the measure belongs to. */
  goalId: string;
  state: ReportState;
  status: StatusCode | null;
  progressPercent: number | null;
}

export interface Completion {
  total: number;
  draft: number;
  submitted: number;
  returned: number;
  approved: number;
  /** submitted + approved */
  reported: number;
  /** reported / total, 0–100, rounded; 100 for an empty set. */
  percent: number;
}

export interface GroupProgress {
  completion: Completion;
  /** Measures per combined status (a measure counts once, from its reported reports). */
  statusCounts: StatusCounts;
  measureCount: number;
  /** Weighted progress, 0–100 (one decimal), over measures with an applicable status; null when none. */
  progressIndex: number | null;
}

export function completionOf(reports: readonly Pick<ReportFact, 'state'>[]): Completion {
  const c = { total: reports.length, draft: 0, submitted: 0, returned: 0, approved: 0, reported: 0, percent: 100 };
  for (const r of reports) c[r.state]++;
  c.reported = c.submitted + c.approved;
  c.percent = c.total === 0 ? 100 : Math.round((100 * c.reported) / c.total);
  return c;
}

/**
 * One measure's score, 0–1: the mean of its reported reports' progress percentages when given,
 * otherwise the weight of the combined status. Null when nothing applicable is reported.
 */
function measureScore(reports: readonly ReportFact[], labels: readonly StatusLabel[]): number | null {
  const reported = reports.filter((r) => isReported(r.state) && r.status !== 'not_applicable' && r.status !== null);
  if (reported.length === 0) return null;
  const percents = reported.map((r) => r.progressPercent).filter((p): p is number => p !== null);
  if (percents.length === reported.length) return percents.reduce((a, b) => a + b, 0) / (100 * percents.length);
  const status = combineStatuses(reported.map((r) => r.status));
  const weight = labels.find((l) => l.code === status)?.weight;
  return weight === null || weight === undefined ? null : weight;
}

export function groupProgress(reports: readonly ReportFact[], labels: readonly StatusLabel[] = defaultStatusLabels): GroupProgress {
  const byMeasure = new Map<string, ReportFact[]>();
  for (const r of reports) byMeasure.set(r.measureId, [...(byMeasure.get(r.measureId) ?? []), r]);
  const statusCounts = emptyStatusCounts();
  const scores: number[] = [];
  for (const list of byMeasure.values()) {
    const status = combineStatuses(list.filter((r) => isReported(r.state)).map((r) => r.status));
    statusCounts[status ?? 'unreported']++;
    const score = measureScore(list, labels);
    if (score !== null) scores.push(score);
  }
  const progressIndex = scores.length === 0 ? null : Math.round((1000 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 10;
  return { completion: completionOf(reports), statusCounts, measureCount: byMeasure.size, progressIndex };
}

export interface RoundProgress {
  plan: GroupProgress;
  goals: (GroupProgress & { goalId: string })[];
  units: (GroupProgress & { unitId: string })[];
}

/** Progress of a round: the whole plan, each goal (in the order given) and each unit. */
export function roundProgress(reports: readonly ReportFact[], goalIds: readonly string[], labels: readonly StatusLabel[] = defaultStatusLabels): RoundProgress {
  const unitIds = [...new Set(reports.map((r) => r.unitId))];
  return {
    plan: groupProgress(reports, labels),
    goals: goalIds.map((goalId) => ({ goalId, ...groupProgress(reports.filter((r) => r.goalId === goalId), labels) })),
    units: unitIds.map((unitId) => ({ unitId, ...groupProgress(reports.filter((r) => r.unitId === unitId), labels) })),
  };
}

export interface GoalComparison {
  goalId: string;
  current: number | null;
  previous: number | null;
  /** current − previous progress index, null when either is missing. */
  change: number | null;
  doneNow: number;
  doneBefore: number;
}

/** The progress index and done measures per goal, against the previous round of the same plan. */
export function compareRounds(current: RoundProgress, previous: RoundProgress): GoalComparison[] {
  return current.goals.map((g) => {
    const p = previous.goals.find((x) => x.goalId === g.goalId);
    const prev = p?.progressIndex ?? null;
    return {
      goalId: g.goalId,
      current: g.progressIndex,
      previous: prev,
      change: g.progressIndex !== null && prev !== null ? Math.round(10 * (g.progressIndex - prev)) / 10 : null,
      doneNow: g.statusCounts.done,
      doneBefore: p?.statusCounts.done ?? 0,
    };
  });
}

/** Reminder dates for a round: `daysBefore` days before the deadline and the day after it (09:00 UTC). */
export function reminderTimes(deadline: string, daysBefore: number): { before: Date | null; after: Date } {
  const day = new Date(`${deadline}T09:00:00Z`);
  const after = new Date(day.getTime() + 86_400_000);
  const before = daysBefore > 0 ? new Date(day.getTime() - daysBefore * 86_400_000) : null;
  return { before, after };
}
