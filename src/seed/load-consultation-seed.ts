import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/consultations.js';
import { type Actor } from '../domain/access.js';
import { defaultGraceDays, localInstant } from '../domain/consultation.js';
import { recordAudit } from '../services/audit.js';
import { scheduleReminders } from '../services/consultations.js';
import type { SeedPlan } from './seed-file-schema.js';

/**
 * A seeded plan's remiss as it stood: sent on its date to its recipients, with its deadline. No
 * answers are entered (they come in through the recipients' links), and no link exists yet: nobody
 * could use a token only its hash is known of; the coordinator sends a recipient a new one.
 * Reminders are scheduled as sending would; run after the deadline they do nothing.
 */
export async function loadConsultationSeed(
  db: Db,
  actor: Actor,
  scope: { organizationId: string; planId: string; versionId: string; unitIds: Map<string, string> },
  seed: NonNullable<SeedPlan['consultation']>,
): Promise<void> {
  const sentAt = seed.sentDate ? localInstant(seed.sentDate, 9).toISOString() : null;
  const row = await repo.insertConsultation(db, {
    organizationId: scope.organizationId,
    planId: scope.planId,
    versionId: scope.versionId,
    title: seed.title,
    invitationText: seed.invitationText,
    deadline: seed.deadline,
    graceDays: defaultGraceDays,
    state: sentAt ? 'sent' : 'draft',
    sentAt,
  });
  const recipients = await repo.insertRecipients(
    db,
    seed.recipients.map((r, position) => ({
      organizationId: scope.organizationId,
      consultationId: row.id,
      name: r.name,
      // Seed addresses are fictitious (example.invalid); a recipient without one gets a placeholder to edit.
      email: (r.email ?? `remiss-${position + 1}@example.invalid`).toLowerCase(),
      kind: r.kind,
      unitId: r.unit ? (scope.unitIds.get(r.unit) ?? null) : null,
      position,
      invitedAt: sentAt,
    })),
  );
  if (sentAt) {
    const baseUrl = process.env.FRIDPLAN_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
    await scheduleReminders(db, row, baseUrl, new Date(sentAt));
  }
  await recordAudit(db, actor, { organizationId: scope.organizationId, planId: scope.planId, entity: 'consultation', entityId: row.id, action: 'create', after: { ...row, recipients: recipients.map((r) => r.name) } });
}
