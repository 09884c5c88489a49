import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/audit.js';
import { findOrganization } from '../db/repositories/organizations.js';
import { auditChanges, auditLabel, type FieldChange } from '../domain/audit-changes.js';
import type { Language } from '../i18n/api-messages.js';
import { notFound } from './errors.js';

/**
 * The audit trail as people read it: a plan's or measure's history as a timeline of who changed
 * what (old → new), and an organization's whole log for its administrators, also as CSV for Excel.
 * The policies on the routes decide who may ask; these functions only read.
 */

export interface AuditEventView {
  id: string;
  seq: number;
  occurredAt: string;
  organizationId: string | null;
  actor: { userId: string | null; name: string };
  entity: string;
  entityId: string;
  planId: string | null;
  action: string;
  label: string | null;
  changes: FieldChange[];
  before: unknown;
  after: unknown;
}

export interface AuditPageView {
  items: AuditEventView[];
  /** How many events match, across all pages. */
  total: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

export interface PageRequest {
  before?: number | undefined;
  limit: number;
}

export interface OrganizationLogFilter {
  entity?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
}

const iso = (value: string) => new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();

export function presentAuditEvent(row: repo.AuditEventRow): AuditEventView {
  return {
    id: row.id,
    seq: row.seq,
    occurredAt: iso(row.occurredAt),
    organizationId: row.organizationId,
    actor: { userId: row.actorUserId, name: row.actorName },
    entity: row.entity,
    entityId: row.entityId,
    planId: row.planId,
    action: row.action,
    label: auditLabel(row.before, row.after),
    changes: auditChanges(row.before, row.after),
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

/** One page, newest first. One row more than asked tells whether an older page exists. */
async function page(db: Db, filter: repo.AuditFilter, request: PageRequest): Promise<AuditPageView> {
  const rows = await repo.listAuditEvents(db, { ...filter, before: request.before }, request.limit + 1);
  const items = rows.slice(0, request.limit).map(presentAuditEvent);
  const total = await repo.countAuditEvents(db, filter);
  return { items, total, nextBefore: rows.length > request.limit ? (items.at(-1)?.seq ?? null) : null };
}

/** The plan's own events and those of its goals, measures and versions (they all carry its id). */
export const getPlanHistory = (db: Db, planId: string, request: PageRequest) => page(db, { planId }, request);

export const getMeasureHistory = (db: Db, measureId: string, request: PageRequest) => page(db, { entity: 'measure', entityId: measureId }, request);

const logFilter = (organizationId: string, filter: OrganizationLogFilter): repo.AuditFilter => ({
  organizationId,
  entity: filter.entity,
  action: filter.action,
  actorUserId: filter.actor,
  from: filter.from,
  to: filter.to,
});

export function getOrganizationLog(db: Db, organizationId: string, filter: OrganizationLogFilter, limit: number): Promise<AuditPageView> {
  return page(db, logFilter(organizationId, filter), { before: filter.before, limit });
}

// --- CSV ------------------------------------------------------------------------------------------

/** The header row, in the language of the request. */
const csvHeaders: Record<Language, string[]> = {
  sv: ['Tid (svensk tid)', 'Utförd av', 'Typ', 'Id', 'Händelse', 'Fält', 'Före', 'Efter'],
  en: ['Time (Swedish time)', 'Actor', 'Entity', 'Id', 'Action', 'Field', 'Before', 'After'],
};

/** Swedish wall-clock time as Excel reads it: 2026-12-01 14:03:22. */
const swedishTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: repo.auditTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const swedishDay = new Intl.DateTimeFormat('sv-SE', { timeZone: repo.auditTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

export const formatSwedishTime = (value: string): string => swedishTime.format(new Date(value));

/** A value in a cell: text as it is, anything else as JSON; nothing for null. */
function cellValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * One cell, quoted when it holds the separator, a quote or a line break. Text that a spreadsheet
 * would run as a formula (= + - @ at the start) gets a leading apostrophe: audit data holds what
 * anyone typed, and opening the export must not execute it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvRow = (cells: string[]): string => `${cells.map(csvCell).join(';')}\r\n`;

/** Rows of one event: one per changed field, or one for the event itself when no field changed. */
function eventRows(event: AuditEventView): string[][] {
  const base = [formatSwedishTime(event.occurredAt), event.actor.name, event.entity, event.entityId, event.action];
  if (event.changes.length === 0) return [[...base, '', '', '']];
  return event.changes.map((change) => [...base, change.field, cellValue(change.before), cellValue(change.after)]);
}

const csvBatch = 1000;

/**
 * The organization's log as CSV for Swedish Excel: UTF-8 with a byte order mark, `;` between
 * cells, CRLF line ends. All matching events, newest first, read in batches.
 */
export async function exportOrganizationLogCsv(
  db: Db,
  organizationId: string,
  filter: OrganizationLogFilter,
  language: Language,
): Promise<{ filename: string; body: string }> {
  const organization = await findOrganization(db, organizationId);
  if (!organization) throw notFound('organization');
  const parts: string[] = ['\ufeff', csvRow(csvHeaders[language])];
  let before = filter.before;
  for (;;) {
    const rows = await repo.listAuditEvents(db, { ...logFilter(organizationId, filter), before }, csvBatch);
    for (const row of rows) for (const cells of eventRows(presentAuditEvent(row))) parts.push(csvRow(cells));
    if (rows.length < csvBatch) break;
    before = rows.at(-1)!.seq;
  }
  return { filename: `audit-${organization.code}-${swedishDay.format(new Date())}.csv`, body: parts.join('') };
}
