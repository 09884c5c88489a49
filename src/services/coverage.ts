import type { Db } from '../db/database.js';
import { listTerms } from '../db/repositories/vocabularies.js';
import { computeCoverage } from '../domain/coverage.js';
import { readPlanContent } from './plan-content.js';

/** Which goals, levels, units, violence forms and target groups the plan's measures reach, and the gaps. */
export async function getPlanCoverage(db: Db, planId: string) {
  const content = await readPlanContent(db, planId);
  const terms = await listTerms(db, content.plan.organizationId);
  const of = (taxonomy: string) => terms.filter((t) => t.taxonomy === taxonomy).map((t) => ({ code: t.code }));
  return computeCoverage(content, {
    preventionLevels: of('prevention_level'),
    violenceForms: of('violence_form'),
    targetGroups: of('target_group'),
  });
}
