import { z } from 'zod';
import { measureScopes, nodeRoles, planKinds, unitKinds } from '../domain/vocabulary.js';
import { measureInputFields, plan, planMetadataFields } from './schemas.js';

/*
 * Importing a plan document: the upload's preview (mirrors src/importer/types.ts) and the draft
 * created from the structure the coordinator reviewed. The web client imports these definitions.
 */

const sourceRange = z.object({ from: z.number().int(), to: z.number().int() });
const found = <T extends z.ZodType>(value: T) => z.object({ value, source: sourceRange, confidence: z.number() });

export const importFormats = ['txt', 'md', 'docx', 'pdf'] as const;

export const unitMatch = z.object({
  text: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  score: z.number(),
  proposeNew: z.boolean(),
});

export const importedMeasure = z.object({
  code: z.string().nullable(),
  text: z.string(),
  description: z.string().nullable(),
  responsibilityText: z.string().nullable(),
  lead: z.array(unitMatch),
  co: z.array(unitMatch),
  preventionLevels: z.array(z.string()),
  scope: z.enum(measureScopes).nullable(),
  examples: z.array(z.string()),
  source: sourceRange,
  confidence: z.number(),
});

const importedNodeFields = {
  role: z.enum(nodeRoles),
  label: z.string().nullable(),
  number: z.string().nullable(),
  text: z.string(),
  description: z.string().nullable(),
  preventionLevels: z.array(z.string()),
  source: sourceRange,
  confidence: z.number(),
  measures: z.array(importedMeasure),
};
type ImportedNodeShape = z.infer<z.ZodObject<typeof importedNodeFields>> & { children: ImportedNodeShape[] };
export const importedNode: z.ZodType<ImportedNodeShape> = z.object({
  ...importedNodeFields,
  get children() {
    return z.array(importedNode);
  },
});

export const importedMetadata = z.object({
  title: found(z.string()).optional(),
  kind: found(z.enum(planKinds)).optional(),
  validFrom: found(z.string()).optional(),
  validTo: found(z.string()).optional(),
  validityNote: found(z.string()).optional(),
  decisionBody: found(z.string()).optional(),
  decisionDate: found(z.string()).optional(),
  decisionParagraph: found(z.string()).optional(),
  registryNumber: found(z.string()).optional(),
  replacesReference: found(z.string()).optional(),
  ownerUnit: found(unitMatch).optional(),
});

export const importResult = z.object({
  format: z.enum(importFormats),
  lines: z.array(z.string()),
  metadata: importedMetadata,
  nodes: z.array(importedNode),
  units: z.array(unitMatch),
  notes: z.array(z.object({ source: sourceRange.nullable(), code: z.string(), text: z.string() })),
  stats: z.object({ goals: z.number().int(), measures: z.number().int(), milliseconds: z.number() }),
});

// --- the draft made from a reviewed import ---------------------------------------------------

/** A unit to create before the plan: measures refer to it by `key` in their unit lists. */
export const newUnitKey = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _');
const text = (max: number) => z.string().trim().min(1).max(max);
export const draftNewUnit = z.strictObject({
  key: newUnitKey,
  name: text(200),
  kind: z.enum(unitKinds),
  aliases: z.array(text(200)).max(30).optional(),
});

/** A unit reference in a draft: a unit id of the organization, or the key of one of `newUnits`. */
const unitReference = z.string().min(1).max(100);

export const draftMeasure = z.strictObject({
  ...measureInputFields,
  leadUnitIds: z.array(unitReference).max(50).optional().describe('Unit ids, or keys of `newUnits`'),
  coUnitIds: z.array(unitReference).max(50).optional().describe('Unit ids, or keys of `newUnits`'),
});

const draftNodeFields = {
  role: z.enum(nodeRoles),
  label: z.string().trim().max(100).nullable().optional(),
  number: z.string().trim().max(50).nullable().optional(),
  text: text(5000),
  description: z.string().trim().max(20_000).nullable().optional(),
  preventionLevels: z.array(z.string().min(1).max(100)).max(50).optional(),
};
export type DraftNodeShape = z.infer<z.ZodObject<typeof draftNodeFields>> & { measures?: z.infer<typeof draftMeasure>[] | undefined; children?: DraftNodeShape[] | undefined };
export const draftNode: z.ZodType<DraftNodeShape> = z.strictObject({
  ...draftNodeFields,
  measures: z.array(draftMeasure).max(500).optional(),
  get children() {
    return z.array(draftNode).max(200).optional();
  },
});

const { title, kind, validFrom, validTo, validityNote, decision, registryNumber, replacesReference, followUpCadence, summary } = planMetadataFields;

export const createDraftBody = z.strictObject({
  title,
  kind,
  validFrom,
  validTo,
  validityNote,
  decision,
  registryNumber,
  replacesReference,
  ownerUnitId: unitReference.nullable().optional().describe('A unit id, or the key of one of `newUnits`'),
  followUpCadence,
  summary,
  newUnits: z.array(draftNewUnit).max(200).optional(),
  nodes: z.array(draftNode).max(200).optional(),
});

export const createdDraft = z.object({
  plan,
  createdUnits: z.array(z.object({ key: z.string(), id: z.uuid(), name: z.string(), kind: z.enum(unitKinds) })),
});

export type ImportResultOut = z.infer<typeof importResult>;
export type CreateDraftBody = z.input<typeof createDraftBody>;
export type CreatedDraft = z.infer<typeof createdDraft>;
