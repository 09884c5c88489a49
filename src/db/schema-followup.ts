import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { measures, organizations, plans, units } from './schema.js';

/*
 * Follow-up: rounds per plan, one status report per unit × measure × round, the revisions of
 * reports changed after approval, an organization's status labels, and the annual wheel.
 */

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
};
const version = integer('version').notNull().default(1);

export interface EvidenceLink {
  title?: string | null | undefined;
  url: string;
}

export const followUpRounds = pgTable(
  'follow_up_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** planned | open | closed */
    state: text('state').notNull().default('planned'),
    includeCoResponsible: boolean('include_co_responsible').notNull().default(false),
    reminderDaysBefore: integer('reminder_days_before').notNull().default(7),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'string' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
    version,
    ...timestamps,
  },
  (t) => [
    index('follow_up_rounds_plan_idx').on(t.planId, t.periodEnd),
    index('follow_up_rounds_org_idx').on(t.organizationId),
    check('follow_up_rounds_period_order', sql`${t.periodStart} <= ${t.periodEnd}`),
  ],
);

export const statusReports = pgTable(
  'status_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    roundId: uuid('round_id').notNull().references(() => followUpRounds.id, { onDelete: 'cascade' }),
    measureId: uuid('measure_id').notNull().references(() => measures.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull().references(() => units.id, { onDelete: 'restrict' }),
    /** lead | co: the unit's responsibility for the measure when the round opened. */
    unitRole: text('unit_role').notNull(),
    status: text('status'),
    progressPercent: integer('progress_percent'),
    narrative: text('narrative').notNull().default(''),
    evidenceLinks: jsonb('evidence_links').$type<EvidenceLink[]>().notNull().default(sql`'[]'::jsonb`),
    /** draft | submitted | returned | approved */
    state: text('state').notNull().default('draft'),
    returnComment: text('return_comment'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'string' }),
    approvedAt: timestamp('approved_at', { withTimezone: true, mode: 'string' }),
    approvedBy: uuid('approved_by'),
    /** Revisions written after approval; 0 while the report has not been changed since. */
    revision: integer('revision').notNull().default(0),
    version,
    ...timestamps,
  },
  (t) => [
    unique('status_reports_round_measure_unit_unique').on(t.roundId, t.measureId, t.unitId),
    index('status_reports_unit_idx').on(t.unitId, t.state),
    index('status_reports_measure_idx').on(t.measureId),
    check('status_reports_progress_range', sql`${t.progressPercent} IS NULL OR (${t.progressPercent} >= 0 AND ${t.progressPercent} <= 100)`),
  ],
);

/** A report as it was: written when an approved report is approved (revision 0) and each time it changes after. */
export const statusReportRevisions = pgTable(
  'status_report_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    reportId: uuid('report_id').notNull().references(() => statusReports.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    status: text('status'),
    progressPercent: integer('progress_percent'),
    narrative: text('narrative').notNull(),
    evidenceLinks: jsonb('evidence_links').$type<EvidenceLink[]>().notNull(),
    state: text('state').notNull(),
    note: text('note'),
    changedBy: text('changed_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [unique('status_report_revisions_unique').on(t.reportId, t.revision)],
);

/** An organization's words (and weights) for the status codes; absent rows mean the defaults. */
export const statusLabelSets = pgTable('status_label_sets', {
  organizationId: uuid('organization_id').primaryKey().references(() => organizations.id, { onDelete: 'cascade' }),
  labels: jsonb('labels').$type<{ code: string; sv: string; en: string; weight: number | null }[]>().notNull(),
  version,
  ...timestamps,
});

/** The annual wheel: deadlines, decision dates and campaigns; yearly ones repeat on the same dates. */
export const calendarEvents = pgTable(
  'calendar_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    /** deadline | decision | campaign | meeting | other */
    kind: text('kind').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    recursYearly: boolean('recurs_yearly').notNull().default(false),
    isPublic: boolean('is_public').notNull().default(false),
    planId: uuid('plan_id').references(() => plans.id, { onDelete: 'set null' }),
    roundId: uuid('round_id').references(() => followUpRounds.id, { onDelete: 'cascade' }),
    version,
    ...timestamps,
  },
  (t) => [
    index('calendar_events_org_idx').on(t.organizationId, t.startDate),
    unique('calendar_events_round_unique').on(t.roundId),
    check('calendar_events_order', sql`${t.startDate} <= ${t.endDate}`),
  ],
);
