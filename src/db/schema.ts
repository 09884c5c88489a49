import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
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
