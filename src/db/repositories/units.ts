import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { measureUnits, units, statusReports } from '../schema.js';

export type UnitRow = typeof units.$inferSelect;

export async function listUnits(db: Db, organizationId: string, likePatterns: string[] = []): Promise<UnitRow[]> {
  const filters = [eq(units.organizationId, organizationId), ...likePatterns.map((p) => sql`${units.searchText} LIKE ${p}`)];
  return db.select().from(units).where(and(...filters)).orderBy(asc(units.name));
}

export async function findUnit(db: Db, id: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(eq(units.id, id));
  return row;
}

export async function findUnitsByIds(db: Db, ids: string[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(units).where(inArray(units.id, ids));
}

export async function findUnitByName(db: Db, organizationId: string, name: string): Promise<UnitRow | undefined> {
  const [row] = await db
    .select()
    .from(units)
    .where(and(eq(units.organizationId, organizationId), eq(units.name, name)));
  return row;
}

export async function insertUnit(db: Db, values: typeof units.$inferInsert): Promise<UnitRow> {
  const [row] = await db.insert(units).values(values).returning();
  return row!;
}

export async function updateUnit(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<Pick<UnitRow, 'name' | 'shortName' | 'kind' | 'aliases' | 'searchText'>>,
): Promise<UnitRow | undefined> {
  const [row] = await db
    .update(units)
    .set({ ...values, version: sql`${units.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(units.id, id), eq(units.version, expectedVersion)))
    .returning();
  return row;
}

export async function countMeasureReferences(db: Db, unitId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(measureUnits).where(eq(measureUnits.unitId, unitId));
  return row?.n ?? 0;
}

/** Status reports a unit has given or owes: they keep the unit (the follow-up history names it). */
export async function countStatusReportReferences(db: Db, unitId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(statusReports).where(eq(statusReports.unitId, unitId));
  return row?.n ?? 0;
}

export async function deleteUnit(db: Db, id: string, expectedVersion: number): Promise<boolean> {
  const rows = await db
    .delete(units)
    .where(and(eq(units.id, id), eq(units.version, expectedVersion)))
    .returning({ id: units.id });
  return rows.length > 0;
}

/** The organization's unit that leads the most measures (the demo reporter's unit). */
export async function findBusiestLeadUnit(db: Db, organizationId: string): Promise<UnitRow | undefined> {
  const [row] = await db
    .select({ unit: units })
    .from(units)
    .innerJoin(measureUnits, and(eq(measureUnits.unitId, units.id), eq(measureUnits.role, 'lead')))
    .where(eq(units.organizationId, organizationId))
    .groupBy(units.id)
    .orderBy(sql`count(*) DESC`, asc(units.name))
    .limit(1);
  return row?.unit;
}
