import { z } from 'zod';
import { planKinds, planStatuses, nodeRoles } from '../domain/vocabulary.js';

/*
 * Breaking a plan down: a unit makes its own plan under a city-wide plan (Malmö's administration
 * plans under "Fri från våld"), its goals mirroring the chosen city-wide goals and its measures
 * pointing at the city-wide measures. The web client imports these definitions too.
 */

const id = z.uuid();
const isoDate = z.iso.date();

/** POST /plans/:id/breakdowns */
export const createBreakdownBody = z.strictObject({
  ownerUnitId: id.describe('The unit whose plan this is; it becomes the lead of every mirrored measure.'),
  title: z.string().trim().min(1).max(500),
  kind: z.enum(planKinds).default('action_plan'),
  nodeIds: z
    .array(id)
    .min(1)
    .max(200)
    .describe('Nodes of the plan to break down (usually its goals); each is mirrored with its whole subtree and measures. A node under another chosen node is covered by it.'),
  validFrom: isoDate.nullable().optional(),
  validTo: isoDate.nullable().optional(),
});

const unitRef = z.object({ id, name: z.string() });

/** A plan that breaks the plan down. */
export const breakdownPlan = z.object({
  id,
  title: z.string(),
  kind: z.enum(planKinds),
  status: z.enum(planStatuses),
  ownerUnit: unitRef.nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  /** Whether the plan names this plan as its parent (otherwise it only points at some of its nodes or measures). */
  isChildPlan: z.boolean(),
  nodeCount: z.number().int(),
  measureCount: z.number().int(),
});

/** A node of another plan that points at one of this plan's nodes. */
const nodeBreakdown = z.object({
  nodeId: id,
  planId: id,
  planTitle: z.string(),
  unit: unitRef.nullable(),
  label: z.string().nullable(),
  number: z.string().nullable(),
  text: z.string(),
  /** Measures in the pointing node's whole subtree. */
  measureCount: z.number().int(),
});

/** A measure of another plan that points at one of this plan's measures. */
const measureBreakdown = z.object({
  measureId: id,
  planId: id,
  planTitle: z.string(),
  unit: unitRef.nullable(),
  leadUnits: z.array(unitRef),
  code: z.string().nullable(),
  text: z.string(),
});

const sourcePlan = z.object({ id, title: z.string() });

/** GET /plans/:id/breakdowns */
export const breakdownOverview = z.object({
  plan: z.object({ id, organizationId: id, title: z.string(), parentPlanId: id.nullable() }),
  plans: z.array(breakdownPlan),
  /** Every node of the plan in document order, with the nodes of other plans that break it down. */
  nodes: z.array(
    z.object({
      nodeId: id,
      parentId: id.nullable(),
      depth: z.number().int(),
      role: z.enum(nodeRoles),
      label: z.string().nullable(),
      /** The number as shown (written, or derived from the position). */
      number: z.string(),
      text: z.string(),
      /** A goal with no goal above it: what a unit chooses when it breaks the plan down. */
      isTopGoal: z.boolean(),
      breakdowns: z.array(nodeBreakdown),
      /**
       * Per plan that breaks this node or anything under it down: how many of that plan's measures sit
       * under its nodes that point here or below ("3 activities under goal 1"), each measure once.
       */
      planTotals: z.array(z.object({ planId: id, measureCount: z.number().int() })),
    }),
  ),
  /** Every measure of the plan in document order, with the measures of other plans that break it down. */
  measures: z.array(z.object({ measureId: id, nodeId: id, number: z.string(), text: z.string(), breakdowns: z.array(measureBreakdown) })),
  /** What this plan itself breaks down: its parent plan, and its nodes and measures that point elsewhere. */
  breaksDown: z.object({
    parentPlan: sourcePlan.extend({ status: z.enum(planStatuses) }).nullable(),
    nodes: z.array(
      z.object({
        nodeId: id,
        number: z.string(),
        text: z.string(),
        source: z.object({ nodeId: id, plan: sourcePlan, label: z.string().nullable(), number: z.string().nullable(), text: z.string() }),
      }),
    ),
    measures: z.array(
      z.object({
        measureId: id,
        number: z.string(),
        text: z.string(),
        source: z.object({ measureId: id, plan: sourcePlan, code: z.string().nullable(), text: z.string() }),
      }),
    ),
  }),
});
