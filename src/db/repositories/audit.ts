import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { auditEvents } from '../schema.js';

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type AuditEventInsert = typeof auditEvents.$inferInsert;

export async function insertAuditEvent(db: Db, values: AuditEventInsert): Promise<void> {
  await db.insert(auditEvents).values(values);
}

/** The time zone whose calendar days the `from`/`to` filters mean: the users' own. */
export const auditTimeZone = 'Europe/Stockholm';

export interface AuditFilter {
  organizationId?: string | undefined;
  planId?: string | undefined;
  entityId?: string | undefined;
  entity?: string | undefined;
  action?: string | undefined;
  actorUserId?: string | undefined;
  /** First day (YYYY-MM-DD, Swedish time) included. */
  from?: string | undefined;
  /** Last day (YYYY-MM-DD, Swedish time) included. */
  to?: string | undefined;
  /** Events older than this sequence number (paging backwards in time). */
  before?: number | undefined;
}

/** Midnight at the start of a calendar day in Sweden, as a timestamp. */
const startOfDay = (day: string, plusDays = 0): SQL => sql`((${day}::date + ${plusDays}::int)::timestamp at time zone ${auditTimeZone})`;

function conditions(filter: AuditFilter): SQL | undefined {
  const c: SQL[] = [];
  if (filter.organizationId) c.push(eq(auditEvents.organizationId, filter.organizationId));
  if (filter.planId) c.push(eq(auditEvents.planId, filter.planId));
  if (filter.entityId) c.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.entity) c.push(eq(auditEvents.entity, filter.entity));
  if (filter.action) c.push(eq(auditEvents.action, filter.action));
  if (filter.actorUserId) c.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.from) c.push(gte(auditEvents.occurredAt, startOfDay(filter.from) as never));
  // The whole last day: everything before the next day's midnight.
  if (filter.to) c.push(lt(auditEvents.occurredAt, startOfDay(filter.to, 1) as never));
  if (filter.before) c.push(lt(auditEvents.seq, filter.before));
  return c.length > 0 ? and(...c) : undefined;
}

/** Newest first. */
export async function listAuditEvents(db: Db, filter: AuditFilter, limit: number): Promise<AuditEventRow[]> {
  return db.select().from(auditEvents).where(conditions(filter)).orderBy(desc(auditEvents.seq)).limit(limit);
}

export async function countAuditEvents(db: Db, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(conditions(filter));
  return Number(row?.n ?? 0);
}
