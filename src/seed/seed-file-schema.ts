import { z } from 'zod';
import {
  followUpCadences,
  measureScopes,
  nodeRoles,
  organizationKinds,
  planKinds,
  planStatuses,
  unitKinds,
} from '../domain/vocabulary.js';

/**
 * The shape of a hand-transcribed seed file (seed-data/<municipality>.yaml). Units, plans and
 * framework items are referred to by a key local to the file; taxonomy terms by their code
 * (src/domain/national-taxonomies.ts, or a term the file adds under `terms`).
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const key = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase key like "socialnamnden"');
const codes = z.array(z.string().min(1)).default([]);
/** "<framework>:<item code>", e.g. "agenda2030:5.2", "gender_equality:6", or "<local framework key>:<code>". */
const frameworkRef = z.string().regex(/^[a-z0-9_-]+:.+$/);

export const seedUnitSchema = z.strictObject({
  key,
  name: z.string().min(1),
  kind: z.enum(unitKinds),
  shortName: z.string().optional(),
  aliases: z.array(z.string().min(1)).default([]),
});

export const seedMeasureSchema = z.strictObject({
  /** The code as the document writes it ("1:3", "3.1.2"); absent when the document numbers nothing. */
  code: z.string().min(1).optional(),
  text: z.string().min(1),
  /** Further text the document gives under the measure (Malmö's explanatory paragraph). */
  description: z.string().optional(),
  /** The responsibility line exactly as written ("Kommunledningskontoret i samverkan med ..."). */
  responsibilityText: z.string().optional(),
  lead: z.array(key).default([]),
  co: z.array(key).default([]),
  preventionLevels: codes,
  scope: z.enum(measureScopes).optional(),
  targetGroups: codes,
  violenceForms: codes,
  vulnerableGroups: codes,
  perspectives: codes,
  timeFrame: z.string().optional(),
  examples: z.array(z.string().min(1)).default([]),
  frameworkLinks: z.array(frameworkRef).default([]),
  /** The measure in the parent plan this one breaks down. */
  parentMeasure: z.strictObject({ plan: key, code: z.string() }).optional(),
});

export interface SeedNode {
  role: (typeof nodeRoles)[number];
  label?: string | undefined;
  number?: string | undefined;
  text: string;
  description?: string | undefined;
  preventionLevels: string[];
  frameworkLinks: string[];
  /** The node in the parent plan this one mirrors: the parent plan's key and the node's number. */
  sourceNode?: { plan: string; number: string } | undefined;
  children: SeedNode[];
  measures: z.infer<typeof seedMeasureSchema>[];
}

export const seedNodeSchema: z.ZodType<SeedNode, unknown> = z.lazy(() =>
  z.strictObject({
    role: z.enum(nodeRoles),
    /** The plan's own word for the node: "Fokusområde", "Inriktningsmål", "Genom att". */
    label: z.string().optional(),
    number: z.string().optional(),
    text: z.string().min(1),
    description: z.string().optional(),
    preventionLevels: codes,
    frameworkLinks: z.array(frameworkRef).default([]),
    sourceNode: z.strictObject({ plan: key, number: z.string() }).optional(),
    children: z.array(seedNodeSchema).default([]),
    measures: z.array(seedMeasureSchema).default([]),
  }),
);

export const seedSectionSchema = z.strictObject({
  heading: z.string().min(1),
  body: z.string().min(1),
});

export const seedConsultationSchema = z.strictObject({
  title: z.string().min(1),
  sentDate: isoDate.optional(),
  deadline: isoDate,
  sender: z.string().optional(),
  invitationText: z.string().min(1),
  attachments: z.array(z.string()).default([]),
  recipients: z.array(
    z.strictObject({
      name: z.string().min(1),
      unit: key.optional(),
      email: z.string().email().optional(),
      kind: z.enum(['internal', 'external']),
    }),
  ),
  /** Statements received, kept as written, for the consultation feature's tests and demo. */
  responses: z
    .array(
      z.strictObject({
        recipient: z.string().min(1),
        date: isoDate.optional(),
        position: z.enum(['approve', 'approve_with_comments', 'reject', 'abstain']),
        statement: z.string().min(1),
        comments: z.array(
          z.strictObject({
            text: z.string().min(1),
            /** What the comment points at, as the statement says it ("sidan 2", a heading). */
            pointsAt: z.string().optional(),
            /** The number of the goal node, or the code/text-start of the measure, it concerns. */
            node: z.string().optional(),
          }),
        ),
      }),
    )
    .default([]),
});

export const seedPlanSchema = z.strictObject({
  key,
  title: z.string().min(1),
  kind: z.enum(planKinds),
  status: z.enum(planStatuses),
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
  /** Validity as the document says it when it has no end date ("tills vidare"). */
  validityNote: z.string().optional(),
  decision: z
    .strictObject({
      body: z.string().min(1),
      date: isoDate,
      paragraph: z.string().optional(),
      registryNumber: z.string().optional(),
    })
    .optional(),
  registryNumber: z.string().optional(),
  replaces: z.strictObject({ plan: key.optional(), reference: z.string().optional() }).optional(),
  parentPlan: key.optional(),
  ownerUnit: key.optional(),
  followUp: z.strictObject({ cadence: z.enum(followUpCadences), description: z.string().optional() }).optional(),
  summary: z.string().optional(),
  sections: z.array(seedSectionSchema).default([]),
  terms: z
    .strictObject({ violenceForms: codes, targetGroups: codes, vulnerableGroups: codes, perspectives: codes })
    .default({ violenceForms: [], targetGroups: [], vulnerableGroups: [], perspectives: [] }),
  frameworkLinks: z.array(frameworkRef).default([]),
  nodes: z.array(seedNodeSchema).min(1),
  consultation: seedConsultationSchema.optional(),
});

export const seedFileSchema = z.strictObject({
  organization: z.strictObject({
    code: z.string().regex(/^\d{4}$/),
    name: z.string().min(1),
    kind: z.enum(organizationKinds),
  }),
  /** The document(s) this file was transcribed from, under shared/seeds/. */
  sources: z.array(z.string()).min(1),
  units: z.array(seedUnitSchema).min(1),
  /** Terms the organization adds to the national taxonomies. */
  terms: z
    .array(z.strictObject({ taxonomy: z.enum(['prevention_level', 'violence_form', 'target_group', 'vulnerable_group', 'perspective']), code: z.string(), sv: z.string(), en: z.string() }))
    .default([]),
  /** Local frameworks (the municipality's own programmes and goals) that nodes and measures link to. */
  frameworks: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z0-9_-]+$/),
        sv: z.string(),
        en: z.string(),
        items: z.array(z.strictObject({ code: z.string(), sv: z.string(), en: z.string() })),
      }),
    )
    .default([]),
  plans: z.array(seedPlanSchema).min(1),
});

export type SeedFile = z.infer<typeof seedFileSchema>;
export type SeedPlan = z.infer<typeof seedPlanSchema>;
export type SeedMeasure = z.infer<typeof seedMeasureSchema>;
