import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { goalNodes, measureUnits, measures, plans } from '../schema.js';

export interface MeasureSearchFilter {
  organizationId: string;
  planIds?: string[] | undefined;
  unitIds?: string[] | undefined;
  unitRole?: 'lead' | 'co' | 'any' | undefined;
  preventionLevels?: string[] | undefined;
  violenceForms?: string[] | undefined;
  targetGroups?: string[] | undefined;
  vulnerableGroups?: string[] | undefined;
  scopes?: string[] | undefined;
  planStatuses?: string[] | undefined;
  likePatterns: string[];
  limit: number;
  offset: number;
}

/**
 * A measure's node's place in document order: the positions from its top-level ancestor down to it
 * ({1} < {1,0} < {2}); a node's own position orders only its siblings. Computed once per query for the
 * organization's nodes (a few dozen rows), not once per measure.
 */
const nodePaths = (organizationId: string) => sql`(WITH RECURSIVE np(id, path) AS (
    SELECT n.id, ARRAY[n.position] FROM goal_nodes n WHERE n.organization_id = ${organizationId} AND n.parent_id IS NULL
    UNION ALL
    SELECT c.id, np.path || c.position FROM goal_nodes c JOIN np ON c.parent_id = np.id
  ) SELECT id, path FROM np) AS node_paths`;

/**
 * Within one organization. Several values of one filter are alternatives (OR); different filters
 * combine (AND): "Socialnämnden, indikerad" finds the measures that have both.
 */
export async function searchMeasures(db: Db, f: MeasureSearchFilter) {
  const where: SQL[] = [eq(measures.organizationId, f.organizationId)];
  if (f.planIds?.length) where.push(inArray(measures.planId, f.planIds));
  if (f.unitIds?.length) {
    const roleCondition = f.unitRole && f.unitRole !== 'any' ? sql` AND ${measureUnits.role} = ${f.unitRole}` : sql``;
    where.push(
      sql`EXISTS (SELECT 1 FROM ${measureUnits} WHERE ${measureUnits.measureId} = ${measures.id} AND ${inArray(measureUnits.unitId, f.unitIds)}${roleCondition})`,
    );
  }
  const overlap = (column: SQL | typeof measures.preventionLevels, values?: string[]) => {
    if (values?.length) where.push(sql`${column} && ${sql.param(values)}::text[]`);
  };
  overlap(measures.preventionLevels, f.preventionLevels);
  overlap(measures.violenceForms, f.violenceForms);
  overlap(measures.targetGroups, f.targetGroups);
  overlap(measures.vulnerableGroups, f.vulnerableGroups);
  if (f.scopes?.length) where.push(inArray(measures.scope, f.scopes));
  if (f.planStatuses?.length) where.push(inArray(plans.status, f.planStatuses));
  for (const p of f.likePatterns) where.push(sql`${measures.searchText} LIKE ${p}`);

  const condition = and(...where);
  const rows = await db
    .select({
      measure: measures,
      plan: { id: plans.id, title: plans.title, status: plans.status, kind: plans.kind },
      node: { id: goalNodes.id, number: goalNodes.number, text: goalNodes.text, label: goalNodes.label },
    })
    .from(measures)
    .innerJoin(plans, eq(plans.id, measures.planId))
    .innerJoin(goalNodes, eq(goalNodes.id, measures.nodeId))
    .innerJoin(nodePaths(f.organizationId), sql`node_paths.id = ${measures.nodeId}`)
    .where(condition)
    .orderBy(asc(plans.title), asc(measures.planId), sql`node_paths.path`, asc(measures.position))
    .limit(f.limit)
    .offset(f.offset);
  const [total] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(measures)
    .innerJoin(plans, eq(plans.id, measures.planId))
    .where(condition);
  return { rows, total: total?.n ?? 0 };
}
