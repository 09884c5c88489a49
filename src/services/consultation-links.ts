import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/consultations.js';
import { findOrganization } from '../db/repositories/organizations.js';
import { findVersion } from '../db/repositories/versions.js';
import { systemActor, type Actor } from '../domain/access.js';
import { checkAnchor, linkAccess, linkExpiresAt, recipientStatus, type CommentAnchor, type ConsultationState, type Position } from '../domain/consultation.js';
import { reportLabels } from '../i18n/api-messages-consultation.js';
import { recordAudit } from './audit.js';
import { deliverMail, isWellFormedToken, linkTokenHash, receiptMail, recipientLink } from './consultation-mail.js';
import { presentAttachment, presentResponse } from './consultations.js';
import { AppError, ProblemList, stateConflict } from './errors.js';
import { inTransaction } from './transaction.js';

/**
 * The recipient's side of a remiss, reached with the private link alone. Every read and write goes
 * through the recipient the token belongs to, so one recipient can never reach another's answer. An
 * unknown, malformed or revoked token is "not found"; an expired one says so (410).
 */

const linkNotFound = () => new AppError(404, 'not_found', { params: { entity: 'consultation_link' } });
const attachmentNotFound = () => new AppError(404, 'not_found', { params: { entity: 'consultation_attachment' } });

/** The recipient as the audit trail names them (they have no account). */
const recipientActor = (recipient: repo.RecipientRow): Actor => systemActor(`Remissinstans: ${recipient.name}`);

interface ResolvedLink {
  recipient: repo.RecipientRow;
  consultation: repo.ConsultationRow;
  editable: boolean;
}

async function resolveLink(db: Db, token: string, now: Date): Promise<ResolvedLink> {
  if (!isWellFormedToken(token)) throw linkNotFound();
  const found = await repo.findByTokenHash(db, linkTokenHash(token));
  if (!found) throw linkNotFound();
  const { recipient, consultation } = found;
  const access = linkAccess(
    { consultationState: consultation.state as ConsultationState, deadline: consultation.deadline, graceDays: consultation.graceDays, revokedAt: recipient.revokedAt, answeredAt: recipient.answeredAt, declinedAt: recipient.declinedAt },
    now,
  );
  if (access.kind === 'unknown') throw linkNotFound();
  if (access.kind === 'expired') throw new AppError(410 as never, 'consultation_link_expired');
  return { recipient, consultation, editable: access.editable };
}

function requireEditable(link: ResolvedLink): void {
  if (link.consultation.state !== 'sent') throw stateConflict('consultation_not_sent', { state: link.consultation.state });
  if (!link.editable) throw stateConflict('consultation_answer_locked');
}

async function ownResponse(db: Db, link: ResolvedLink) {
  const response = await repo.findResponseByRecipient(db, link.recipient.id);
  return response ? presentResponse(db, link.consultation, link.recipient, response) : null;
}

/** The invitation, the frozen version and the recipient's own answer; the first visit marks the link opened. */
export async function viewLink(db: Db, token: string, now = new Date()) {
  const link = await resolveLink(db, token, now);
  let { recipient } = link;
  if (!recipient.openedAt) {
    recipient = await inTransaction(db, async (tx) => {
      const opened = (await repo.updateRecipient(tx, recipient.id, null, { openedAt: now.toISOString() }))!;
      await recordAudit(tx, recipientActor(recipient), { organizationId: recipient.organizationId, planId: link.consultation.planId, entity: 'consultation_recipient', entityId: recipient.id, action: 'open', before: { openedAt: null }, after: { openedAt: opened.openedAt } });
      return opened;
    });
  }
  const { consultation } = link;
  const version = await findVersion(db, consultation.versionId);
  const organization = await findOrganization(db, consultation.organizationId);
  return {
    consultation: {
      title: consultation.title,
      invitationText: consultation.invitationText,
      deadline: consultation.deadline,
      linkExpiresAt: linkExpiresAt(consultation.deadline, consultation.graceDays).toISOString(),
      state: consultation.state as ConsultationState,
      organizationName: organization?.name ?? '',
    },
    recipient: {
      name: recipient.name,
      status: recipientStatus({ consultationState: consultation.state as ConsultationState, deadline: consultation.deadline, sentAt: consultation.sentAt, openedAt: recipient.openedAt, answeredAt: recipient.answeredAt, declinedAt: recipient.declinedAt }, now),
    },
    editable: link.editable,
    content: version!.content,
    response: await ownResponse(db, { ...link, recipient }),
  };
}

export interface DraftInput {
  position?: Position | null | undefined;
  statement?: string | undefined;
  comments?: { anchor: CommentAnchor; text: string }[] | undefined;
}

function anchorColumns(anchor: CommentAnchor) {
  const empty = { nodeId: null, measureId: null, sectionIndex: null, field: null, startOffset: null, endOffset: null, quote: null };
  switch (anchor.kind) {
    case 'plan':
      return { ...empty, anchorKind: 'plan' };
    case 'node':
      return { ...empty, anchorKind: 'node', nodeId: anchor.nodeId };
    case 'measure':
      return { ...empty, anchorKind: 'measure', measureId: anchor.measureId };
    case 'passage':
      return {
        anchorKind: 'passage',
        nodeId: anchor.nodeId ?? null,
        measureId: anchor.measureId ?? null,
        sectionIndex: anchor.sectionIndex ?? null,
        field: anchor.field,
        startOffset: anchor.start,
        endOffset: anchor.end,
        quote: anchor.quote,
      };
  }
}

/** Saves the answer as a draft: position, statement and comments replace what was saved before. */
export async function saveDraft(db: Db, token: string, input: DraftInput, now = new Date()) {
  const link = await resolveLink(db, token, now);
  requireEditable(link);
  const { recipient, consultation } = link;
  await inTransaction(db, async (tx) => {
    if (input.comments) {
      const content = (await findVersion(tx, consultation.versionId))!.content;
      const problems = new ProblemList();
      input.comments.forEach((c, i) => {
        for (const p of checkAnchor(content, c.anchor, `body.comments.${i}.anchor`)) problems.add(p.path, p.code);
      });
      problems.throwIfAny();
    }
    let response = await repo.findResponseByRecipient(tx, recipient.id);
    const before = response ?? null;
    const values = { ...(input.position !== undefined ? { position: input.position } : {}), ...(input.statement !== undefined ? { statement: input.statement } : {}) };
    response = response ? await repo.updateResponse(tx, response.id, values) : await repo.insertResponse(tx, { organizationId: recipient.organizationId, consultationId: consultation.id, recipientId: recipient.id, state: 'draft', ...values });
    if (input.comments) {
      await repo.replaceComments(
        tx,
        response.id,
        input.comments.map((c, position) => ({ organizationId: recipient.organizationId, consultationId: consultation.id, responseId: response!.id, position, text: c.text, ...anchorColumns(c.anchor) })),
      );
    }
    // Acting through the link opens it: marked here, so viewLink below writes no second ('open') event.
    if (!recipient.openedAt) await repo.updateRecipient(tx, recipient.id, null, { openedAt: now.toISOString() });
    await recordAudit(tx, recipientActor(recipient), { organizationId: recipient.organizationId, planId: consultation.planId, entity: 'consultation_response', entityId: response.id, action: 'save_draft', before, after: { ...response, comments: input.comments?.length } });
  });
  return viewLink(db, token, now);
}

/** The answer as submitted, hashed, so a copy can be checked against the record. */
function answerDigest(response: Awaited<ReturnType<typeof presentResponse>>, submittedAt: string): string {
  const canonical = JSON.stringify({
    position: response.position,
    statement: response.statement,
    comments: response.comments.map((c) => ({ anchor: c.anchor, text: c.text })),
    attachments: response.attachments.map((a) => ({ filename: a.filename, size: a.size })),
    submittedAt,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Turns the digest into a short reference a person can read out: FP-XXXX-XXXX (no 0/O, 1/I). */
function receiptNumber(digest: string): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = Buffer.from(digest.slice(0, 16), 'hex');
  const chars = [...bytes].slice(0, 8).map((b) => alphabet[b % alphabet.length]);
  return `FP-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Submits the answer: it is locked, the recipient counts as answered, and a receipt goes out by e-mail. */
export async function submitAnswer(db: Db, token: string, baseUrl: string, now = new Date()) {
  const link = await resolveLink(db, token, now);
  requireEditable(link);
  const { recipient, consultation } = link;
  const submittedAt = now.toISOString();
  const mail = await inTransaction(db, async (tx) => {
    const response = await repo.findResponseByRecipient(tx, recipient.id);
    if (!response?.position) throw stateConflict('consultation_position_required');
    const presented = await presentResponse(tx, consultation, recipient, response);
    const digest = answerDigest(presented, submittedAt);
    const number = receiptNumber(digest);
    const submitted = await repo.updateResponse(tx, response.id, { state: 'submitted', submittedAt, receiptNumber: number, receiptDigest: digest });
    await repo.updateRecipient(tx, recipient.id, null, { answeredAt: submittedAt });
    await recordAudit(tx, recipientActor(recipient), { organizationId: recipient.organizationId, planId: consultation.planId, entity: 'consultation_response', entityId: response.id, action: 'submit', before: response, after: submitted });
    const organization = await findOrganization(tx, consultation.organizationId);
    return receiptMail({
      to: recipient.email,
      recipientName: recipient.name,
      organizationName: organization?.name ?? '',
      title: consultation.title,
      receiptNumber: number,
      submittedAt: new Date(submittedAt).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' }),
      position: reportLabels.sv[`position.${response.position}`] ?? response.position,
      statement: presented.statement || '–',
      comments: presented.comments.map((c) => (c.target.kind === 'plan' ? c.text : `${c.target.number ? `${c.target.number} ` : ''}${c.target.label}: ${c.text}`)),
      link: recipientLink(baseUrl, token),
    });
  });
  await deliverMail([mail]);
  return receiptView(db, token, now);
}

/** The recipient says they will not answer; the answer, if any, stays a draft nobody else sees. */
export async function declineAnswer(db: Db, token: string, reason: string | null | undefined, now = new Date()) {
  const link = await resolveLink(db, token, now);
  requireEditable(link);
  const { recipient, consultation } = link;
  await inTransaction(db, async (tx) => {
    // Opened in the same change, so viewLink below writes no second ('open') event.
    const updated = await repo.updateRecipient(tx, recipient.id, null, { declinedAt: now.toISOString(), declineReason: reason ?? null, ...(recipient.openedAt ? {} : { openedAt: now.toISOString() }) });
    await recordAudit(tx, recipientActor(recipient), { organizationId: recipient.organizationId, planId: consultation.planId, entity: 'consultation_recipient', entityId: recipient.id, action: 'decline', before: recipient, after: updated });
  });
  return viewLink(db, token, now);
}

export async function receiptView(db: Db, token: string, now = new Date()) {
  const link = await resolveLink(db, token, now);
  const response = await repo.findResponseByRecipient(db, link.recipient.id);
  if (!response || response.state !== 'submitted') throw linkNotFound();
  const presented = await presentResponse(db, link.consultation, link.recipient, response);
  const organization = await findOrganization(db, link.consultation.organizationId);
  return { consultationTitle: link.consultation.title, organizationName: organization?.name ?? '', recipientName: link.recipient.name, receipt: presented.receipt!, response: presented };
}

// --- attachments ------------------------------------------------------------------------------------------------

export const maxAttachmentBytes = 10 * 1024 * 1024;
export const maxAttachmentSize = '10 MB';
export const maxAttachments = 5;

export type AttachmentType = { contentType: string; extension: 'pdf' | 'docx' };

/**
 * What the bytes are, whatever the file is called: a PDF starts with "%PDF-"; a DOCX is a ZIP
 * package whose entries include [Content_Types].xml and word/document.xml. Anything else (an .exe
 * renamed .pdf, an old .doc, a spreadsheet) is refused.
 */
export function detectAttachmentType(bytes: Uint8Array): AttachmentType | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.startsWith('%PDF-')) return { contentType: 'application/pdf', extension: 'pdf' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    // Entry names are stored uncompressed, in the local headers and the central directory.
    const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (all.includes('word/document.xml', 0, 'latin1') && all.includes('[Content_Types].xml', 0, 'latin1')) {
      return { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
    }
  }
  return null;
}

/** A file name safe to store and to send back in Content-Disposition, with the extension the bytes deserve. */
export function attachmentFilename(name: string | undefined, type: AttachmentType): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  const stem = base.replace(/\.[^.]*$/, '') || 'bilaga';
  return `${stem}.${type.extension}`;
}

export async function addAttachment(db: Db, token: string, file: { bytes: Uint8Array; filename: string | undefined }, now = new Date()) {
  const link = await resolveLink(db, token, now);
  requireEditable(link);
  const type = detectAttachmentType(file.bytes);
  if (!type) throw new AppError(415, 'attachment_type');
  const ext = /\.([a-z0-9]+)$/i.exec(file.filename ?? '')?.[1]?.toLowerCase();
  // A file whose name claims another type than its content is refused: "report.pdf" that is a ZIP is not a PDF.
  if (ext && ext !== type.extension) throw new AppError(415, 'attachment_type');
  if (file.bytes.byteLength > maxAttachmentBytes) throw new AppError(413, 'attachment_too_large', { params: { maximum: maxAttachmentSize } });
  const { recipient, consultation } = link;
  const saved = await inTransaction(db, async (tx) => {
    let response = await repo.findResponseByRecipient(tx, recipient.id);
    response ??= await repo.insertResponse(tx, { organizationId: recipient.organizationId, consultationId: consultation.id, recipientId: recipient.id, state: 'draft' });
    const totals = await repo.attachmentTotals(tx, response.id);
    if (totals.count >= maxAttachments) throw new AppError(409, 'attachment_limit', { params: { maximum: maxAttachments } });
    const row = await repo.insertAttachment(tx, {
      organizationId: recipient.organizationId,
      consultationId: consultation.id,
      responseId: response.id,
      filename: attachmentFilename(file.filename, type),
      contentType: type.contentType,
      size: file.bytes.byteLength,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      data: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
    });
    await recordAudit(tx, recipientActor(recipient), { organizationId: recipient.organizationId, planId: consultation.planId, entity: 'consultation_response', entityId: response.id, action: 'add_attachment', after: row });
    return row;
  });
  return presentAttachment(saved);
}

export async function removeAttachment(db: Db, token: string, attachmentId: string, now = new Date()): Promise<void> {
  const link = await resolveLink(db, token, now);
  requireEditable(link);
  const response = await repo.findResponseByRecipient(db, link.recipient.id);
  const attachment = /^[0-9a-f-]{36}$/i.test(attachmentId) ? await repo.findAttachment(db, attachmentId) : undefined;
  if (!response || !attachment || attachment.responseId !== response.id) throw attachmentNotFound();
  await inTransaction(db, async (tx) => {
    await repo.deleteAttachment(tx, attachmentId);
    const { data: _data, ...info } = attachment;
    await recordAudit(tx, recipientActor(link.recipient), { organizationId: link.recipient.organizationId, planId: link.consultation.planId, entity: 'consultation_response', entityId: response.id, action: 'remove_attachment', before: info });
  });
}

/** The recipient's own attachment, or (for the coordinator) any attachment of a submitted answer of the consultation. */
export async function readOwnAttachment(db: Db, token: string, attachmentId: string, now = new Date()) {
  const link = await resolveLink(db, token, now);
  const response = await repo.findResponseByRecipient(db, link.recipient.id);
  const attachment = /^[0-9a-f-]{36}$/i.test(attachmentId) ? await repo.findAttachment(db, attachmentId) : undefined;
  if (!response || !attachment || attachment.responseId !== response.id) throw attachmentNotFound();
  return attachment;
}

export async function readConsultationAttachment(db: Db, consultationId: string, attachmentId: string) {
  const attachment = await repo.findAttachment(db, attachmentId);
  if (!attachment || attachment.consultationId !== consultationId) throw attachmentNotFound();
  const submitted = await repo.listResponses(db, consultationId, 'submitted');
  if (!submitted.some((r) => r.id === attachment.responseId)) throw attachmentNotFound();
  return attachment;
}

