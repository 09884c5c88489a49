import { z } from 'zod';
import {
  followUpCadences,
  measureScopes,
  nodeRoles,
  organizationKinds,
  planKinds,
  planStatuses,
  taxonomyKinds,
  unitKinds,
  versionReasons,
} from '../domain/vocabulary.js';

/*
 * One schema per request and response. They validate at the edge, type the handlers and produce
 * the OpenAPI document; the web client imports the same definitions.
 */

export const id = z.uuid();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const isoDate = z.iso.date();
const codeList = z.array(z.string().min(1).max(100)).max(50);
/** A version is a PostgreSQL integer: a larger number cannot be one, and must not reach the database. */
const maxVersion = 2_147_483_647;
const version = z.number().int().min(1).max(maxVersion).describe('The version you read; a stale one is answered 409.');
const timestamp = z.string();

export const idParams = z.strictObject({ id: z.string().max(100) });
export const organizationParams = z.strictObject({ organizationId: z.string().max(100) });
export const versionQuery = z.strictObject({ version: z.coerce.number().int().min(1).max(maxVersion) });

// --- errors ---------------------------------------------------------------
export const errorResponse = z.object({
  error: z.object({
    status: z.number(),
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
    current: z.unknown().optional(),
  }),
});
const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

// --- organizations ----------------------------------------------------------
export const organization = z.object({
  id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(organizationKinds),
  planCount: z.number().int().optional(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const createOrganizationBody = z.strictObject({
  code: z.string().regex(/^\d{4}$/, 'four digits'),
  name: text(200),
  kind: z.enum(organizationKinds).default('municipality'),
});
export const updateOrganizationBody = z.strictObject({ version, name: text(200).optional(), kind: z.enum(organizationKinds).optional() });

// --- units -------------------------------------------------------------------
export const unit = z.object({
  id,
  organizationId: id,
  name: z.string(),
  shortName: z.string().nullable(),
  kind: z.enum(unitKinds),
  aliases: z.array(z.string()),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const createUnitBody = z.strictObject({
  name: text(200),
  shortName: optionalText(50),
  kind: z.enum(unitKinds),
  aliases: z.array(text(200)).max(30).optional(),
});
export const updateUnitBody = z.strictObject({
  version,
  name: text(200).optional(),
  shortName: optionalText(50),
  kind: z.enum(unitKinds).optional(),
  aliases: z.array(text(200)).max(30).optional(),
});
export const unitListQuery = z.strictObject({ q: z.string().max(200).optional() });

// --- plans -------------------------------------------------------------------
const section = z.strictObject({ heading: text(300), body: text(50_000) });
const decision = z.strictObject({
  body: optionalText(200),
  date: isoDate.nullable().optional(),
  paragraph: optionalText(50),
  registryNumber: optionalText(100),
});

export const planMetadataFields = {
  title: text(500),
  kind: z.enum(planKinds),
  validFrom: isoDate.nullable().optional(),
  validTo: isoDate.nullable().optional(),
  validityNote: optionalText(200),
  decision: decision.optional(),
  registryNumber: optionalText(100),
  replacesPlanId: id.nullable().optional(),
  replacesReference: optionalText(500),
  parentPlanId: id.nullable().optional(),
  ownerUnitId: id.nullable().optional(),
  followUpCadence: z.enum(followUpCadences).optional(),
  followUpDescription: optionalText(5000),
  summary: optionalText(5000),
  sections: z.array(section).max(100).optional(),
  violenceForms: codeList.optional(),
  targetGroups: codeList.optional(),
  vulnerableGroups: codeList.optional(),
  perspectives: codeList.optional(),
  frameworkLinks: codeList.optional(),
};

export const measureInputFields = {
  code: optionalText(50),
  text: text(5000),
  description: optionalText(20_000),
  responsibilityText: optionalText(2000),
  leadUnitIds: z.array(id).max(50).optional(),
  coUnitIds: z.array(id).max(50).optional(),
  preventionLevels: codeList.optional(),
  targetGroups: codeList.optional(),
  violenceForms: codeList.optional(),
  vulnerableGroups: codeList.optional(),
  perspectives: codeList.optional(),
  scope: z.enum(measureScopes).nullable().optional(),
  timeFrame: optionalText(200),
  examples: z.array(text(2000)).max(50).optional(),
  frameworkLinks: codeList.optional(),
  parentMeasureId: id.nullable().optional(),
};
export const measureInput = z.strictObject(measureInputFields);

const nodeFields = {
  role: z.enum(nodeRoles),
  label: optionalText(100),
  number: optionalText(50),
  text: text(5000),
  description: optionalText(20_000),
  preventionLevels: codeList.optional(),
  frameworkLinks: codeList.optional(),
  sourceNodeId: id.nullable().optional(),
};

type NodeInputShape = z.infer<z.ZodObject<typeof nodeFields>> & { measures?: z.infer<typeof measureInput>[] | undefined; children?: NodeInputShape[] | undefined };
export const nodeInput: z.ZodType<NodeInputShape> = z.strictObject({
  ...nodeFields,
  measures: z.array(measureInput).max(500).optional(),
  get children() {
    return z.array(nodeInput).max(200).optional();
  },
});

export const createPlanBody = z.strictObject({
  organizationId: id,
  ...planMetadataFields,
  nodes: z.array(nodeInput).max(200).optional(),
});
export const updatePlanBody = z.strictObject({
  version,
  ...Object.fromEntries(Object.entries(planMetadataFields).map(([k, v]) => [k, v.optional()])),
} as { version: typeof version } & { [K in keyof typeof planMetadataFields]: z.ZodOptional<(typeof planMetadataFields)[K]> });

const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const planListQuery = z.strictObject({
  organizationId: id.optional(),
  status: commaList(planStatuses).optional(),
  kind: commaList(planKinds).optional(),
  parentPlanId: id.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const decisionOut = z.object({ body: z.string().nullable(), date: z.string().nullable(), paragraph: z.string().nullable(), registryNumber: z.string().nullable() });
export const planMetadata = z.object({
  id,
  organizationId: id,
  title: z.string(),
  kind: z.enum(planKinds),
  status: z.enum(planStatuses),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  validityNote: z.string().nullable(),
  decision: decisionOut,
  registryNumber: z.string().nullable(),
  replacesPlanId: id.nullable(),
  replacesReference: z.string().nullable(),
  parentPlanId: id.nullable(),
  ownerUnitId: id.nullable(),
  followUpCadence: z.enum(followUpCadences),
  followUpDescription: z.string().nullable(),
  summary: z.string().nullable(),
  sections: z.array(z.object({ heading: z.string(), body: z.string() })),
  violenceForms: z.array(z.string()),
  targetGroups: z.array(z.string()),
  vulnerableGroups: z.array(z.string()),
  perspectives: z.array(z.string()),
  frameworkLinks: z.array(z.string()),
  version: z.number().int(),
});
export const plan = planMetadata.extend({ createdAt: timestamp, updatedAt: timestamp });
export const planListItem = plan.extend({ goalCount: z.number().int(), measureCount: z.number().int() });
export const planList = z.object({ total: z.number().int(), items: z.array(planListItem) });

export const measureContent = z.object({
  id,
  nodeId: id,
  code: z.string().nullable(),
  text: z.string(),
  description: z.string().nullable(),
  responsibilityText: z.string().nullable(),
  leadUnitIds: z.array(id),
  coUnitIds: z.array(id),
  preventionLevels: z.array(z.string()),
  targetGroups: z.array(z.string()),
  violenceForms: z.array(z.string()),
  vulnerableGroups: z.array(z.string()),
  perspectives: z.array(z.string()),
  scope: z.enum(measureScopes).nullable(),
  timeFrame: z.string().nullable(),
  examples: z.array(z.string()),
  frameworkLinks: z.array(z.string()),
  parentMeasureId: id.nullable(),
  position: z.number().int(),
  version: z.number().int(),
});

const nodeOutFields = {
  id,
  parentId: id.nullable(),
  role: z.enum(nodeRoles),
  label: z.string().nullable(),
  number: z.string().nullable(),
  text: z.string(),
  description: z.string().nullable(),
  preventionLevels: z.array(z.string()),
  frameworkLinks: z.array(z.string()),
  sourceNodeId: id.nullable(),
  position: z.number().int(),
  version: z.number().int(),
};
export const node = z.object({ ...nodeOutFields, planId: id, createdAt: timestamp, updatedAt: timestamp });
type NodeContentShape = z.infer<z.ZodObject<typeof nodeOutFields>> & { measures: z.infer<typeof measureContent>[]; children: NodeContentShape[] };
export const nodeContent: z.ZodType<NodeContentShape> = z.object({
  ...nodeOutFields,
  measures: z.array(measureContent),
  get children() {
    return z.array(nodeContent);
  },
});
export const planContent = z.object({
  plan: planMetadata,
  units: z.array(z.object({ id, name: z.string() })),
  nodes: z.array(nodeContent),
});

// --- nodes and measures ------------------------------------------------------
export const createNodeBody = z.strictObject({
  ...nodeFields,
  parentId: id.nullable().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  measures: z.array(measureInput).max(500).optional(),
  children: z.array(nodeInput).max(200).optional(),
});
export const updateNodeBody = z.strictObject({
  version,
  ...Object.fromEntries(Object.entries(nodeFields).map(([k, v]) => [k, v.optional()])),
} as { version: typeof version } & { [K in keyof typeof nodeFields]: z.ZodOptional<(typeof nodeFields)[K]> });
export const moveNodeBody = z.strictObject({ version, parentId: id.nullable(), position: z.number().int().min(0).max(10_000) });

export const createMeasureBody = z.strictObject({ ...measureInputFields, position: z.number().int().min(0).max(10_000).optional() });
export const updateMeasureBody = z.strictObject({
  version,
  ...Object.fromEntries(Object.entries(measureInputFields).map(([k, v]) => [k, v.optional()])),
} as { version: typeof version } & { [K in keyof typeof measureInputFields]: z.ZodOptional<(typeof measureInputFields)[K]> });
export const moveMeasureBody = z.strictObject({ version, nodeId: id, position: z.number().int().min(0).max(10_000) });

const unitRef = z.object({ id, name: z.string(), role: z.enum(['lead', 'co']) });
export const measureDetail = measureContent.extend({
  planId: id,
  organizationId: id,
  units: z.array(unitRef),
  node: z.object({ id, number: z.string().nullable(), label: z.string().nullable(), text: z.string() }),
  plan: z.object({ id, title: z.string(), status: z.enum(planStatuses) }),
  parentMeasure: z.object({ id, planId: id, code: z.string().nullable(), text: z.string() }).nullable(),
  breakdowns: z.array(z.object({ id, planId: id, planTitle: z.string(), code: z.string().nullable(), text: z.string() })),
});

export const measureSearchQuery = z.strictObject({
  q: z.string().max(200).optional(),
  planId: z.string().max(2000).transform((v) => v.split(',').filter(Boolean)).pipe(z.array(id)).optional(),
  unitId: z.string().max(2000).transform((v) => v.split(',').filter(Boolean)).pipe(z.array(id)).optional(),
  unitRole: z.enum(['lead', 'co', 'any']).default('any'),
  preventionLevel: z.string().max(500).transform((v) => v.split(',').filter(Boolean)).optional(),
  violenceForm: z.string().max(500).transform((v) => v.split(',').filter(Boolean)).optional(),
  targetGroup: z.string().max(500).transform((v) => v.split(',').filter(Boolean)).optional(),
  vulnerableGroup: z.string().max(500).transform((v) => v.split(',').filter(Boolean)).optional(),
  scope: commaList(measureScopes).optional(),
  planStatus: commaList(planStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const measureSearchResult = z.object({
  total: z.number().int(),
  items: z.array(
    measureContent.extend({
      planId: id,
      plan: z.object({ id, title: z.string(), status: z.enum(planStatuses), kind: z.enum(planKinds) }),
      node: z.object({ id, number: z.string().nullable(), text: z.string(), label: z.string().nullable() }),
      units: z.array(unitRef),
    }),
  ),
});

// --- lifecycle and versions -----------------------------------------------------
export const transitionBody = z.strictObject({
  to: z.enum(planStatuses),
  version,
  decision: decision.optional(),
  label: optionalText(200),
});
export const reviseBody = z.strictObject({ title: text(500).optional() });
export const snapshotBody = z.strictObject({ label: optionalText(200) });
export const versionSummary = z.object({
  id,
  planId: id,
  number: z.number().int(),
  reason: z.enum(versionReasons),
  label: z.string().nullable(),
  status: z.enum(planStatuses),
  createdAt: timestamp,
});
export const versionDetail = versionSummary.extend({ content: planContent });
export const versionParams = z.strictObject({ id: z.string().max(100), versionId: z.string().max(100) });
export const diffQuery = z.strictObject({ from: z.string().max(100), to: z.string().max(100).default('current') });

const fieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown(), added: z.array(z.string()).optional(), removed: z.array(z.string()).optional() });
const itemChange = z.object({ id: z.string() }).catchall(z.unknown());
export const diffResult = z.object({
  from: z.object({ id: z.string(), number: z.number().nullable(), reason: z.string().nullable(), label: z.string().nullable(), createdAt: z.string().nullable() }),
  to: z.object({ id: z.string(), number: z.number().nullable(), reason: z.string().nullable(), label: z.string().nullable(), createdAt: z.string().nullable() }),
  diff: z.object({
    plan: z.array(fieldChange),
    nodes: z.object({ added: z.array(itemChange), removed: z.array(itemChange), changed: z.array(itemChange) }),
    measures: z.object({ added: z.array(itemChange), removed: z.array(itemChange), changed: z.array(itemChange) }),
  }),
});

// --- vocabularies --------------------------------------------------------------
export const taxonomyList = z.array(
  z.object({
    taxonomy: z.enum(taxonomyKinds),
    terms: z.array(z.object({ id, code: z.string(), sv: z.string(), en: z.string(), national: z.boolean() })),
  }),
);
export const addTermParams = z.strictObject({ organizationId: z.string().max(100), taxonomy: z.enum(taxonomyKinds) });
export const addTermBody = z.strictObject({
  code: z.string().regex(/^[a-z0-9_]{1,60}$/).optional(),
  sv: text(200),
  en: text(200),
});
export const term = z.object({ id, taxonomy: z.enum(taxonomyKinds), code: z.string(), sv: z.string(), en: z.string(), national: z.boolean() });
export const frameworkList = z.array(
  z.object({
    code: z.string(),
    sv: z.string(),
    en: z.string(),
    national: z.boolean(),
    items: z.array(z.object({ ref: z.string(), code: z.string(), sv: z.string(), en: z.string() })),
  }),
);

export const responses = { errors };

export const empty = z.null().describe('No content');
