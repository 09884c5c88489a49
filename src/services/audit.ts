import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/audit.js';
import { actorName, actorUserId, type Actor } from '../domain/access.js';

export type AuditEntity = 'organization' | 'unit' | 'plan' | 'node' | 'measure' | 'version' | 'term' | 'user' | 'membership' | 'sso_provider' | 'session' | 'consultation' | 'consultation_recipient' | 'consultation_response' | 'consultation_disposition' | 'round' | 'status_report' | 'status_labels' | 'calendar_event';

export interface AuditChange {
  organizationId: string | null;
  entity: AuditEntity;
  entityId: string;
  planId?: string | null | undefined;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Bookkeeping columns that say nothing a reader of the history needs. */
const noise = new Set(['searchText', 'createdAt', 'updatedAt', 'passwordHash', 'clientSecret']);

/** A row as the trail keeps it: without derived and secret columns. */
export function auditSnapshot(row: unknown): unknown {
  if (row === null || row === undefined) return null;
  if (typeof row !== 'object' || Array.isArray(row)) return row;
  return Object.fromEntries(Object.entries(row as Record<string, unknown>).filter(([key]) => !noise.has(key)));
}

/**
 * Writes one audit event. Call it with the transaction handle of the change, so that the event and
 * the change land together or not at all.
 */
export async function recordAudit(tx: Db, actor: Actor, change: AuditChange): Promise<void> {
  await repo.insertAuditEvent(tx, {
    organizationId: change.organizationId,
    actorUserId: actorUserId(actor),
    actorName: actorName(actor),
    entity: change.entity,
    entityId: change.entityId,
    planId: change.planId ?? null,
    action: change.action,
    before: auditSnapshot(change.before) as never,
    after: auditSnapshot(change.after) as never,
  });
}
