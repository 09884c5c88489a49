import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import {
  consultationAttachments,
  consultationComments,
  consultationDispositions,
  consultationLinks,
  consultationRecipients,
  consultationResponses,
  consultations,
  organizations,
  planVersions,
  plans,
} from '../schema.js';

export type ConsultationRow = typeof consultations.$inferSelect;
export type ConsultationInsert = typeof consultations.$inferInsert;
export type RecipientRow = typeof consultationRecipients.$inferSelect;
export type RecipientInsert = typeof consultationRecipients.$inferInsert;
export type ResponseRow = typeof consultationResponses.$inferSelect;
export type CommentRow = typeof consultationComments.$inferSelect;
export type CommentInsert = typeof consultationComments.$inferInsert;
export type DispositionRow = typeof consultationDispositions.$inferSelect;
export type DispositionInsert = typeof consultationDispositions.$inferInsert;
/** An attachment without its bytes: what lists show. */
export type AttachmentInfo = Omit<typeof consultationAttachments.$inferSelect, 'data'>;

const attachmentInfo = {
  id: consultationAttachments.id,
  organizationId: consultationAttachments.organizationId,
  consultationId: consultationAttachments.consultationId,
  responseId: consultationAttachments.responseId,
  filename: consultationAttachments.filename,
  contentType: consultationAttachments.contentType,
  size: consultationAttachments.size,
  sha256: consultationAttachments.sha256,
  createdAt: consultationAttachments.createdAt,
};

// --- consultations --------------------------------------------------------------------------------

export async function findConsultation(db: Db, id: string): Promise<ConsultationRow | undefined> {
  const [row] = await db.select().from(consultations).where(eq(consultations.id, id));
  return row;
}

export async function lockConsultation(db: Db, id: string): Promise<ConsultationRow | undefined> {
  const [row] = await db.select().from(consultations).where(eq(consultations.id, id)).for('update');
  return row;
}

/** What an authorization decision needs: the organization, the plan's status and the published flag. */
export async function consultationFacts(db: Db, id: string) {
  const [row] = await db
    .select({ organizationId: consultations.organizationId, published: consultations.published, state: consultations.state, planStatus: plans.status })
    .from(consultations)
    .innerJoin(plans, eq(plans.id, consultations.planId))
    .where(eq(consultations.id, id));
  return row;
}

export async function listPlanConsultations(db: Db, planId: string): Promise<ConsultationRow[]> {
  return db.select().from(consultations).where(eq(consultations.planId, planId)).orderBy(desc(consultations.createdAt));
}

export async function insertConsultation(db: Db, values: ConsultationInsert): Promise<ConsultationRow> {
  const [row] = await db.insert(consultations).values(values).returning();
  return row!;
}

export async function updateConsultation(db: Db, id: string, expectedVersion: number, values: Partial<ConsultationInsert>): Promise<ConsultationRow | undefined> {
  const [row] = await db
    .update(consultations)
    .set({ ...values, version: sql`${consultations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(consultations.id, id), eq(consultations.version, expectedVersion)))
    .returning();
  return row;
}

export async function deleteConsultation(db: Db, id: string): Promise<void> {
  await db.delete(consultations).where(eq(consultations.id, id));
}

/** The consultation's context for presenting it: plan title, version number, organization name. */
export async function consultationContext(db: Db, consultation: ConsultationRow) {
  const [row] = await db
    .select({ planTitle: plans.title, versionNumber: planVersions.number, organizationName: organizations.name })
    .from(plans)
    .innerJoin(planVersions, eq(planVersions.id, consultation.versionId))
    .innerJoin(organizations, eq(organizations.id, plans.organizationId))
    .where(eq(plans.id, consultation.planId));
  return row!;
}

// --- recipients -------------------------------------------------------------------------------------

export async function listRecipients(db: Db, consultationIds: string[]): Promise<RecipientRow[]> {
  if (consultationIds.length === 0) return [];
  return db
    .select()
    .from(consultationRecipients)
    .where(inArray(consultationRecipients.consultationId, consultationIds))
    .orderBy(asc(consultationRecipients.position), asc(consultationRecipients.name));
}

export async function findRecipient(db: Db, id: string): Promise<RecipientRow | undefined> {
  const [row] = await db.select().from(consultationRecipients).where(eq(consultationRecipients.id, id));
  return row;
}

export async function insertRecipients(db: Db, values: RecipientInsert[]): Promise<RecipientRow[]> {
  if (values.length === 0) return [];
  return db.insert(consultationRecipients).values(values).returning();
}

export async function updateRecipient(db: Db, id: string, expectedVersion: number | null, values: Partial<RecipientInsert>): Promise<RecipientRow | undefined> {
  const [row] = await db
    .update(consultationRecipients)
    .set({ ...values, version: sql`${consultationRecipients.version} + 1`, updatedAt: sql`now()` })
    .where(expectedVersion === null ? eq(consultationRecipients.id, id) : and(eq(consultationRecipients.id, id), eq(consultationRecipients.version, expectedVersion)))
    .returning();
  return row;
}

export async function deleteRecipient(db: Db, id: string): Promise<void> {
  await db.delete(consultationRecipients).where(eq(consultationRecipients.id, id));
}

export async function nextRecipientPosition(db: Db, consultationId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${consultationRecipients.position}), -1)::int + 1` })
    .from(consultationRecipients)
    .where(eq(consultationRecipients.consultationId, consultationId));
  return Number(row?.n ?? 0);
}

// --- links --------------------------------------------------------------------------------------------

export async function insertLink(db: Db, values: typeof consultationLinks.$inferInsert): Promise<void> {
  await db.insert(consultationLinks).values(values);
}

/** The recipient and consultation a link's hash belongs to, in one read. */
export async function findByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ recipient: consultationRecipients, consultation: consultations })
    .from(consultationLinks)
    .innerJoin(consultationRecipients, eq(consultationRecipients.id, consultationLinks.recipientId))
    .innerJoin(consultations, eq(consultations.id, consultationRecipients.consultationId))
    .where(eq(consultationLinks.tokenHash, tokenHash));
  return row;
}

// --- responses, comments, attachments -----------------------------------------------------------------

export async function findResponseByRecipient(db: Db, recipientId: string): Promise<ResponseRow | undefined> {
  const [row] = await db.select().from(consultationResponses).where(eq(consultationResponses.recipientId, recipientId));
  return row;
}

export async function listResponses(db: Db, consultationId: string, state?: 'submitted'): Promise<ResponseRow[]> {
  const where = state ? and(eq(consultationResponses.consultationId, consultationId), eq(consultationResponses.state, state)) : eq(consultationResponses.consultationId, consultationId);
  return db.select().from(consultationResponses).where(where).orderBy(asc(consultationResponses.submittedAt), asc(consultationResponses.createdAt));
}

export async function insertResponse(db: Db, values: typeof consultationResponses.$inferInsert): Promise<ResponseRow> {
  const [row] = await db.insert(consultationResponses).values(values).returning();
  return row!;
}

export async function updateResponse(db: Db, id: string, values: Partial<typeof consultationResponses.$inferInsert>): Promise<ResponseRow> {
  const [row] = await db
    .update(consultationResponses)
    .set({ ...values, version: sql`${consultationResponses.version} + 1`, updatedAt: sql`now()` })
    .where(eq(consultationResponses.id, id))
    .returning();
  return row!;
}

export async function listComments(db: Db, responseIds: string[]): Promise<CommentRow[]> {
  if (responseIds.length === 0) return [];
  return db.select().from(consultationComments).where(inArray(consultationComments.responseId, responseIds)).orderBy(asc(consultationComments.position));
}

export async function findComment(db: Db, id: string): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(consultationComments).where(eq(consultationComments.id, id));
  return row;
}

export async function replaceComments(db: Db, responseId: string, values: CommentInsert[]): Promise<void> {
  await db.delete(consultationComments).where(eq(consultationComments.responseId, responseId));
  if (values.length > 0) await db.insert(consultationComments).values(values);
}

export async function listAttachments(db: Db, responseIds: string[]): Promise<AttachmentInfo[]> {
  if (responseIds.length === 0) return [];
  return db.select(attachmentInfo).from(consultationAttachments).where(inArray(consultationAttachments.responseId, responseIds)).orderBy(asc(consultationAttachments.createdAt));
}

export async function insertAttachment(db: Db, values: typeof consultationAttachments.$inferInsert): Promise<AttachmentInfo> {
  const [row] = await db.insert(consultationAttachments).values(values).returning(attachmentInfo);
  return row!;
}

export async function findAttachment(db: Db, id: string) {
  const [row] = await db.select().from(consultationAttachments).where(eq(consultationAttachments.id, id));
  return row;
}

export async function deleteAttachment(db: Db, id: string): Promise<void> {
  await db.delete(consultationAttachments).where(eq(consultationAttachments.id, id));
}

export async function attachmentTotals(db: Db, responseId: string): Promise<{ count: number; bytes: number }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${consultationAttachments.size}), 0)::int` })
    .from(consultationAttachments)
    .where(eq(consultationAttachments.responseId, responseId));
  return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
}

// --- dispositions ---------------------------------------------------------------------------------------

export async function listDispositions(db: Db, consultationId: string): Promise<DispositionRow[]> {
  return db.select().from(consultationDispositions).where(eq(consultationDispositions.consultationId, consultationId));
}

export async function findDispositionByComment(db: Db, commentId: string): Promise<DispositionRow | undefined> {
  const [row] = await db.select().from(consultationDispositions).where(eq(consultationDispositions.commentId, commentId));
  return row;
}

export async function insertDisposition(db: Db, values: DispositionInsert): Promise<DispositionRow> {
  const [row] = await db.insert(consultationDispositions).values(values).returning();
  return row!;
}

export async function updateDisposition(db: Db, id: string, expectedVersion: number, values: Partial<DispositionInsert>): Promise<DispositionRow | undefined> {
  const [row] = await db
    .update(consultationDispositions)
    .set({ ...values, version: sql`${consultationDispositions.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(consultationDispositions.id, id), eq(consultationDispositions.version, expectedVersion)))
    .returning();
  return row;
}

// --- plan versions ---------------------------------------------------------------------------------------

/** The plan's newest version frozen for a consultation. */
export async function latestConsultationVersion(db: Db, planId: string) {
  const [row] = await db
    .select()
    .from(planVersions)
    .where(and(eq(planVersions.planId, planId), eq(planVersions.reason, 'consultation')))
    .orderBy(desc(planVersions.number))
    .limit(1);
  return row;
}
