import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { frameworkItems, frameworks, taxonomyTerms } from '../schema.js';

export type TermRow = typeof taxonomyTerms.$inferSelect;

/** National defaults and the organization's own terms. */
export async function listTerms(db: Db, organizationId: string | null): Promise<TermRow[]> {
  return db
    .select()
    .from(taxonomyTerms)
    .where(organizationId ? or(isNull(taxonomyTerms.organizationId), eq(taxonomyTerms.organizationId, organizationId)) : isNull(taxonomyTerms.organizationId))
    .orderBy(asc(taxonomyTerms.taxonomy), sql`${taxonomyTerms.organizationId} IS NOT NULL`, asc(taxonomyTerms.position));
}

export async function upsertTerm(db: Db, values: typeof taxonomyTerms.$inferInsert): Promise<void> {
  await db
    .insert(taxonomyTerms)
    .values(values)
    .onConflictDoUpdate({
      target: [taxonomyTerms.organizationId, taxonomyTerms.taxonomy, taxonomyTerms.code],
      set: { labelSv: values.labelSv, labelEn: values.labelEn, position: values.position ?? 0 },
    });
}

export async function insertTerm(db: Db, values: typeof taxonomyTerms.$inferInsert): Promise<TermRow> {
  const [row] = await db.insert(taxonomyTerms).values(values).returning();
  return row!;
}

export async function listFrameworks(db: Db, organizationId: string | null) {
  return db
    .select({ framework: frameworks, item: frameworkItems })
    .from(frameworks)
    .innerJoin(frameworkItems, eq(frameworkItems.frameworkId, frameworks.id))
    .where(organizationId ? or(isNull(frameworks.organizationId), eq(frameworks.organizationId, organizationId)) : isNull(frameworks.organizationId))
    .orderBy(sql`${frameworks.organizationId} IS NOT NULL`, asc(frameworks.code), asc(frameworkItems.position));
}

export async function upsertFramework(
  db: Db,
  values: { organizationId: string | null; code: string; labelSv: string; labelEn: string },
  items: { code: string; labelSv: string; labelEn: string }[],
): Promise<void> {
  const [existing] = await db
    .select()
    .from(frameworks)
    .where(
      and(
        values.organizationId ? eq(frameworks.organizationId, values.organizationId) : isNull(frameworks.organizationId),
        eq(frameworks.code, values.code),
      ),
    );
  const framework =
    existing ??
    (await db.insert(frameworks).values(values).returning())[0]!;
  if (existing) await db.update(frameworks).set({ labelSv: values.labelSv, labelEn: values.labelEn }).where(eq(frameworks.id, existing.id));
  for (const [position, item] of items.entries()) {
    await db
      .insert(frameworkItems)
      .values({ frameworkId: framework.id, position, ...item })
      .onConflictDoUpdate({
        target: [frameworkItems.frameworkId, frameworkItems.code],
        set: { labelSv: item.labelSv, labelEn: item.labelEn, position },
      });
  }
}
