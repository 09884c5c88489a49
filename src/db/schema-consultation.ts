import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organizations, planVersions, plans, units } from './schema.js';

/*
 * Remiss (consultation), see ARCHITECTURE.md "Remiss". A consultation is on one frozen plan version;
 * recipients answer through private links of which only the SHA-256 is stored. Comments keep the
 * ids of the consulted version's nodes and measures as text (no foreign key: the version is a JSON
 * snapshot and the live plan may lose them). Attachments are kept in the database (bytea), so a
 * backup of the database is a backup of everything and every server process reads them alike.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const timestamps = {
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
};
const version = integer('version').notNull().default(1);

export const consultations = pgTable(
  'consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id').notNull().references(() => planVersions.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    invitationText: text('invitation_text').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    graceDays: integer('grace_days').notNull().default(14),
    /** draft | sent | closed */
    state: text('state').notNull().default('draft'),
    published: boolean('published').notNull().default(false),
    sentAt: at('sent_at'),
    closedAt: at('closed_at'),
    /** The draft plan made from the consulted version after the remiss, and which id became which. */
    nextPlanId: uuid('next_plan_id').references(() => plans.id, { onDelete: 'set null' }),
    nextIdMap: jsonb('next_id_map').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    version,
    ...timestamps,
  },
  (t) => [index('consultations_plan_idx').on(t.planId), index('consultations_org_idx').on(t.organizationId)],
);

export const consultationRecipients = pgTable(
  'consultation_recipients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    consultationId: uuid('consultation_id').notNull().references(() => consultations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    /** internal (a unit of the organization) | external (another body) */
    kind: text('kind').notNull(),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'set null' }),
    position: integer('position').notNull().default(0),
    invitedAt: at('invited_at'),
    openedAt: at('opened_at'),
    declinedAt: at('declined_at'),
    declineReason: text('decline_reason'),
    answeredAt: at('answered_at'),
    revokedAt: at('revoked_at'),
    remindedAt: at('reminded_at'),
    version,
    ...timestamps,
  },
  (t) => [unique('consultation_recipients_name_unique').on(t.consultationId, t.name), index('consultation_recipients_consultation_idx').on(t.consultationId)],
);

/**
 * A recipient's links: the invitation's, and a fresh one in each reminder or resend (a link is never
 * stored in clear, so a later e-mail cannot repeat an earlier one). All die with the recipient's revocation.
 */
export const consultationLinks = pgTable(
  'consultation_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    recipientId: uuid('recipient_id').notNull().references(() => consultationRecipients.id, { onDelete: 'cascade' }),
    /** invitation | reminder | resend */
    purpose: text('purpose').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('consultation_links_recipient_idx').on(t.recipientId)],
);

export const consultationResponses = pgTable(
  'consultation_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    consultationId: uuid('consultation_id').notNull().references(() => consultations.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id').notNull().unique().references(() => consultationRecipients.id, { onDelete: 'cascade' }),
    position: text('position'),
    statement: text('statement').notNull().default(''),
    /** draft | submitted */
    state: text('state').notNull().default('draft'),
    submittedAt: at('submitted_at'),
    receiptNumber: text('receipt_number'),
    receiptDigest: text('receipt_digest'),
    version,
    ...timestamps,
  },
  (t) => [index('consultation_responses_consultation_idx').on(t.consultationId)],
);

export const consultationComments = pgTable(
  'consultation_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    consultationId: uuid('consultation_id').notNull().references(() => consultations.id, { onDelete: 'cascade' }),
    responseId: uuid('response_id').notNull().references(() => consultationResponses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** plan | node | measure | passage */
    anchorKind: text('anchor_kind').notNull(),
    nodeId: text('node_id'),
    measureId: text('measure_id'),
    sectionIndex: integer('section_index'),
    field: text('field'),
    startOffset: integer('start_offset'),
    endOffset: integer('end_offset'),
    quote: text('quote'),
    text: text('text').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('consultation_comments_response_idx').on(t.responseId, t.position), index('consultation_comments_consultation_idx').on(t.consultationId)],
);

export const consultationAttachments = pgTable(
  'consultation_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    consultationId: uuid('consultation_id').notNull().references(() => consultations.id, { onDelete: 'cascade' }),
    responseId: uuid('response_id').notNull().references(() => consultationResponses.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('consultation_attachments_response_idx').on(t.responseId)],
);

export const consultationDispositions = pgTable('consultation_dispositions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  consultationId: uuid('consultation_id').notNull().references(() => consultations.id, { onDelete: 'cascade' }),
  commentId: uuid('comment_id').notNull().unique().references(() => consultationComments.id, { onDelete: 'cascade' }),
  disposition: text('disposition').notNull(),
  reason: text('reason').notNull(),
  /** A node or measure id of the next version (or of the consulted version: mapped to its copy). */
  linkedId: text('linked_id'),
  note: text('note'),
  decidedByUserId: uuid('decided_by_user_id'),
  decidedByName: text('decided_by_name').notNull(),
  decidedAt: at('decided_at').notNull(),
  version,
  ...timestamps,
});
