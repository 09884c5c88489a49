import { z } from 'zod';

/** The audit trail as the API shows it: each event with its field changes spelled out (old → new). */
export const auditChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export const auditEvent = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  occurredAt: z.string(),
  organizationId: z.uuid().nullable(),
  actor: z.object({ userId: z.uuid().nullable(), name: z.string() }),
  entity: z.string(),
  entityId: z.string(),
  planId: z.uuid().nullable(),
  action: z.string(),
  /** A short human label for the entity (its code, number, title or name), read from before/after. */
  label: z.string().nullable(),
  changes: z.array(auditChange),
  before: z.unknown(),
  after: z.unknown(),
});
export const auditPage = z.object({ items: z.array(auditEvent), total: z.number().int(), nextBefore: z.number().int().nullable() });
export const auditQuery = z.strictObject({
  entity: z.string().max(50).optional(),
  action: z.string().max(50).optional(),
  actor: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  before: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const historyQuery = z.strictObject({
  before: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
