import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { jobs } from '../schema.js';

export type JobRow = typeof jobs.$inferSelect;

export interface NewJob {
  kind: string;
  runAt: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/** Inserts a job unless one with the same dedupe key exists; true when a new job was made. */
export async function insertJobOnce(db: Db, job: NewJob): Promise<boolean> {
  const rows = await db
    .insert(jobs)
    .values({ kind: job.kind, runAt: job.runAt, dedupeKey: job.dedupeKey, payload: job.payload })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Claims one due job in a single statement: the inner SELECT … FOR UPDATE SKIP LOCKED makes a
 * second runner skip a row the first is claiming, and the outer UPDATE marks it running until
 * `lockedUntil`. A running job whose lease has run out (its runner died) is due again.
 */
export async function claimDueJob(db: Db, now: string, lockedUntil: string, kinds: string[]): Promise<JobRow | undefined> {
  if (kinds.length === 0) return undefined;
  const kindList = sql.join(kinds.map((k) => sql`${k}`), sql`, `);
  const [row] = await db
    .update(jobs)
    .set({ state: 'running', attempts: sql`${jobs.attempts} + 1`, lockedUntil })
    .where(
      eq(
        jobs.id,
        sql`(SELECT j.id FROM jobs j
              WHERE j.kind IN (${kindList})
                AND ((j.state = 'pending' AND j.run_at <= ${now}::timestamptz)
                  OR (j.state = 'running' AND j.locked_until < ${now}::timestamptz))
              ORDER BY j.run_at
              LIMIT 1
              FOR UPDATE SKIP LOCKED)`,
      ),
    )
    .returning();
  return row;
}

/** Finishes a claimed job; only while this runner still holds it (same attempt). */
export async function markJobDone(db: Db, id: string, attempts: number, doneAt: string): Promise<void> {
  await db
    .update(jobs)
    .set({ state: 'done', doneAt, lockedUntil: null, lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.attempts, attempts)));
}

export async function markJobFailed(db: Db, id: string, attempts: number, error: string, retryAt: string | null): Promise<void> {
  await db
    .update(jobs)
    .set(retryAt ? { state: 'pending', runAt: retryAt, lockedUntil: null, lastError: error } : { state: 'failed', lockedUntil: null, lastError: error })
    .where(and(eq(jobs.id, id), eq(jobs.state, 'running'), eq(jobs.attempts, attempts)));
}

export async function listJobs(db: Db, filter: { kind?: string; dedupePrefix?: string } = {}): Promise<JobRow[]> {
  const where = [];
  if (filter.kind) where.push(eq(jobs.kind, filter.kind));
  if (filter.dedupePrefix) where.push(sql`${jobs.dedupeKey} LIKE ${filter.dedupePrefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`);
  return db.select().from(jobs).where(where.length ? and(...where) : undefined).orderBy(jobs.runAt, jobs.dedupeKey);
}

/** Jobs not yet run whose key starts with a prefix (e.g. a round's reminders when it closes). */
export async function cancelPendingJobs(db: Db, dedupePrefix: string, now: string): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ state: 'done', doneAt: now, lastError: 'cancelled' })
    .where(and(eq(jobs.state, 'pending'), sql`${jobs.dedupeKey} LIKE ${dedupePrefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`))
    .returning({ id: jobs.id });
  return rows.length;
}

/** Marks pending jobs with these keys as done without running them (a rescheduled or closed round's reminders). */
export async function cancelJobs(db: Db, keys: string[], now: string): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db
    .update(jobs)
    .set({ state: 'done', doneAt: now, lastError: 'cancelled' })
    .where(and(eq(jobs.state, 'pending'), inArray(jobs.dedupeKey, keys)))
    .returning({ id: jobs.id });
  return rows.length;
}
