import type { Db } from '../db/database.js';
import { loadMeasureUnits } from '../db/repositories/content.js';
import { searchMeasures as searchRepo, type MeasureSearchFilter } from '../db/repositories/measure-search.js';
import { findOrganization } from '../db/repositories/organizations.js';
import { likePatternsFor } from '../domain/search-text.js';
import type { PlanKind, PlanStatus } from '../domain/vocabulary.js';
import { notFound } from './errors.js';
import { presentMeasure } from './plan-content.js';

export type MeasureSearchInput = Omit<MeasureSearchFilter, 'likePatterns'> & { q?: string | undefined };

export async function searchMeasures(db: Db, input: MeasureSearchInput) {
  if (!(await findOrganization(db, input.organizationId))) throw notFound('organization');
  const { q, ...filter } = input;
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
