import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PlanContent, PlanSection } from '../domain/plan-content.js';

/*
 * One schema for PostgreSQL and PGlite. Every row that belongs to an organization carries
 * organization_id so that tenant filtering never needs a join. Mutable records carry `version`
 * for optimistic concurrency. Term and framework references are stored as their stable codes
 * (text[]) and validated by the services against the organization's vocabularies.
 */

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
};
const version = integer('version').notNull().default(1);
const codes = (name: string) => text(name).array().notNull().default(sql`'{}'::text[]`);

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  version,
  ...timestamps,
});

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    shortName: text('short_name'),
    kind: text('kind').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    searchText: text('search_text').notNull().default(''),
    version,
    ...timestamps,
  },
  (t) => [unique('units_org_name_unique').on(t.organizationId, t.name), index('units_org_idx').on(t.organizationId)],
);

export const plans = pgTable(
  'plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('draft'),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    validityNote: text('validity_note'),
    decisionBody: text('decision_body'),
    decisionDate: date('decision_date', { mode: 'string' }),
    decisionParagraph: text('decision_paragraph'),
    registryNumber: text('registry_number'),
    replacesPlanId: uuid('replaces_plan_id').references((): AnyPgColumn => plans.id, { onDelete: 'set null' }),
    replacesReference: text('replaces_reference'),
    parentPlanId: uuid('parent_plan_id').references((): AnyPgColumn => plans.id, { onDelete: 'set null' }),
    ownerUnitId: uuid('owner_unit_id').references(() => units.id, { onDelete: 'set null' }),
    followUpCadence: text('follow_up_cadence').notNull().default('annual'),
    followUpDescription: text('follow_up_description'),
    summary: text('summary'),
    sections: jsonb('sections').$type<PlanSection[]>().notNull().default(sql`'[]'::jsonb`),
    violenceForms: codes('violence_forms'),
    targetGroups: codes('target_groups'),
    vulnerableGroups: codes('vulnerable_groups'),
    perspectives: codes('perspectives'),
    frameworkLinks: codes('framework_links'),
    searchText: text('search_text').notNull().default(''),
    version,
    ...timestamps,
  },
  (t) => [
    index('plans_org_idx').on(t.organizationId),
    index('plans_parent_idx').on(t.parentPlanId),
    check('plans_validity_order', sql`${t.validTo} IS NULL OR ${t.validFrom} IS NULL OR ${t.validFrom} <= ${t.validTo}`),
  ],
);

export const goalNodes = pgTable(
  'goal_nodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => goalNodes.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    label: text('label'),
    number: text('number'),
    text: text('text').notNull(),
    description: text('description'),
    preventionLevels: codes('prevention_levels'),
    frameworkLinks: codes('framework_links'),
    sourceNodeId: uuid('source_node_id').references((): AnyPgColumn => goalNodes.id, { onDelete: 'set null' }),
    position: integer('position').notNull(),
    version,
    ...timestamps,
  },
  (t) => [index('goal_nodes_plan_idx').on(t.planId, t.parentId, t.position), index('goal_nodes_source_idx').on(t.sourceNodeId)],
);

export const measures = pgTable(
  'measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    nodeId: uuid('node_id').notNull().references(() => goalNodes.id, { onDelete: 'cascade' }),
    code: text('code'),
    text: text('text').notNull(),
    description: text('description'),
    responsibilityText: text('responsibility_text'),
    preventionLevels: codes('prevention_levels'),
    targetGroups: codes('target_groups'),
    violenceForms: codes('violence_forms'),
    vulnerableGroups: codes('vulnerable_groups'),
    perspectives: codes('perspectives'),
    scope: text('scope'),
    timeFrame: text('time_frame'),
    examples: text('examples').array().notNull().default(sql`'{}'::text[]`),
    frameworkLinks: codes('framework_links'),
    parentMeasureId: uuid('parent_measure_id').references((): AnyPgColumn => measures.id, { onDelete: 'set null' }),
    position: integer('position').notNull(),
    searchText: text('search_text').notNull().default(''),
    version,
    ...timestamps,
  },
  (t) => [
    index('measures_org_idx').on(t.organizationId),
    index('measures_plan_idx').on(t.planId, t.nodeId, t.position),
    index('measures_parent_idx').on(t.parentMeasureId),
  ],
);

export const measureUnits = pgTable(
  'measure_units',
  {
    measureId: uuid('measure_id').notNull().references(() => measures.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull().references(() => units.id, { onDelete: 'restrict' }),
    role: text('role').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.role, t.unitId] }), index('measure_units_unit_idx').on(t.unitId, t.role)],
);

/** National default terms have no organization; an organization's own terms extend them. */
export const taxonomyTerms = pgTable(
  'taxonomy_terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    taxonomy: text('taxonomy').notNull(),
    code: text('code').notNull(),
    labelSv: text('label_sv').notNull(),
    labelEn: text('label_en').notNull(),
    position: integer('position').notNull().default(0),
    version,
    ...timestamps,
  },
  (t) => [unique('taxonomy_terms_unique').on(t.organizationId, t.taxonomy, t.code).nullsNotDistinct()],
);

export const frameworks = pgTable(
  'frameworks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    labelSv: text('label_sv').notNull(),
    labelEn: text('label_en').notNull(),
    ...timestamps,
  },
  (t) => [unique('frameworks_unique').on(t.organizationId, t.code).nullsNotDistinct()],
);

export const frameworkItems = pgTable(
  'framework_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    frameworkId: uuid('framework_id').notNull().references(() => frameworks.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    labelSv: text('label_sv').notNull(),
    labelEn: text('label_en').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [unique('framework_items_unique').on(t.frameworkId, t.code)],
);

/** Frozen snapshots of a plan's whole content: on send-out, on adoption, or on request. */
export const planVersions = pgTable(
  'plan_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    reason: text('reason').notNull(),
    label: text('label'),
    status: text('status').notNull(),
    content: jsonb('content').$type<PlanContent>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [unique('plan_versions_number_unique').on(t.planId, t.number)],
);

// --- accounts, sessions, single sign-on ---------------------------------------------------------

/** A person. E-mail is stored lower-cased; local accounts have a password hash, SSO-only ones none. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash'),
  /** Runs the installation: creates organizations. Not tied to one organization. */
  isSystemAdmin: boolean('is_system_admin').notNull().default(false),
  disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'string' }),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'string' }),
  preferredLanguage: text('preferred_language'),
  version,
  ...timestamps,
});

/** A person's role in one organization; a reporter's role is scoped to units. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    version,
    ...timestamps,
  },
  (t) => [unique('memberships_user_org_unique').on(t.userId, t.organizationId), index('memberships_org_idx').on(t.organizationId)],
);

/** Server-side sessions, so that several server processes share them. The id is the SHA-256 of the cookie token. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    method: text('method').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Admin-issued, single-use, expiring password reset links; only the token's hash is kept. */
export const passwordResets = pgTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** Failed logins, counted per account and per address for temporary lockout. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    address: text('address').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('login_failures_email_idx').on(t.email, t.at), index('login_failures_address_idx').on(t.address, t.at)],
);

/** OpenID Connect single sign-on, configured per organization. */
export const ssoProviders = pgTable('sso_providers', {
  organizationId: uuid('organization_id').primaryKey().references(() => organizations.id, { onDelete: 'cascade' }),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  clientSecret: text('client_secret').notNull(),
  allowedDomains: text('allowed_domains').array().notNull().default(sql`'{}'::text[]`),
  defaultRole: text('default_role').notNull().default('reader'),
  /** Claim holding group names, and which group gives which role (first match in role order wins). */
  roleClaim: text('role_claim'),
  roleMapping: jsonb('role_mapping').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  enabled: boolean('enabled').notNull().default(true),
  version,
  ...timestamps,
});

/** An SSO login in flight: state, nonce and PKCE verifier, kept in the database so any process can finish it. */
export const ssoLoginStates = pgTable('sso_login_states', {
  state: text('state').primaryKey(),
  organizationId: uuid('organization_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  returnTo: text('return_to').notNull().default('/'),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
});

// --- audit trail --------------------------------------------------------------------------------

/**
 * Every change: who, when, what, before and after. Append-only: a trigger (in the migration)
 * refuses UPDATE and DELETE. No foreign keys, so that the record outlives what it describes.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: integer('seq').generatedAlwaysAsIdentity(),
    organizationId: uuid('organization_id'),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    /** The plan the entity belongs to, so that a plan's history is one indexed query. */
    planId: uuid('plan_id'),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_events_org_idx').on(t.organizationId, t.seq),
    index('audit_events_plan_idx').on(t.planId, t.seq),
    index('audit_events_entity_idx').on(t.entityId, t.seq),
  ],
);
export * from './schema-jobs.js';
export * from './schema-consultation.js';
export * from './schema-followup.js';
