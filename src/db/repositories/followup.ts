import { and, asc, desc, eq, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { goalNodes, measureUnits, measures, memberships, plans, units, users } from '../schema.js';
import { calendarEvents, followUpRounds, statusLabelSets, statusReportRevisions, statusReports } from '../schema-followup.js';

export type RoundRow = typeof followUpRounds.$inferSelect;
export type RoundInsert = typeof followUpRounds.$inferInsert;
export type ReportRow = typeof statusReports.$inferSelect;
export type ReportInsert = typeof statusReports.$inferInsert;
export type RevisionRow = typeof statusReportRevisions.$inferSelect;
export type CalendarEventRow = typeof calendarEvents.$inferSelect;
export type CalendarEventInsert = typeof calendarEvents.$inferInsert;

const now = sql`now()`;

// --- rounds ------------------------------------------------------------------------------------

export async function findRound(db: Db, id: string): Promise<RoundRow | undefined> {
  const [row] = await db.select().from(followUpRounds).where(eq(followUpRounds.id, id));
  return row;
}

/** Locks the round for the rest of the transaction: opening, closing and report changes serialise on it. */
export async function lockRound(db: Db, id: string): Promise<RoundRow | undefined> {
  const [row] = await db.select().from(followUpRounds).where(eq(followUpRounds.id, id)).for('update');
  return row;
}

export async function listPlanRounds(db: Db, planId: string): Promise<RoundRow[]> {
  return db.select().from(followUpRounds).where(eq(followUpRounds.planId, planId)).orderBy(asc(followUpRounds.periodEnd), asc(followUpRounds.createdAt));
}

/** The plan's round before this one: the latest whose period ends before this one's does. */
export async function findPreviousRound(db: Db, round: Pick<RoundRow, 'id' | 'planId' | 'periodEnd'>): Promise<RoundRow | undefined> {
  const [row] = await db
    .select()
    .from(followUpRounds)
    .where(and(eq(followUpRounds.planId, round.planId), ne(followUpRounds.id, round.id), lt(followUpRounds.periodEnd, round.periodEnd)))
    .orderBy(desc(followUpRounds.periodEnd), desc(followUpRounds.createdAt))
    .limit(1);
  return row;
}

export async function insertRound(db: Db, values: RoundInsert): Promise<RoundRow> {
  const [row] = await db.insert(followUpRounds).values(values).returning();
  return row!;
}

export async function updateRound(db: Db, id: string, expectedVersion: number, values: Partial<RoundInsert>): Promise<RoundRow | undefined> {
  const [row] = await db
    .update(followUpRounds)
    .set({ ...values, version: sql`${followUpRounds.version} + 1`, updatedAt: now })
    .where(and(eq(followUpRounds.id, id), eq(followUpRounds.version, expectedVersion)))
    .returning();
  return row;
}

export async function deleteRound(db: Db, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db.delete(followUpRounds).where(and(eq(followUpRounds.id, id), eq(followUpRounds.version, expectedVersion))).returning({ id: followUpRounds.id });
  return rows.length > 0;
}

export async function reportStateCounts(db: Db, roundIds: string[]): Promise<{ roundId: string; state: string; n: number }[]> {
  if (roundIds.length === 0) return [];
  return db
    .select({ roundId: statusReports.roundId, state: statusReports.state, n: sql<number>`count(*)::int` })
    .from(statusReports)
    .where(inArray(statusReports.roundId, roundIds))
    .groupBy(statusReports.roundId, statusReports.state);
}

export async function planTitle(db: Db, planId: string): Promise<{ title: string; organizationId: string; status: string } | undefined> {
  const [row] = await db.select({ title: plans.title, organizationId: plans.organizationId, status: plans.status }).from(plans).where(eq(plans.id, planId));
  return row;
}

// --- plan structure for assignments and reports -------------------------------------------------

/** The plan's goal nodes (id, parent, number, text, position) and measures with their units, in document order. */
export async function loadPlanStructure(db: Db, planId: string) {
  const nodes = await db
    .select({ id: goalNodes.id, parentId: goalNodes.parentId, number: goalNodes.number, label: goalNodes.label, text: goalNodes.text, role: goalNodes.role, position: goalNodes.position })
    .from(goalNodes)
    .where(eq(goalNodes.planId, planId))
    .orderBy(asc(goalNodes.position));
  const measureRows = await db
    .select({ id: measures.id, nodeId: measures.nodeId, code: measures.code, text: measures.text, position: measures.position })
    .from(measures)
    .where(eq(measures.planId, planId))
    .orderBy(asc(measures.position));
  const links = await db
    .select({ measureId: measureUnits.measureId, unitId: measureUnits.unitId, role: measureUnits.role, position: measureUnits.position, name: units.name })
    .from(measureUnits)
    .innerJoin(measures, eq(measures.id, measureUnits.measureId))
    .innerJoin(units, eq(units.id, measureUnits.unitId))
    .where(eq(measures.planId, planId))
    .orderBy(asc(measureUnits.position));
  return { nodes, measures: measureRows, links };
}

// --- status reports ----------------------------------------------------------------------------

/** A report with what a reader of it needs: its round, unit and measure. */
const reportSelection = {
  report: statusReports,
  roundName: followUpRounds.name,
  roundState: followUpRounds.state,
  deadline: followUpRounds.deadline,
  planId: followUpRounds.planId,
  unitName: units.name,
  measureCode: measures.code,
  measureText: measures.text,
  measureNodeId: measures.nodeId,
  measurePosition: measures.position,
};
export type ReportWithContext = {
  report: ReportRow;
  roundName: string;
  roundState: string;
  deadline: string;
  planId: string;
  unitName: string;
  measureCode: string | null;
  measureText: string;
  measureNodeId: string;
  measurePosition: number;
};

function selectReports(db: Db, where: SQL | undefined) {
  return db
    .select(reportSelection)
    .from(statusReports)
    .innerJoin(followUpRounds, eq(followUpRounds.id, statusReports.roundId))
    .innerJoin(units, eq(units.id, statusReports.unitId))
    .innerJoin(measures, eq(measures.id, statusReports.measureId))
    .where(where);
}

export async function findReport(db: Db, id: string): Promise<ReportWithContext | undefined> {
  const [row] = await selectReports(db, eq(statusReports.id, id));
  return row;
}

export async function lockReport(db: Db, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(statusReports).where(eq(statusReports.id, id)).for('update');
  return row;
}

export interface ReportFilter {
  roundId?: string | undefined;
  roundIds?: string[] | undefined;
  unitIds?: string[] | undefined;
  states?: string[] | undefined;
  ids?: string[] | undefined;
  roundStates?: string[] | undefined;
}

export async function listReports(db: Db, filter: ReportFilter): Promise<ReportWithContext[]> {
  const where: SQL[] = [];
  if (filter.roundId) where.push(eq(statusReports.roundId, filter.roundId));
  if (filter.roundIds) where.push(filter.roundIds.length ? inArray(statusReports.roundId, filter.roundIds) : sql`false`);
  if (filter.unitIds) where.push(filter.unitIds.length ? inArray(statusReports.unitId, filter.unitIds) : sql`false`);
  if (filter.states?.length) where.push(inArray(statusReports.state, filter.states));
  if (filter.ids) where.push(filter.ids.length ? inArray(statusReports.id, filter.ids) : sql`false`);
  if (filter.roundStates?.length) where.push(inArray(followUpRounds.state, filter.roundStates));
  return selectReports(db, where.length ? and(...where) : undefined).orderBy(asc(followUpRounds.deadline), asc(measures.position), asc(units.name));
}

export async function insertReports(db: Db, values: ReportInsert[]): Promise<number> {
  if (values.length === 0) return 0;
  const rows = await db.insert(statusReports).values(values).onConflictDoNothing().returning({ id: statusReports.id });
  return rows.length;
}

export async function updateReport(db: Db, id: string, expectedVersion: number, values: Partial<ReportInsert>): Promise<ReportRow | undefined> {
  const [row] = await db
    .update(statusReports)
    .set({ ...values, version: sql`${statusReports.version} + 1`, updatedAt: now })
    .where(and(eq(statusReports.id, id), eq(statusReports.version, expectedVersion)))
    .returning();
  return row;
}

/** The same unit's report on the same measure in another round. */
export async function findReportInRound(db: Db, roundId: string, measureId: string, unitId: string): Promise<ReportRow | undefined> {
  const [row] = await db
    .select()
    .from(statusReports)
    .where(and(eq(statusReports.roundId, roundId), eq(statusReports.measureId, measureId), eq(statusReports.unitId, unitId)));
  return row;
}

export async function insertRevision(db: Db, values: typeof statusReportRevisions.$inferInsert): Promise<void> {
  await db.insert(statusReportRevisions).values(values);
}

export async function listRevisions(db: Db, reportId: string): Promise<RevisionRow[]> {
  return db.select().from(statusReportRevisions).where(eq(statusReportRevisions.reportId, reportId)).orderBy(asc(statusReportRevisions.revision));
}

// --- status labels -----------------------------------------------------------------------------

export async function findStatusLabels(db: Db, organizationId: string) {
  const [row] = await db.select().from(statusLabelSets).where(eq(statusLabelSets.organizationId, organizationId));
  return row;
}

export async function insertStatusLabels(db: Db, organizationId: string, labels: { code: string; sv: string; en: string; weight: number | null }[]) {
  const rows = await db.insert(statusLabelSets).values({ organizationId, labels }).onConflictDoNothing().returning();
  return rows[0];
}

export async function updateStatusLabels(db: Db, organizationId: string, expectedVersion: number, labels: { code: string; sv: string; en: string; weight: number | null }[]) {
  const [row] = await db
    .update(statusLabelSets)
    .set({ labels, version: sql`${statusLabelSets.version} + 1`, updatedAt: now })
    .where(and(eq(statusLabelSets.organizationId, organizationId), eq(statusLabelSets.version, expectedVersion)))
    .returning();
  return row;
}

// --- people to remind --------------------------------------------------------------------------

export interface Person {
  userId: string;
  email: string;
  displayName: string;
  preferredLanguage: string | null;
  role: string;
  unitIds: string[];
}

/** Active members of an organization with one of the roles. */
export async function listMembersWithRoles(db: Db, organizationId: string, roles: string[]): Promise<Person[]> {
  return db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      preferredLanguage: users.preferredLanguage,
      role: memberships.role,
      unitIds: memberships.unitIds,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, roles), sql`${users.disabledAt} IS NULL`))
    .orderBy(asc(users.email));
}

// --- calendar ----------------------------------------------------------------------------------

export async function listCalendarEvents(db: Db, organizationId: string, options: { publicOnly?: boolean; from?: string; to?: string } = {}): Promise<CalendarEventRow[]> {
  const where: SQL[] = [eq(calendarEvents.organizationId, organizationId)];
  if (options.publicOnly) where.push(eq(calendarEvents.isPublic, true));
  // Yearly events are expanded by the caller; one-off events are filtered by overlap with the window.
  if (options.from && options.to) {
    where.push(or(eq(calendarEvents.recursYearly, true), and(sql`${calendarEvents.endDate} >= ${options.from}`, sql`${calendarEvents.startDate} <= ${options.to}`))!);
  }
  return db.select().from(calendarEvents).where(and(...where)).orderBy(asc(calendarEvents.startDate), asc(calendarEvents.title));
}

export async function findCalendarEvent(db: Db, id: string): Promise<CalendarEventRow | undefined> {
  const [row] = await db.select().from(calendarEvents).where(eq(calendarEvents.id, id));
  return row;
}

export async function insertCalendarEvent(db: Db, values: CalendarEventInsert): Promise<CalendarEventRow> {
  const [row] = await db.insert(calendarEvents).values(values).returning();
  return row!;
}

export async function updateCalendarEvent(db: Db, id: string, expectedVersion: number | null, values: Partial<CalendarEventInsert>): Promise<CalendarEventRow | undefined> {
  const [row] = await db
    .update(calendarEvents)
    .set({ ...values, version: sql`${calendarEvents.version} + 1`, updatedAt: now })
    .where(expectedVersion === null ? eq(calendarEvents.id, id) : and(eq(calendarEvents.id, id), eq(calendarEvents.version, expectedVersion)))
    .returning();
  return row;
}

export async function deleteCalendarEvent(db: Db, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db.delete(calendarEvents).where(and(eq(calendarEvents.id, id), eq(calendarEvents.version, expectedVersion))).returning({ id: calendarEvents.id });
  return rows.length > 0;
}

export async function findRoundEvent(db: Db, roundId: string): Promise<CalendarEventRow | undefined> {
  const [row] = await db.select().from(calendarEvents).where(eq(calendarEvents.roundId, roundId));
  return row;
}

// --- policy facts ------------------------------------------------------------------------------

export async function roundFacts(db: Db, roundId: string) {
  const [row] = await db
    .select({ organizationId: followUpRounds.organizationId, planId: followUpRounds.planId, planStatus: plans.status, state: followUpRounds.state })
    .from(followUpRounds)
    .innerJoin(plans, eq(plans.id, followUpRounds.planId))
    .where(eq(followUpRounds.id, roundId));
  return row;
}

export async function reportFacts(db: Db, reportId: string) {
  const [row] = await db
    .select({ organizationId: statusReports.organizationId, unitId: statusReports.unitId, state: statusReports.state })
    .from(statusReports)
    .where(eq(statusReports.id, reportId));
  return row;
}

export async function calendarEventFacts(db: Db, eventId: string) {
  const [row] = await db.select({ organizationId: calendarEvents.organizationId }).from(calendarEvents).where(eq(calendarEvents.id, eventId));
  return row;
}
