import { z } from 'zod';
import { reportStates, roundStates, statusCodes } from '../domain/follow-up.js';

/*
 * Follow-up rounds, status reports, progress, the spreadsheet round-trip, status labels and the
 * annual wheel: request and response schemas, shared with the web client. Stable once committed.
 */

const id = z.uuid();
const timestamp = z.string();
const isoDate = z.iso.date();
const maxVersion = 2_147_483_647;
const version = z.number().int().min(1).max(maxVersion).describe('The version you read; a stale one is answered 409.');
const text = (max: number) => z.string().trim().min(1).max(max);

export const roundState = z.enum(roundStates);
export const reportState = z.enum(reportStates);
export const statusCode = z.enum(statusCodes);

export const planParams = z.strictObject({ id: z.string().max(100) });
export const roundParams = z.strictObject({ id: z.string().max(100) });
export const reportParams = z.strictObject({ id: z.string().max(100) });

// --- rounds ------------------------------------------------------------------------------------
export const round = z.object({
  id,
  organizationId: id,
  planId: id,
  planTitle: z.string(),
  name: z.string(),
  periodStart: isoDate,
  periodEnd: isoDate,
  deadline: isoDate,
  state: roundState,
  /** Co-responsible units report too (otherwise only the lead units of each measure). */
  includeCoResponsible: z.boolean(),
  /** Reminders go out this many days before the deadline (0: none before), and always the day after it. */
  reminderDaysBefore: z.number().int(),
  /** The plan's round before this one (by period), for comparison. */
  previousRoundId: id.nullable(),
  openedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  /** Counts of the round's reports per state (zero before the round opens). */
  reportCounts: z.object({ total: z.number().int(), draft: z.number().int(), submitted: z.number().int(), returned: z.number().int(), approved: z.number().int() }),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const roundList = z.array(round);

const roundFields = {
  name: text(200),
  periodStart: isoDate,
  periodEnd: isoDate,
  deadline: isoDate,
  includeCoResponsible: z.boolean(),
  reminderDaysBefore: z.number().int().min(0).max(60),
};
export const createRoundBody = z.strictObject({
  ...roundFields,
  includeCoResponsible: roundFields.includeCoResponsible.default(false),
  reminderDaysBefore: roundFields.reminderDaysBefore.default(7),
});
/** Period, name and options change while a round is planned; name and deadline also while open. */
export const updateRoundBody = z.strictObject({
  version,
  name: roundFields.name.optional(),
  periodStart: roundFields.periodStart.optional(),
  periodEnd: roundFields.periodEnd.optional(),
  deadline: roundFields.deadline.optional(),
  includeCoResponsible: roundFields.includeCoResponsible.optional(),
  reminderDaysBefore: roundFields.reminderDaysBefore.optional(),
});
export const roundTransitionBody = z.strictObject({ version });

// --- status reports ----------------------------------------------------------------------------
export const evidenceLink = z.object({ title: z.string().trim().max(200).nullable().optional(), url: z.url({ protocol: /^https?$/ }).max(2000) });

export const statusReport = z.object({
  id,
  organizationId: id,
  roundId: id,
  planId: id,
  roundName: z.string(),
  roundState,
  deadline: isoDate,
  unitId: id,
  unitName: z.string(),
  /** lead: the unit is responsible for the measure; co: co-responsible. */
  unitRole: z.enum(['lead', 'co']),
  measureId: id,
  measureCode: z.string().nullable(),
  measureText: z.string(),
  /** The top-level goal (focus area) of the measure. */
  goalId: id,
  goalNumber: z.string().nullable(),
  goalText: z.string(),
  status: statusCode.nullable(),
  progressPercent: z.number().int().nullable(),
  narrative: z.string(),
  evidenceLinks: z.array(evidenceLink),
  state: reportState,
  returnComment: z.string().nullable(),
  submittedAt: timestamp.nullable(),
  approvedAt: timestamp.nullable(),
  /** Revisions written after approval (0 until an approved report is changed). */
  revision: z.number().int(),
  /** What the actor may do now: edit, submit, approve, return, revise. */
  allowedActions: z.array(z.enum(['edit', 'submit', 'approve', 'return', 'revise'])),
  version: z.number().int(),
  updatedAt: timestamp,
});
export const statusReportList = z.array(statusReport);

export const assignmentsQuery = z.strictObject({
  unitId: id.optional(),
  state: z.union([reportState, z.array(reportState)]).optional(),
  goalId: id.optional(),
});

export const updateReportBody = z.strictObject({
  version,
  status: statusCode.nullable().optional(),
  progressPercent: z.number().int().min(0).max(100).nullable().optional(),
  narrative: z.string().max(20_000).optional(),
  evidenceLinks: z.array(evidenceLink).max(20).optional(),
  /** Fill the narrative, status, progress and links from the same unit's report on the same measure in the previous round (fields sent here win). */
  copyFromPrevious: z.boolean().optional(),
  /** Required when changing an approved report: why it changes (kept in the revision history). */
  revisionNote: z.string().trim().max(1000).optional(),
});
export const reportTransitionBody = z.strictObject({ version });
export const returnReportBody = z.strictObject({ version, comment: text(2000) });

/** The same unit's report on the same measure in the plan's previous round, to copy from. */
export const previousReport = z.object({
  roundId: id,
  roundName: z.string(),
  status: statusCode.nullable(),
  progressPercent: z.number().int().nullable(),
  narrative: z.string(),
  evidenceLinks: z.array(evidenceLink),
  state: reportState,
});
export const statusReportDetail = statusReport.extend({ previous: previousReport.nullable() });

export const reportRevision = z.object({
  id,
  reportId: id,
  revision: z.number().int(),
  status: statusCode.nullable(),
  progressPercent: z.number().int().nullable(),
  narrative: z.string(),
  evidenceLinks: z.array(evidenceLink),
  state: reportState,
  note: z.string().nullable(),
  changedBy: z.string(),
  createdAt: timestamp,
});
export const reportRevisionList = z.array(reportRevision);

/** "What I owe": the actor's reports across plans and organizations, open rounds first by deadline. */
export const myAssignmentsQuery = z.strictObject({ include: z.enum(['open', 'all']).default('open') });

// --- progress ----------------------------------------------------------------------------------
const statusCounts = z.object({
  not_started: z.number().int(),
  started: z.number().int(),
  ongoing: z.number().int(),
  done: z.number().int(),
  paused: z.number().int(),
  not_applicable: z.number().int(),
  unreported: z.number().int(),
});
const completion = z.object({
  total: z.number().int(),
  draft: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  approved: z.number().int(),
  reported: z.number().int(),
  percent: z.number(),
});
const groupProgress = z.object({ completion, statusCounts, measureCount: z.number().int(), progressIndex: z.number().nullable() });
export const roundProgress = z.object({
  roundId: id,
  plan: groupProgress,
  goals: z.array(groupProgress.extend({ goalId: id, number: z.string().nullable(), text: z.string() })),
  units: z.array(groupProgress.extend({ unitId: id, name: z.string(), missing: z.array(z.object({ reportId: id, measureCode: z.string().nullable() })) })),
  /** Status labels in the organization's words, and the weights used for the progress index. */
  labels: z.array(z.object({ code: statusCode, sv: z.string(), en: z.string(), weight: z.number().nullable() })),
  previous: z
    .object({
      roundId: id,
      name: z.string(),
      plan: groupProgress,
      goals: z.array(z.object({ goalId: id, current: z.number().nullable(), previous: z.number().nullable(), change: z.number().nullable(), doneNow: z.number().int(), doneBefore: z.number().int() })),
    })
    .nullable(),
  /** Completion (percent reported) of each round of the plan, oldest first: completion over time. */
  history: z.array(z.object({ roundId: id, name: z.string(), deadline: isoDate, completionPercent: z.number(), progressIndex: z.number().nullable() })),
});

// --- spreadsheet round-trip --------------------------------------------------------------------
export const exportXlsxQuery = z.strictObject({ unitId: id.optional() });
export const importRowProblem = z.object({ code: z.string(), message: z.string(), column: z.string().optional() });
export const importRow = z.object({
  /** The row in the sheet (1-based, as the spreadsheet shows it). */
  row: z.number().int(),
  reportId: z.string().nullable(),
  measureCode: z.string().nullable(),
  unitName: z.string().nullable(),
  /** unchanged: nothing differs; update: a change will be written; error: see problems. */
  outcome: z.enum(['unchanged', 'update', 'error']),
  changes: z.array(z.enum(['status', 'progressPercent', 'narrative'])),
  problems: z.array(importRowProblem),
});
export const importPreview = z.object({
  roundId: id,
  rows: z.array(importRow),
  counts: z.object({ rows: z.number().int(), updates: z.number().int(), unchanged: z.number().int(), errors: z.number().int() }),
});
/**
 * /import/commit takes the reviewed file again, multipart/form-data: the file in the field `file`, and
 * the field `onlyValidRows` = "true" to write the valid rows of a file that has errors (otherwise a
 * file with any error writes nothing and is answered 400 with the preview).
 */
export const importCommitResult = z.object({ updated: z.number().int(), skipped: z.number().int(), preview: importPreview });

// --- status labels -----------------------------------------------------------------------------
export const statusLabel = z.object({ code: statusCode, sv: z.string(), en: z.string(), weight: z.number().nullable() });
export const statusLabels = z.object({ organizationId: id, labels: z.array(statusLabel), version: z.number().int() });
export const updateStatusLabelsBody = z.strictObject({
  /** 0 when the organization still has the defaults. */
  version: z.number().int().min(0).max(maxVersion),
  labels: z
    .array(z.strictObject({ code: statusCode, sv: text(60), en: text(60), weight: z.number().min(0).max(1).nullable() }))
    .min(1)
    .max(statusCodes.length),
});

// --- annual wheel ------------------------------------------------------------------------------
export const calendarEventKinds = ['deadline', 'decision', 'campaign', 'meeting', 'other'] as const;
export const calendarEvent = z.object({
  id,
  organizationId: id,
  title: z.string(),
  description: z.string().nullable(),
  kind: z.enum(calendarEventKinds),
  startDate: isoDate,
  endDate: isoDate,
  /** Repeats on the same dates every year. */
  recursYearly: z.boolean(),
  /** Shown in the public iCalendar feed. */
  isPublic: z.boolean(),
  planId: id.nullable(),
  /** Set for events derived from a round (its deadline): read-only here, they follow the round. */
  roundId: id.nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const calendarQuery = z.strictObject({
  from: isoDate.optional().describe('Default: 1 January this year'),
  to: isoDate.optional().describe('Default: 31 December this year'),
});
/** Occurrences in the requested window: a yearly event appears once per year it falls in. */
export const calendarOccurrence = calendarEvent.extend({ occurrenceStart: isoDate, occurrenceEnd: isoDate });
export const calendarResponse = z.object({ from: isoDate, to: isoDate, events: z.array(calendarEvent), occurrences: z.array(calendarOccurrence) });
export const createCalendarEventBody = z.strictObject({
  title: text(200),
  description: z.string().trim().max(4000).nullable().optional(),
  kind: z.enum(calendarEventKinds),
  startDate: isoDate,
  endDate: isoDate.optional(),
  recursYearly: z.boolean().default(false),
  isPublic: z.boolean().default(false),
  planId: id.nullable().optional(),
});
export const updateCalendarEventBody = z.strictObject({
  version,
  title: text(200).optional(),
  description: z.string().trim().max(4000).nullable().optional(),
  kind: z.enum(calendarEventKinds).optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  recursYearly: z.boolean().optional(),
  isPublic: z.boolean().optional(),
  planId: id.nullable().optional(),
});
export const calendarEventParams = z.strictObject({ organizationId: z.string().max(100), eventId: z.string().max(100) });

export type Round = z.infer<typeof round>;
export type StatusReport = z.infer<typeof statusReport>;
export type RoundProgressResponse = z.infer<typeof roundProgress>;
export type ImportPreview = z.infer<typeof importPreview>;
export type CalendarEvent = z.infer<typeof calendarEvent>;

/** Adds the recurring campaigns (Orange Week, 16 days of activism, Vecka fri från våld) the organization does not have yet. */
export const addCampaignsBody = z.strictObject({ year: z.number().int().min(2000).max(2100), isPublic: z.boolean().default(true) });
export const calendarEventList = z.array(calendarEvent);
