import { z } from 'zod';

const counts = z.record(z.string(), z.number().int());

/** GET /plans/:id/coverage — see src/domain/coverage.ts for how it is computed. */
export const coverage = z.object({
  hasMeasures: z.boolean(),
  measureCount: z.number().int(),
  goals: z.array(
    z.object({ nodeId: z.string(), number: z.string(), text: z.string(), depth: z.number().int(), measureCount: z.number().int(), byPreventionLevel: counts }),
  ),
  levelTotals: counts,
  units: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      lead: z.number().int(),
      co: z.number().int(),
      byGoal: z.record(z.string(), z.object({ lead: z.number().int(), co: z.number().int() })),
    }),
  ),
  violenceForms: counts,
  targetGroups: counts,
  gaps: z.object({
    goalsWithoutMeasures: z.array(z.string()),
    goalLevelGaps: z.array(z.object({ nodeId: z.string(), level: z.string() })),
    levelsWithoutMeasures: z.array(z.string()),
    violenceFormsNotReached: z.array(z.string()),
    targetGroupsNotReached: z.array(z.string()),
    measuresWithoutLeadUnit: z.array(z.string()),
  }),
});
