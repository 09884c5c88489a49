import type { Db } from '../db/database.js';
import { insertMeasureUnits, insertMeasures, insertNodes } from '../db/repositories/content.js';
import * as repo from '../db/repositories/consultations.js';
import { findOrganization } from '../db/repositories/organizations.js';
import { findPlan, lockPlan, updatePlan } from '../db/repositories/plans.js';
import { findUnitsByIds } from '../db/repositories/units.js';
import { findVersion, insertVersion } from '../db/repositories/versions.js';
import { actorName, actorUserId, type Actor } from '../domain/access.js';
import {
  anchorTarget,
  deadlineEnd,
  defaultGraceDays,
  isLate,
  linkExpiresAt,
  recipientStatus,
  reminderTimes,
  remapContentIds,
  type CommentAnchor,
  type ConsultationState,
  type Disposition,
  type Position,
  type RecipientKind,
  type RecipientStatus,
} from '../domain/consultation.js';
import { diffPlanContent, type PlanContentDiff } from '../domain/diff.js';
import { displayNumbers } from '../domain/numbering.js';
import type { NodeContent, PlanContent } from '../domain/plan-content.js';
import { findMeasure, findNode } from '../domain/tree.js';
import { recordAudit } from './audit.js';
import { deliverMail, invitationMail, linkTokenHash, newLinkToken, recipientLink, type OutgoingMail } from './consultation-mail.js';
import { measureValues, unitLinks } from './content-input.js';
import { AppError, notFound, ProblemList, stateConflict, versionConflict } from './errors.js';
import { scheduleJob } from './jobs.js';
import { readPlanContent } from './plan-content.js';
import { insertNewPlan } from './plans.js';
import { inTransaction } from './transaction.js';

/**
 * The coordinator's side of a remiss: create it on a frozen plan version, choose recipients, send
 * (links, e-mail, reminder jobs), follow answers, dispose of every comment, make the next version and
 * compare it with the consulted one. Recipients' own actions are in consultation-links.ts.
 */

export const consultationNotFound = () => new AppError(404, 'not_found', { params: { entity: 'consultation' } });
const recipientNotFound = () => new AppError(404, 'not_found', { params: { entity: 'consultation_recipient' } });
const commentNotFound = () => new AppError(404, 'not_found', { params: { entity: 'consultation_comment' } });

export const reminderJobKind = 'consultation.reminder';

/** A new or moved deadline must still lie ahead (the seed loads historical ones directly). */
const deadlinePassed = (deadline: string, now: Date) => deadlineEnd(deadline).getTime() <= now.getTime();

export interface RecipientInput {
  name: string;
  email: string;
  kind: RecipientKind;
  unitId?: string | null | undefined;
}

// --- presenting ---------------------------------------------------------------------------------------

export function presentRecipient(row: repo.RecipientRow, consultation: repo.ConsultationRow, now: Date, position: Position | null = null) {
  const status = recipientStatus(
    { consultationState: consultation.state as ConsultationState, deadline: consultation.deadline, sentAt: consultation.sentAt, openedAt: row.openedAt, answeredAt: row.answeredAt, declinedAt: row.declinedAt },
    now,
  );
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    kind: row.kind as RecipientKind,
    unitId: row.unitId,
    status,
    invitedAt: iso(row.invitedAt),
    openedAt: iso(row.openedAt),
    answeredAt: iso(row.answeredAt),
    declinedAt: iso(row.declinedAt),
    revokedAt: iso(row.revokedAt),
    remindedAt: iso(row.remindedAt),
    position,
    version: row.version,
  };
}

/** Timestamps as ISO 8601 UTC, whichever driver read them. */
export function iso<T extends string | null>(value: T): T {
  if (value === null) return value;
  return new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString() as T;
}

async function presentConsultation(db: Db, row: repo.ConsultationRow, now: Date) {
  const context = await repo.consultationContext(db, row);
  const recipientRows = await repo.listRecipients(db, [row.id]);
  const responses = await repo.listResponses(db, row.id, 'submitted');
  const positionBy = new Map(responses.map((r) => [r.recipientId, r.position as Position | null]));
  const recipients = recipientRows.map((r) => presentRecipient(r, row, now, positionBy.get(r.id) ?? null));
  const comments = await repo.listComments(db, responses.map((r) => r.id));
  const dispositions = await repo.listDispositions(db, row.id);
  const count = (status: RecipientStatus) => recipients.filter((r) => r.status === status).length;
  return {
    id: row.id,
    organizationId: row.organizationId,
    planId: row.planId,
    planTitle: context.planTitle,
    versionId: row.versionId,
    versionNumber: context.versionNumber,
    title: row.title,
    invitationText: row.invitationText,
    deadline: row.deadline,
    graceDays: row.graceDays,
    linkExpiresAt: linkExpiresAt(row.deadline, row.graceDays).toISOString(),
    state: row.state as ConsultationState,
    published: row.published,
    sentAt: iso(row.sentAt),
    closedAt: iso(row.closedAt),
    nextPlanId: row.nextPlanId,
    counts: {
      recipients: recipients.length,
      answered: count('answered'),
      declined: count('declined'),
      opened: count('opened'),
      overdue: count('overdue'),
      comments: comments.length,
      disposed: dispositions.length,
    },
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    recipients,
  };
}

export type ConsultationView = Awaited<ReturnType<typeof presentConsultation>>;
const withoutRecipients = ({ recipients: _r, ...rest }: ConsultationView) => rest;

// --- reading -------------------------------------------------------------------------------------------

export async function listConsultations(db: Db, planId: string, now = new Date()) {
  const rows = await repo.listPlanConsultations(db, planId);
  const views = [];
  for (const row of rows) views.push(withoutRecipients(await presentConsultation(db, row, now)));
  return views;
}

export async function getConsultation(db: Db, id: string, now = new Date()) {
  const row = await repo.findConsultation(db, id);
  if (!row) throw consultationNotFound();
  return presentConsultation(db, row, now);
}

async function requireConsultation(tx: Db, id: string, expectedVersion?: number) {
  const row = await repo.lockConsultation(tx, id);
  if (!row) throw consultationNotFound();
  if (expectedVersion !== undefined && row.version !== expectedVersion) throw versionConflict(row);
  return row;
}

async function bump(tx: Db, row: repo.ConsultationRow, values: Partial<repo.ConsultationInsert>) {
  const updated = await repo.updateConsultation(tx, row.id, row.version, values);
  if (!updated) throw versionConflict(row);
  return updated;
}

// --- creating and editing --------------------------------------------------------------------------------

async function checkRecipients(tx: Db, organizationId: string, inputs: RecipientInput[], path: string, existingNames: string[], problems: ProblemList) {
  const unitIds = inputs.flatMap((r) => (r.unitId ? [r.unitId] : []));
  const units = new Map((await findUnitsByIds(tx, unitIds)).map((u) => [u.id, u]));
  const names = new Set(existingNames.map((n) => n.toLowerCase()));
  inputs.forEach((r, i) => {
    if (r.unitId) {
      const unit = units.get(r.unitId);
      if (!unit || unit.organizationId !== organizationId) problems.add(`${path}.${i}.unitId`, 'unknown_reference', { value: r.unitId });
    }
    const key = r.name.trim().toLowerCase();
    if (names.has(key)) problems.add(`${path}.${i}.name`, 'already_exists', { value: r.name });
    names.add(key);
  });
}

export interface CreateConsultationInput {
  title: string;
  invitationText: string;
  deadline: string;
  graceDays?: number | undefined;
  versionId?: string | undefined;
  recipients?: RecipientInput[] | undefined;
}

/**
 * Creates a draft consultation on a frozen version of the plan: the one named, or the plan's latest
 * consultation version. A draft plan with none is sent out now: its content is frozen as the
 * consultation version and the plan moves to "consultation", as the lifecycle does on send-out.
 */
export async function createConsultation(db: Db, actor: Actor, planId: string, input: CreateConsultationInput, now = new Date()) {
  const id = await inTransaction(db, async (tx) => {
    const plan = await lockPlan(tx, planId);
    if (!plan) throw notFound('plan');
    const problems = new ProblemList();
    let version = input.versionId ? await findVersion(tx, input.versionId) : await repo.latestConsultationVersion(tx, planId);
    if (input.versionId && (!version || version.planId !== planId)) problems.add('body.versionId', 'unknown_reference', { value: input.versionId });
    await checkRecipients(tx, plan.organizationId, input.recipients ?? [], 'body.recipients', [], problems);
    if (deadlinePassed(input.deadline, now)) problems.add('body.deadline', 'deadline_passed');
    problems.throwIfAny();
    if (!version) {
      if (plan.status !== 'draft' && plan.status !== 'consultation') throw stateConflict('plan_not_editable', { status: plan.status });
      version = await insertVersion(tx, { organizationId: plan.organizationId, planId, reason: 'consultation', label: input.title, status: 'consultation', content: await readPlanContent(tx, planId) });
      if (plan.status === 'draft') await updatePlan(tx, plan.id, plan.version, { status: 'consultation' });
    }
    const row = await repo.insertConsultation(tx, {
      organizationId: plan.organizationId,
      planId,
      versionId: version!.id,
      title: input.title,
      invitationText: input.invitationText,
      deadline: input.deadline,
      graceDays: input.graceDays ?? defaultGraceDays,
      state: 'draft',
    });
    const recipients = await repo.insertRecipients(
      tx,
      (input.recipients ?? []).map((r, position) => ({ organizationId: plan.organizationId, consultationId: row.id, name: r.name, email: r.email.toLowerCase(), kind: r.kind, unitId: r.unitId ?? null, position })),
    );
    await recordAudit(tx, actor, { organizationId: plan.organizationId, planId, entity: 'consultation', entityId: row.id, action: 'create', after: { ...row, versionNumber: version!.number, recipients: recipients.map((r) => r.name) } });
    return row.id;
  });
  return getConsultation(db, id, now);
}

export interface UpdateConsultationInput {
  version: number;
  title?: string | undefined;
  invitationText?: string | undefined;
  deadline?: string | undefined;
  graceDays?: number | undefined;
}

/** Title and invitation change only before sending; deadline and grace period also while it is out (reminders follow). */
export async function updateConsultation(db: Db, actor: Actor, id: string, input: UpdateConsultationInput, baseUrl: string, now = new Date()) {
  await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id, input.version);
    if (row.state === 'closed' || (row.state === 'sent' && (input.title !== undefined || input.invitationText !== undefined))) throw stateConflict('consultation_not_draft', { state: row.state });
    if (input.deadline !== undefined && deadlinePassed(input.deadline, now)) {
      const problems = new ProblemList();
      problems.add('body.deadline', 'deadline_passed');
      problems.throwIfAny();
    }
    const updated = await bump(tx, row, { title: input.title, invitationText: input.invitationText, deadline: input.deadline, graceDays: input.graceDays });
    if (updated.state === 'sent' && input.deadline !== undefined) await scheduleReminders(tx, updated, baseUrl, now);
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation', entityId: id, action: 'update', before: row, after: updated });
  });
  return getConsultation(db, id, now);
}

export async function deleteConsultation(db: Db, actor: Actor, id: string, version: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id, version);
    if (row.state !== 'draft') throw stateConflict('consultation_not_draft', { state: row.state });
    await repo.deleteConsultation(tx, id);
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation', entityId: id, action: 'delete', before: row });
  });
}

/** Adds recipients; on a consultation already out, each new one gets a link by e-mail at once. */
export async function addRecipients(db: Db, actor: Actor, id: string, inputs: RecipientInput[], baseUrl: string, now = new Date()) {
  const mails = await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id);
    if (row.state === 'closed') throw stateConflict('consultation_not_draft', { state: row.state });
    const existing = await repo.listRecipients(tx, [id]);
    const problems = new ProblemList();
    await checkRecipients(tx, row.organizationId, inputs, 'body.recipients', existing.map((r) => r.name), problems);
    problems.throwIfAny();
    const first = await repo.nextRecipientPosition(tx, id);
    const added = await repo.insertRecipients(
      tx,
      inputs.map((r, i) => ({ organizationId: row.organizationId, consultationId: id, name: r.name, email: r.email.toLowerCase(), kind: r.kind, unitId: r.unitId ?? null, position: first + i })),
    );
    const mails: OutgoingMail[] = [];
    if (row.state === 'sent') for (const r of added) mails.push(await issueInvitation(tx, row, r, baseUrl, now));
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation', entityId: id, action: 'add_recipients', after: added });
    return mails;
  });
  await deliverMail(mails);
  return getConsultation(db, id, now);
}

export async function updateRecipient(db: Db, actor: Actor, id: string, recipientId: string, input: Partial<RecipientInput> & { version: number }, now = new Date()) {
  await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id);
    const recipient = await repo.findRecipient(tx, recipientId);
    if (!recipient || recipient.consultationId !== id) throw recipientNotFound();
    if (recipient.version !== input.version) throw versionConflict(recipient);
    const problems = new ProblemList();
    const others = (await repo.listRecipients(tx, [id])).filter((r) => r.id !== recipientId).map((r) => r.name);
    await checkRecipients(tx, row.organizationId, [{ name: input.name ?? recipient.name, email: input.email ?? recipient.email, kind: input.kind ?? (recipient.kind as RecipientKind), unitId: input.unitId }], 'body', others, problems);
    // The check reports paths as body.0.…; this form has one recipient at body.…
    const fixed = new ProblemList();
    for (const p of problems.problems) fixed.add(p.path.replace(/^body\.0\./, 'body.'), p.code, p.params);
    fixed.throwIfAny();
    const updated = await repo.updateRecipient(tx, recipientId, input.version, { name: input.name, email: input.email?.toLowerCase(), kind: input.kind, unitId: input.unitId });
    if (!updated) throw versionConflict(recipient);
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation_recipient', entityId: recipientId, action: 'update', before: recipient, after: updated });
  });
  return getConsultation(db, id, now);
}

export async function removeRecipient(db: Db, actor: Actor, id: string, recipientId: string, now = new Date()) {
  await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id);
    const recipient = await repo.findRecipient(tx, recipientId);
    if (!recipient || recipient.consultationId !== id) throw recipientNotFound();
    // Once links are out, a recipient is revoked instead: the record of who was asked stays.
    if (row.state !== 'draft') throw stateConflict('consultation_not_draft', { state: row.state });
    await repo.deleteRecipient(tx, recipientId);
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation_recipient', entityId: recipientId, action: 'delete', before: recipient });
  });
  return getConsultation(db, id, now);
}

/** Every link the recipient has stops working at once (they answer 404 from then on). */
export async function revokeRecipient(db: Db, actor: Actor, id: string, recipientId: string, now = new Date()) {
  await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id);
    const recipient = await repo.findRecipient(tx, recipientId);
    if (!recipient || recipient.consultationId !== id) throw recipientNotFound();
    if (recipient.revokedAt) return;
    const updated = await repo.updateRecipient(tx, recipientId, null, { revokedAt: now.toISOString() });
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation_recipient', entityId: recipientId, action: 'revoke', before: recipient, after: updated });
  });
  return getConsultation(db, id, now);
}

/** A new link by e-mail (the old ones keep working unless revoked); a revoked recipient is given access again. */
export async function resendLink(db: Db, actor: Actor, id: string, recipientId: string, baseUrl: string, now = new Date()) {
  const mail = await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id);
    if (row.state !== 'sent') throw stateConflict('consultation_not_sent', { state: row.state });
    const recipient = await repo.findRecipient(tx, recipientId);
    if (!recipient || recipient.consultationId !== id) throw recipientNotFound();
    const mail = await issueInvitation(tx, row, recipient, baseUrl, now, 'resend');
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation_recipient', entityId: recipientId, action: 'resend_link', before: recipient });
    return mail;
  });
  await deliverMail([mail]);
  return getConsultation(db, id, now);
}

/** Makes a link for the recipient and the e-mail that carries it (sent by the caller after commit). */
async function issueInvitation(tx: Db, consultation: repo.ConsultationRow, recipient: repo.RecipientRow, baseUrl: string, now: Date, purpose: 'invitation' | 'resend' = 'invitation'): Promise<OutgoingMail> {
  const token = newLinkToken();
  await repo.insertLink(tx, { tokenHash: linkTokenHash(token), recipientId: recipient.id, purpose });
  await repo.updateRecipient(tx, recipient.id, null, { invitedAt: recipient.invitedAt ?? now.toISOString(), revokedAt: null });
  const organization = await findOrganization(tx, consultation.organizationId);
  return invitationMail({
    to: recipient.email,
    recipientName: recipient.name,
    organizationName: organization?.name ?? '',
    title: consultation.title,
    invitationText: consultation.invitationText,
    deadline: consultation.deadline,
    link: recipientLink(baseUrl, token),
  });
}

/** One reminder job per reminder time; the handler (consultation-reminders.ts) picks who still owes an answer. */
export async function scheduleReminders(tx: Db, consultation: repo.ConsultationRow, baseUrl: string, from: Date): Promise<void> {
  for (const { daysBefore, at } of reminderTimes(consultation.deadline, from)) {
    await scheduleJob(tx, {
      kind: reminderJobKind,
      runAt: at,
      dedupeKey: `${reminderJobKind}:${consultation.id}:${at.toISOString()}`,
      payload: { consultationId: consultation.id, at: at.toISOString(), daysBefore, baseUrl },
    });
  }
}

/** Sends the consultation: a link for every recipient by e-mail, and reminders scheduled before the deadline. */
export async function sendConsultation(db: Db, actor: Actor, id: string, version: number, baseUrl: string, now = new Date()) {
  const mails = await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id, version);
    if (row.state !== 'draft') throw stateConflict('consultation_not_draft', { state: row.state });
    const recipients = await repo.listRecipients(tx, [id]);
    if (recipients.length === 0) throw stateConflict('consultation_no_recipients');
    const updated = await bump(tx, row, { state: 'sent', sentAt: now.toISOString() });
    const mails: OutgoingMail[] = [];
    for (const r of recipients) mails.push(await issueInvitation(tx, updated, r, baseUrl, now));
    await scheduleReminders(tx, updated, baseUrl, now);
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation', entityId: id, action: 'send', before: row, after: updated });
    return mails;
  });
  await deliverMail(mails);
  return getConsultation(db, id, now);
}

export async function closeConsultation(db: Db, actor: Actor, id: string, version: number, now = new Date()) {
  await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id, version);
    if (row.state !== 'sent') throw stateConflict('consultation_not_closable', { state: row.state });
    const updated = await bump(tx, row, { state: 'closed', closedAt: now.toISOString() });
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation', entityId: id, action: 'close', before: row, after: updated });
  });
  return getConsultation(db, id, now);
}

export async function publishConsultation(db: Db, actor: Actor, id: string, version: number, published: boolean, now = new Date()) {
  await inTransaction(db, async (tx) => {
    const row = await requireConsultation(tx, id, version);
    if (published && row.state === 'draft') throw stateConflict('consultation_not_sent', { state: row.state });
    const updated = await bump(tx, row, { published });
    await recordAudit(tx, actor, { organizationId: row.organizationId, planId: row.planId, entity: 'consultation', entityId: id, action: published ? 'publish' : 'unpublish', before: row, after: updated });
  });
  return getConsultation(db, id, now);
}

// --- answers, comments, dispositions ------------------------------------------------------------------------

export function anchorOf(row: repo.CommentRow): CommentAnchor {
  switch (row.anchorKind) {
    case 'node':
      return { kind: 'node', nodeId: row.nodeId! };
    case 'measure':
      return { kind: 'measure', measureId: row.measureId! };
    case 'passage':
      return { kind: 'passage', nodeId: row.nodeId, measureId: row.measureId, sectionIndex: row.sectionIndex, field: row.field as 'text', start: row.startOffset!, end: row.endOffset!, quote: row.quote! };
    default:
      return { kind: 'plan' };
  }
}

export function presentAttachment(a: repo.AttachmentInfo) {
  return { id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, createdAt: iso(a.createdAt) };
}

/** Label of a node or measure of the next version (or of the consulted one, through the id map). */
function linkedLabel(linkedId: string | null, consultation: repo.ConsultationRow, next: PlanContent | null, consulted: PlanContent): string | null {
  if (!linkedId) return null;
  const label = (content: PlanContent, id: string) => {
    const numbers = displayNumbers(content.nodes);
    const node = findNode(content.nodes, id);
    if (node) return `${numbers.get(id) ?? ''} ${node.text}`.trim();
    const measure = findMeasure(content.nodes, id);
    return measure ? `${numbers.get(id) ?? ''} ${measure.measure.text}`.trim() : null;
  };
  const mapped = consultation.nextIdMap[linkedId] ?? linkedId;
  return (next && label(next, mapped)) ?? label(consulted, linkedId);
}

export interface ConsultationAnswers {
  consultation: repo.ConsultationRow;
  content: PlanContent;
  next: PlanContent | null;
  recipients: repo.RecipientRow[];
  responses: ReturnType<typeof presentResponseWith>[];
}

function presentResponseWith(
  response: repo.ResponseRow,
  recipient: repo.RecipientRow,
  comments: repo.CommentRow[],
  attachments: repo.AttachmentInfo[],
  dispositions: Map<string, repo.DispositionRow>,
  consultation: repo.ConsultationRow,
  content: PlanContent,
  next: PlanContent | null,
) {
  const numbers = displayNumbers(content.nodes);
  return {
    id: response.id,
    recipientId: recipient.id,
    recipientName: recipient.name,
    position: response.position as Position | null,
    statement: response.statement,
    state: response.state as 'draft' | 'submitted',
    submittedAt: iso(response.submittedAt),
    receipt: response.receiptNumber && response.submittedAt ? { number: response.receiptNumber, submittedAt: iso(response.submittedAt), late: isLate(response.submittedAt, consultation.deadline), digest: response.receiptDigest ?? '' } : null,
    comments: comments.map((c) => {
      const anchor = anchorOf(c);
      const { order: _order, ...target } = anchorTarget(content, anchor, numbers);
      const d = dispositions.get(c.id);
      return {
        id: c.id,
        recipientId: recipient.id,
        recipientName: recipient.name,
        anchor,
        target,
        text: c.text,
        disposition: d
          ? {
              disposition: d.disposition as Disposition,
              reason: d.reason,
              linkedId: d.linkedId,
              linkedLabel: linkedLabel(d.linkedId, consultation, next, content),
              note: d.note,
              decidedBy: d.decidedByName,
              decidedAt: iso(d.decidedAt),
              version: d.version,
            }
          : null,
      };
    }),
    attachments: attachments.map(presentAttachment),
  };
}

/** One response presented as the recipient or the coordinator sees it. */
export async function presentResponse(db: Db, consultation: repo.ConsultationRow, recipient: repo.RecipientRow, response: repo.ResponseRow) {
  const version = await findVersion(db, consultation.versionId);
  const comments = await repo.listComments(db, [response.id]);
  const attachments = await repo.listAttachments(db, [response.id]);
  return presentResponseWith(response, recipient, comments, attachments, new Map(), consultation, version!.content, null);
}

/** Submitted answers with their comments, attachments and dispositions (drafts stay the recipient's own). */
export async function loadAnswers(db: Db, id: string): Promise<ConsultationAnswers> {
  const consultation = await repo.findConsultation(db, id);
  if (!consultation) throw consultationNotFound();
  const version = await findVersion(db, consultation.versionId);
  const content = version!.content;
  const next = consultation.nextPlanId ? await readPlanContent(db, consultation.nextPlanId).catch(() => null) : null;
  const recipients = await repo.listRecipients(db, [id]);
  const byId = new Map(recipients.map((r) => [r.id, r]));
  const responses = await repo.listResponses(db, id, 'submitted');
  const comments = await repo.listComments(db, responses.map((r) => r.id));
  const attachments = await repo.listAttachments(db, responses.map((r) => r.id));
  const dispositions = new Map((await repo.listDispositions(db, id)).map((d) => [d.commentId, d]));
  return {
    consultation,
    content,
    next,
    recipients,
    responses: responses.map((r) =>
      presentResponseWith(r, byId.get(r.recipientId)!, comments.filter((c) => c.responseId === r.id), attachments.filter((a) => a.responseId === r.id), dispositions, consultation, content, next),
    ),
  };
}

export async function listAnswers(db: Db, id: string) {
  return (await loadAnswers(db, id)).responses;
}

/** Every submitted comment, grouped by the goal, measure or section it points at, in document order. */
export async function commentGroups(db: Db, id: string) {
  const { content, responses } = await loadAnswers(db, id);
  const numbers = displayNumbers(content.nodes);
  const groups = new Map<string, { order: number; target: PresentedComment['target']; comments: PresentedComment[] }>();
  for (const response of responses) {
    for (const comment of response.comments) {
      const { order } = anchorTarget(content, comment.anchor, numbers);
      const key = `${comment.target.kind}:${comment.target.id}`;
      if (!groups.has(key)) groups.set(key, { order, target: comment.target, comments: [] });
      groups.get(key)!.comments.push(comment);
    }
  }
  return [...groups.values()].sort((a, b) => a.order - b.order).map(({ target, comments }) => ({ target, comments }));
}
type PresentedComment = ConsultationAnswers['responses'][number]['comments'][number];

export interface DispositionInput {
  disposition: Disposition;
  reason: string;
  linkedId?: string | null | undefined;
  note?: string | null | undefined;
  version?: number | undefined;
}

/** Gives (or changes) a comment's disposition: the decision, its reason, and the change it led to. */
export async function setDisposition(db: Db, actor: Actor, id: string, commentId: string, input: DispositionInput) {
  await inTransaction(db, async (tx) => {
    const consultation = await requireConsultation(tx, id);
    const comment = await repo.findComment(tx, commentId);
    if (!comment || comment.consultationId !== id) throw commentNotFound();
    const response = (await repo.listResponses(tx, id, 'submitted')).find((r) => r.id === comment.responseId);
    if (!response) throw commentNotFound();
    if (input.linkedId) {
      const consulted = (await findVersion(tx, consultation.versionId))!.content;
      const next = consultation.nextPlanId ? await readPlanContent(tx, consultation.nextPlanId) : null;
      const inContent = (content: PlanContent | null, itemId: string) => !!content && (!!findNode(content.nodes, itemId) || !!findMeasure(content.nodes, itemId));
      if (!inContent(next, input.linkedId) && !inContent(consulted, input.linkedId)) {
        const problems = new ProblemList();
        problems.add('body.linkedId', 'not_in_version', { value: input.linkedId });
        problems.throwIfAny();
      }
    }
    const values = {
      disposition: input.disposition,
      reason: input.reason,
      linkedId: input.linkedId ?? null,
      note: input.note ?? null,
      decidedByUserId: actorUserId(actor),
      decidedByName: actorName(actor),
      decidedAt: new Date().toISOString(),
    };
    const existing = await repo.findDispositionByComment(tx, commentId);
    let saved: repo.DispositionRow;
    if (existing) {
      if (input.version === undefined || input.version !== existing.version) throw versionConflict(existing);
      const updated = await repo.updateDisposition(tx, existing.id, existing.version, values);
      if (!updated) throw versionConflict(existing);
      saved = updated;
    } else {
      if (input.version !== undefined) throw versionConflict(null);
      saved = await repo.insertDisposition(tx, { ...values, organizationId: consultation.organizationId, consultationId: id, commentId });
    }
    await recordAudit(tx, actor, { organizationId: consultation.organizationId, planId: consultation.planId, entity: 'consultation_disposition', entityId: saved.id, action: existing ? 'update' : 'create', before: existing ?? null, after: saved });
  });
  const { responses } = await loadAnswers(db, id);
  return responses.flatMap((r) => r.comments).find((c) => c.id === commentId)!;
}

// --- the next version ------------------------------------------------------------------------------------------

/** Copies a frozen node tree into a plan, recording which new id each old node and measure got. */
async function copyTree(tx: Db, scope: { organizationId: string; planId: string }, parentId: string | null, nodes: NodeContent[], knownUnits: Set<string>, idMap: Record<string, string>) {
  const rows = await insertNodes(
    tx,
    nodes.map((n, position) => ({
      organizationId: scope.organizationId,
      planId: scope.planId,
      parentId,
      position,
      role: n.role,
      label: n.label,
      number: n.number,
      text: n.text,
      description: n.description,
      preventionLevels: n.preventionLevels,
      frameworkLinks: n.frameworkLinks,
      sourceNodeId: n.sourceNodeId,
    })),
  );
  for (const [i, node] of nodes.entries()) {
    const row = rows[i]!;
    idMap[node.id] = row.id;
    // A unit removed since the version was frozen cannot be linked again.
    const measures = [...node.measures].sort((a, b) => a.position - b.position).map((m) => ({ ...m, leadUnitIds: m.leadUnitIds.filter((u) => knownUnits.has(u)), coUnitIds: m.coUnitIds.filter((u) => knownUnits.has(u)) }));
    const measureRows = await insertMeasures(tx, measures.map((m, j) => measureValues(scope, row.id, j, m)));
    measureRows.forEach((mr, j) => (idMap[measures[j]!.id] = mr.id));
    await insertMeasureUnits(tx, measureRows.flatMap((mr, j) => unitLinks(mr.id, measures[j]!)));
    if (node.children.length) await copyTree(tx, scope, row.id, [...node.children].sort((a, b) => a.position - b.position), knownUnits, idMap);
  }
}

/**
 * A new draft plan made from the consulted version (not from the live plan, which may have moved on):
 * the consulted version stays frozen as the record of what was sent out, and the draft is where the
 * answers are worked in. The id map lets the diff and the dispositions follow each item into the copy.
 */
export async function createNextVersion(db: Db, actor: Actor, id: string, input: { title?: string | undefined }, now = new Date()) {
  const planId = await inTransaction(db, async (tx) => {
    const consultation = await requireConsultation(tx, id);
    if (consultation.state === 'draft') throw stateConflict('next_version_draft_consultation');
    if (consultation.nextPlanId) throw stateConflict('next_version_exists');
    const content = (await findVersion(tx, consultation.versionId))!.content;
    const p = content.plan;
    const plan = await insertNewPlan(tx, {
      organizationId: consultation.organizationId,
      title: input.title ?? p.title,
      kind: p.kind,
      validFrom: p.validFrom,
      validTo: p.validTo,
      validityNote: p.validityNote,
      registryNumber: p.registryNumber,
      replacesPlanId: p.replacesPlanId,
      replacesReference: p.replacesReference,
      parentPlanId: p.parentPlanId,
      ownerUnitId: p.ownerUnitId,
      followUpCadence: p.followUpCadence,
      followUpDescription: p.followUpDescription,
      summary: p.summary,
      sections: p.sections,
      violenceForms: p.violenceForms,
      targetGroups: p.targetGroups,
      vulnerableGroups: p.vulnerableGroups,
      perspectives: p.perspectives,
      frameworkLinks: p.frameworkLinks,
    });
    const unitIds = [...new Set(content.units.map((u) => u.id))];
    const knownUnits = new Set((await findUnitsByIds(tx, unitIds)).filter((u) => u.organizationId === consultation.organizationId).map((u) => u.id));
    const idMap: Record<string, string> = {};
    await copyTree(tx, { organizationId: consultation.organizationId, planId: plan.id }, null, [...content.nodes].sort((a, b) => a.position - b.position), knownUnits, idMap);
    const updated = await bump(tx, consultation, { nextPlanId: plan.id, nextIdMap: idMap });
    await recordAudit(tx, actor, { organizationId: consultation.organizationId, planId: plan.id, entity: 'consultation', entityId: id, action: 'next_version', before: consultation, after: { ...updated, nextIdMap: undefined } });
    return plan.id;
  });
  return { plan: (await findPlan(db, planId))!, consultation: withoutRecipients(await getConsultation(db, id, now)) };
}

export interface ConsultationChange {
  kind: 'node' | 'measure';
  change: 'added' | 'removed' | 'changed';
  id: string;
  number: string;
  text: string;
  fields: string[];
}

/** The changes of a diff as one list, each with the fields that changed. */
export function listChanges(diff: PlanContentDiff): ConsultationChange[] {
  const changes: ConsultationChange[] = [];
  for (const kind of ['node', 'measure'] as const) {
    const part = kind === 'node' ? diff.nodes : diff.measures;
    for (const item of part.added) changes.push({ kind, change: 'added', id: item.id, number: item.number, text: item.text, fields: [] });
    for (const item of part.changed) changes.push({ kind, change: 'changed', id: item.id, number: item.number, text: item.text, fields: item.changes.map((c) => c.field) });
    for (const item of part.removed) changes.push({ kind, change: 'removed', id: item.id, number: item.number, text: item.text, fields: [] });
  }
  return changes;
}

/** The consulted version against the next version, each change with the comments whose disposition links to it. */
export async function consultationDiff(db: Db, id: string) {
  const answers = await loadAnswers(db, id);
  const { consultation, content, next } = answers;
  if (!consultation.nextPlanId || !next) throw stateConflict('next_version_draft_consultation');
  const before = remapContentIds(content, consultation.nextIdMap);
  const diff = diffPlanContent(before, next);
  const comments = answers.responses.flatMap((r) => r.comments);
  const linked = (itemId: string) =>
    comments
      .filter((c) => c.disposition?.linkedId && (consultation.nextIdMap[c.disposition.linkedId] ?? c.disposition.linkedId) === itemId)
      .map((c) => ({ id: c.id, recipientName: c.recipientName, text: c.text, disposition: c.disposition!.disposition, reason: c.disposition!.reason }));
  const version = await findVersion(db, consultation.versionId);
  return {
    from: { id: consultation.versionId, number: version!.number, reason: version!.reason, label: version!.label, createdAt: iso(version!.createdAt) },
    to: { id: 'current', number: null, reason: null, label: null, createdAt: null },
    nextPlanId: consultation.nextPlanId,
    diff,
    changes: listChanges(diff).map((c) => ({ ...c, comments: linked(c.id) })),
  };
}
