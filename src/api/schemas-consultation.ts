import { z } from 'zod';
import { consultationStates, dispositions, maxGraceDays, positions, recipientKinds, recipientStatuses, responseStates } from '../domain/consultation.js';
import { diffResult, errorResponse, id, planContent, plan as planSchema } from './schemas.js';

/*
 * Remiss (consultation): requests and responses of /plans/:id/consultations, /consultations/:id/…
 * (coordinators and admins change, members read) and the public recipient links
 * /consultation-links/:token/… (no account; the token is the key). Shared with the web client.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const isoDate = z.iso.date();
const timestamp = z.string();
const version = z.number().int().min(1).max(2_147_483_647).describe('The version you read; a stale one is answered 409.');

export const consultationState = z.enum(consultationStates);
export const recipientStatus = z.enum(recipientStatuses);
export const recipientKind = z.enum(recipientKinds);
export const position = z.enum(positions);
export const disposition = z.enum(dispositions);
export const responseState = z.enum(responseStates);

export const consultationParams = z.strictObject({ id: z.string().max(100) });
export const recipientParams = z.strictObject({ id: z.string().max(100), recipientId: z.string().max(100) });
export const commentParams = z.strictObject({ id: z.string().max(100), commentId: z.string().max(100) });
export const attachmentParams = z.strictObject({ id: z.string().max(100), attachmentId: z.string().max(100) });
/** A link token: 32 bytes base64url (43 characters). Anything else cannot be one and is answered 404. */
export const tokenParams = z.strictObject({ token: z.string().max(200) });
export const tokenAttachmentParams = z.strictObject({ token: z.string().max(200), attachmentId: z.string().max(100) });

// --- coordinator side ----------------------------------------------------------------------------

export const recipientInput = z.strictObject({
  name: text(300),
  email: z.email().max(320),
  kind: recipientKind,
  /** For an internal recipient: the unit (board, administration, company) of the organization. */
  unitId: id.nullable().optional(),
});

export const createConsultationBody = z.strictObject({
  title: text(500),
  invitationText: text(50_000),
  deadline: isoDate,
  graceDays: z.number().int().min(0).max(maxGraceDays).optional(),
  /** The frozen version to consult on; when left out, the plan's latest consultation version, frozen now if there is none. */
  versionId: id.optional(),
  recipients: z.array(recipientInput).max(500).optional(),
});

export const updateConsultationBody = z.strictObject({
  version,
  title: text(500).optional(),
  invitationText: text(50_000).optional(),
  deadline: isoDate.optional(),
  graceDays: z.number().int().min(0).max(maxGraceDays).optional(),
});

export const versionBody = z.strictObject({ version });
export const publishBody = z.strictObject({ version, published: z.boolean() });
export const addRecipientsBody = z.strictObject({ recipients: z.array(recipientInput).min(1).max(500) });
export const updateRecipientBody = z.strictObject({ version, name: text(300).optional(), email: z.email().max(320).optional(), kind: recipientKind.optional(), unitId: id.nullable().optional() });

export const recipient = z.object({
  id,
  name: z.string(),
  email: z.string(),
  kind: recipientKind,
  unitId: id.nullable(),
  status: recipientStatus,
  invitedAt: timestamp.nullable(),
  openedAt: timestamp.nullable(),
  answeredAt: timestamp.nullable(),
  declinedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  remindedAt: timestamp.nullable(),
  position: position.nullable(),
  version: z.number().int(),
});

export const consultationCounts = z.object({ recipients: z.number().int(), answered: z.number().int(), declined: z.number().int(), opened: z.number().int(), overdue: z.number().int(), comments: z.number().int(), disposed: z.number().int() });

export const consultation = z.object({
  id,
  organizationId: id,
  planId: id,
  planTitle: z.string(),
  versionId: id,
  versionNumber: z.number().int(),
  title: z.string(),
  invitationText: z.string(),
  deadline: z.string(),
  graceDays: z.number().int(),
  /** Links work until then (the end of the deadline day in Swedish time plus the grace days). */
  linkExpiresAt: timestamp,
  state: consultationState,
  published: z.boolean(),
  sentAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  nextPlanId: id.nullable(),
  counts: consultationCounts,
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const consultationDetail = consultation.extend({ recipients: z.array(recipient) });
export const consultationList = z.array(consultation);

/** Where a comment points in the consulted version (see src/domain/consultation.ts). */
export const commentAnchor = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('plan') }),
  z.strictObject({ kind: z.literal('node'), nodeId: id }),
  z.strictObject({ kind: z.literal('measure'), measureId: id }),
  z.strictObject({
    kind: z.literal('passage'),
    nodeId: id.nullable().optional(),
    measureId: id.nullable().optional(),
    sectionIndex: z.number().int().min(0).max(1000).nullable().optional(),
    field: z.enum(['text', 'description', 'heading', 'body']),
    start: z.number().int().min(0).max(1_000_000),
    end: z.number().int().min(1).max(1_000_000),
    quote: z.string().min(1).max(5000),
  }),
]);

export const anchorTarget = z.object({ kind: z.enum(['plan', 'node', 'measure', 'section']), id: z.string(), number: z.string(), label: z.string() });

export const dispositionOut = z.object({
  disposition,
  reason: z.string(),
  /** A node or measure of the next version (or of the consulted version, which maps to its copy). */
  linkedId: z.string().nullable(),
  linkedLabel: z.string().nullable(),
  note: z.string().nullable(),
  decidedBy: z.string(),
  decidedAt: timestamp,
  version: z.number().int(),
});

export const comment = z.object({
  id,
  recipientId: id,
  recipientName: z.string(),
  anchor: commentAnchor,
  target: anchorTarget,
  text: z.string(),
  disposition: dispositionOut.nullable(),
});

export const attachment = z.object({ id, filename: z.string(), contentType: z.string(), size: z.number().int(), createdAt: timestamp });

export const receipt = z.object({
  /** Short reference the recipient can quote ("FP-3K9X-7Q2M"). */
  number: z.string(),
  submittedAt: timestamp,
  late: z.boolean(),
  /** SHA-256 of the answer as submitted, so a copy can be checked against the record. */
  digest: z.string(),
});

export const responseOut = z.object({
  id,
  recipientId: id,
  recipientName: z.string(),
  position: position.nullable(),
  statement: z.string(),
  state: responseState,
  submittedAt: timestamp.nullable(),
  receipt: receipt.nullable(),
  comments: z.array(comment),
  attachments: z.array(attachment),
});
export const responseList = z.array(responseOut);

export const commentGroups = z.array(z.object({ target: anchorTarget, comments: z.array(comment) }));

export const dispositionBody = z.strictObject({
  disposition,
  reason: text(10_000),
  linkedId: id.nullable().optional(),
  note: optionalText(5000),
  /** The disposition's version when changing one; left out for the first. */
  version: version.optional(),
});

export const nextVersionBody = z.strictObject({ title: text(500).optional() });
export const nextVersionResult = z.object({ plan: planSchema, consultation });

export const diffChange = z.object({
  kind: z.enum(['node', 'measure']),
  change: z.enum(['added', 'removed', 'changed']),
  id: z.string(),
  number: z.string(),
  text: z.string(),
  fields: z.array(z.string()),
  comments: z.array(z.object({ id, recipientName: z.string(), text: z.string(), disposition, reason: z.string() })),
});
export const consultationDiff = diffResult.extend({ nextPlanId: id, changes: z.array(diffChange) });

const reportComment = z.object({ id, recipient: z.string(), quote: z.string().nullable(), text: z.string(), disposition: disposition.nullable(), reason: z.string().nullable(), change: z.string().nullable(), note: z.string().nullable() });
export const compiledReport = z.object({
  title: z.string(),
  organizationName: z.string(),
  planTitle: z.string(),
  versionNumber: z.number().int(),
  deadline: z.string(),
  sentAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  summary: z.object({
    asked: z.number().int(),
    answered: z.number().int(),
    declined: z.number().int(),
    notAnswered: z.number().int(),
    late: z.number().int(),
    byPosition: z.record(position, z.number().int()),
    comments: z.number().int(),
    disposed: z.number().int(),
  }),
  recipients: z.array(z.object({ name: z.string(), kind: recipientKind, status: recipientStatus, position: position.nullable(), answeredAt: z.string().nullable(), late: z.boolean() })),
  responses: z.array(z.object({ recipient: z.string(), position, statement: z.string(), submittedAt: z.string(), late: z.boolean(), attachments: z.array(z.string()) })),
  groups: z.array(z.object({ target: anchorTarget.extend({ order: z.number() }), comments: z.array(reportComment) })),
  changes: z.array(
    z.object({
      kind: z.enum(['node', 'measure']),
      change: z.enum(['added', 'removed', 'changed']),
      id: z.string(),
      number: z.string(),
      text: z.string(),
      fields: z.array(z.string()),
      commentIds: z.array(z.string()),
      comments: z.array(z.object({ id: z.string(), recipient: z.string(), text: z.string() })),
    }),
  ),
});
export const reportLanguageQuery = z.strictObject({ lang: z.enum(['sv', 'en']).optional() });

// --- recipient side (public links) ---------------------------------------------------------------

export const commentInput = z.strictObject({ anchor: commentAnchor, text: text(10_000) });

/** Saving a draft replaces the whole answer: position, statement and the list of comments. */
export const saveDraftBody = z.strictObject({
  position: position.nullable().optional(),
  statement: z.string().trim().max(50_000).optional(),
  comments: z.array(commentInput).max(300).optional(),
});
export const declineBody = z.strictObject({ reason: optionalText(2000) });

export const linkView = z.object({
  consultation: z.object({
    title: z.string(),
    invitationText: z.string(),
    deadline: z.string(),
    linkExpiresAt: timestamp,
    state: consultationState,
    organizationName: z.string(),
  }),
  recipient: z.object({ name: z.string(), status: recipientStatus }),
  /** Whether the answer can still be changed (not submitted or declined, consultation open). */
  editable: z.boolean(),
  /** The consulted version, frozen: what comments point at. */
  content: planContent,
  response: responseOut.nullable(),
});

export const receiptView = z.object({
  consultationTitle: z.string(),
  organizationName: z.string(),
  recipientName: z.string(),
  receipt,
  response: responseOut,
});

export const linkErrors = { 400: errorResponse, 404: errorResponse, 409: errorResponse, 410: errorResponse, 429: errorResponse };
