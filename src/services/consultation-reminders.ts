import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/consultations.js';
import { findOrganization } from '../db/repositories/organizations.js';
import { systemActor } from '../domain/access.js';
import { needsReminder, reminderTimes, type ConsultationState } from '../domain/consultation.js';
import { recordAudit } from './audit.js';
import { deliverMail, linkTokenHash, newLinkToken, recipientLink, reminderMail, type OutgoingMail } from './consultation-mail.js';
import { reminderJobKind } from './consultations.js';
import { registerJobHandler, type JobContext } from './jobs.js';
import { inTransaction } from './transaction.js';

const reminderActor = systemActor('Fridplan (påminnelser)');

/**
 * A reminder job (scheduled when the consultation is sent, one per reminder time) e-mails every
 * recipient who has neither answered nor declined, and is not revoked, a fresh link. It does nothing
 * when it comes too late (at or after the deadline: a runner that was down, a demo database with old
 * dates) or when the deadline has moved since it was scheduled (the new deadline has its own jobs).
 */
export async function runConsultationReminder(payload: Record<string, unknown>, ctx: Pick<JobContext, 'db' | 'now'>): Promise<number> {
  const db: Db = ctx.db;
  const consultation = typeof payload.consultationId === 'string' ? await repo.findConsultation(db, payload.consultationId) : undefined;
  if (!consultation || consultation.state !== 'sent' || !consultation.sentAt) return 0;
  // The reminder times of the deadline as it is now: a job for another time belongs to an older deadline.
  const current = reminderTimes(consultation.deadline, new Date(0)).map((r) => r.at.getTime());
  if (typeof payload.at !== 'string' || !current.includes(new Date(payload.at).getTime())) return 0;
  const baseUrl = typeof payload.baseUrl === 'string' ? payload.baseUrl : '';
  const recipients = (await repo.listRecipients(db, [consultation.id])).filter((r) =>
    needsReminder({ consultationState: consultation.state as ConsultationState, deadline: consultation.deadline, sentAt: consultation.sentAt, openedAt: r.openedAt, answeredAt: r.answeredAt, declinedAt: r.declinedAt, revokedAt: r.revokedAt }, ctx.now),
  );
  if (recipients.length === 0) return 0;
  const mails = await inTransaction(db, async (tx) => {
    const organization = await findOrganization(tx, consultation.organizationId);
    const mails: OutgoingMail[] = [];
    for (const recipient of recipients) {
      const token = newLinkToken();
      await repo.insertLink(tx, { tokenHash: linkTokenHash(token), recipientId: recipient.id, purpose: 'reminder' });
      await repo.updateRecipient(tx, recipient.id, null, { remindedAt: ctx.now.toISOString() });
      mails.push(reminderMail({ to: recipient.email, recipientName: recipient.name, organizationName: organization?.name ?? '', title: consultation.title, deadline: consultation.deadline, link: recipientLink(baseUrl, token) }));
    }
    await recordAudit(tx, reminderActor, { organizationId: consultation.organizationId, planId: consultation.planId, entity: 'consultation', entityId: consultation.id, action: 'remind', after: { at: ctx.now.toISOString(), recipients: recipients.map((r) => r.name) } });
    return mails;
  });
  return deliverMail(mails);
}

registerJobHandler(reminderJobKind, async (payload, ctx) => {
  await runConsultationReminder(payload, ctx);
});
