import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { goalNodes, measureUnits, measures, units } from '../schema.js';

export type NodeRow = typeof goalNodes.$inferSelect;
export type NodeInsert = typeof goalNodes.$inferInsert;
export type MeasureRow = typeof measures.$inferSelect;
export type MeasureInsert = typeof measures.$inferInsert;
export interface MeasureUnitLink {
  measureId: string;
  unitId: string;
  role: string;
  position: number;
}

/** Everything needed to build a plan's content: three queries, assembled by the caller. */
export async function loadPlanRows(db: Db, planId: string) {
  const nodeRows = await db.select().from(goalNodes).where(eq(goalNodes.planId, planId)).orderBy(asc(goalNodes.position));
  const measureRows = await db.select().from(measures).where(eq(measures.planId, planId)).orderBy(asc(measures.position));
  const links = await db
    .select({ measureId: measureUnits.measureId, unitId: measureUnits.unitId, role: measureUnits.role, position: measureUnits.position, name: units.name })
    .from(measureUnits)
    .innerJoin(measures, eq(measures.id, measureUnits.measureId))
    .innerJoin(units, eq(units.id, measureUnits.unitId))
    .where(eq(measures.planId, planId))
    .orderBy(asc(measureUnits.position));
  return { nodeRows, measureRows, links };
}

export async function findNode(db: Db, id: string): Promise<NodeRow | undefined> {
  const [row] = await db.select().from(goalNodes).where(eq(goalNodes.id, id));
  return row;
}

export async function findNodesByIds(db: Db, ids: string[]): Promise<NodeRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(goalNodes).where(inArray(goalNodes.id, ids));
}

export async function listSiblingNodes(db: Db, planId: string, parentId: string | null): Promise<NodeRow[]> {
  return db
    .select()
    .from(goalNodes)
    .where(and(eq(goalNodes.planId, planId), parentId ? eq(goalNodes.parentId, parentId) : sql`${goalNodes.parentId} IS NULL`))
    .orderBy(asc(goalNodes.position));
}

export async function insertNodes(db: Db, values: NodeInsert[]): Promise<NodeRow[]> {
  if (values.length === 0) return [];
  return db.insert(goalNodes).values(values).returning();
}

export async function updateNode(db: Db, id: string, expectedVersion: number, values: Partial<NodeInsert>): Promise<NodeRow | undefined> {
  const [row] = await db
    .update(goalNodes)
    .set({ ...values, version: sql`${goalNodes.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(goalNodes.id, id), eq(goalNodes.version, expectedVersion)))
    .returning();
  return row;
}

/** Rewrites parent and position without touching versions: a sibling's shift is not an edit of it. */
export async function setNodePositions(db: Db, positions: { id: string; parentId: string | null; position: number }[]): Promise<void> {
  for (const p of positions) {
    await db.update(goalNodes).set({ parentId: p.parentId, position: p.position }).where(eq(goalNodes.id, p.id));
  }
}

export async function deleteNode(db: Db, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(goalNodes)
    .where(and(eq(goalNodes.id, id), eq(goalNodes.version, expectedVersion)))
    .returning({ id: goalNodes.id });
  return rows.length > 0;
}

export async function findMeasure(db: Db, id: string): Promise<MeasureRow | undefined> {
  const [row] = await db.select().from(measures).where(eq(measures.id, id));
  return row;
}

export async function findMeasuresByIds(db: Db, ids: string[]): Promise<MeasureRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(measures).where(inArray(measures.id, ids));
}

export async function listNodeMeasures(db: Db, nodeId: string): Promise<MeasureRow[]> {
  return db.select().from(measures).where(eq(measures.nodeId, nodeId)).orderBy(asc(measures.position));
}

export async function insertMeasures(db: Db, values: MeasureInsert[]): Promise<MeasureRow[]> {
  if (values.length === 0) return [];
  return db.insert(measures).values(values).returning();
}

export async function updateMeasure(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<MeasureInsert>,
): Promise<MeasureRow | undefined> {
  const [row] = await db
    .update(measures)
    .set({ ...values, version: sql`${measures.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(measures.id, id), eq(measures.version, expectedVersion)))
    .returning();
  return row;
}

export async function setMeasurePositions(db: Db, positions: { id: string; nodeId: string; position: number }[]): Promise<void> {
  for (const p of positions) {
    await db.update(measures).set({ nodeId: p.nodeId, position: p.position }).where(eq(measures.id, p.id));
  }
}

export async function deleteMeasure(db: Db, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(measures)
    .where(and(eq(measures.id, id), eq(measures.version, expectedVersion)))
    .returning({ id: measures.id });
  return rows.length > 0;
}

export async function loadMeasureUnits(db: Db, measureIds: string[]) {
  if (measureIds.length === 0) return [];
  return db
    .select({ measureId: measureUnits.measureId, unitId: measureUnits.unitId, role: measureUnits.role, position: measureUnits.position, name: units.name })
    .from(measureUnits)
    .innerJoin(units, eq(units.id, measureUnits.unitId))
    .where(inArray(measureUnits.measureId, measureIds))
    .orderBy(asc(measureUnits.position));
}

export async function replaceMeasureUnits(db: Db, measureId: string, links: { unitId: string; role: string }[]): Promise<void> {
  await db.delete(measureUnits).where(eq(measureUnits.measureId, measureId));
  await insertMeasureUnits(db, links.map((l, i) => ({ measureId, unitId: l.unitId, role: l.role, position: i })));
}

export async function insertMeasureUnits(db: Db, links: MeasureUnitLink[]): Promise<void> {
  if (links.length === 0) return;
  await db.insert(measureUnits).values(links);
}

/** Measures in other plans that break down these measures (the breakdown view). */
export async function findChildMeasures(db: Db, parentMeasureIds: string[]): Promise<MeasureRow[]> {
  if (parentMeasureIds.length === 0) return [];
  return db.select().from(measures).where(inArray(measures.parentMeasureId, parentMeasureIds)).orderBy(asc(measures.position));
}
