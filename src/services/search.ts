import type { Db } from '../db/database.js';
import { loadMeasureUnits } from '../db/repositories/content.js';
import { searchMeasures as searchRepo, type MeasureSearchFilter } from '../db/repositories/measure-search.js';
import { findOrganization } from '../db/repositories/organizations.js';
import { likePatternsFor } from '../domain/search-text.js';
import type { PlanKind, PlanStatus } from '../domain/vocabulary.js';
import { isMember, publishedPlanStatuses, type Actor } from '../domain/access.js';
import { notFound } from './errors.js';
import { presentMeasure } from './plan-content.js';

export type MeasureSearchInput = Omit<MeasureSearchFilter, 'likePatterns'> & { q?: string | undefined };

/** Members search all of the organization's plans; everyone else only its published plans. */
export async function searchMeasures(db: Db, actor: Actor, input: MeasureSearchInput) {
  if (!(await findOrganization(db, input.organizationId))) throw notFound('organization');
  const { q, ...filter } = input;
  if (!isMember(actor, input.organizationId)) {
    const asked = filter.planStatuses?.length ? filter.planStatuses : publishedPlanStatuses;
    const allowed = asked.filter((s) => publishedPlanStatuses.includes(s as never));
    // Nothing published matches the requested statuses: an impossible status keeps the query honest.
    filter.planStatuses = allowed.length > 0 ? allowed : ['-'];
  }
  const { rows, total } = await searchRepo(db, { ...filter, likePatterns: q ? likePatternsFor(q) : [] });
  const links = await loadMeasureUnits(db, rows.map((r) => r.measure.id));
  return {
    total,
    items: rows.map((r) => {
      const own = links.filter((l) => l.measureId === r.measure.id);
      return {
        ...presentMeasure(r.measure, own),
        planId: r.plan.id,
        plan: { ...r.plan, status: r.plan.status as PlanStatus, kind: r.plan.kind as PlanKind },
        node: r.node,
        units: own.map((l) => ({ id: l.unitId, name: l.name, role: l.role as 'lead' | 'co' })),
      };
    }),
  };
}
