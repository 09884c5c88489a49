import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/jobs.js';

/**
 * A table-based job scheduler that runs on PGlite and PostgreSQL alike (see ARCHITECTURE.md, "Jobs").
 * Jobs are scheduled inside the transaction of the change that causes them, deduplicated by key,
 * and claimed one at a time with FOR UPDATE SKIP LOCKED, so two server processes never run the same job.
 */

export interface JobContext {
  db: Db;
  jobId: string;
  kind: string;
  attempt: number;
  /** The runner's clock (tests pass a fixed one). */
  now: Date;
}

export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

const handlers = new Map<string, JobHandler>();

/** Lease on a claimed job: if its runner dies, another claims it after this long. */
const leaseMs = 5 * 60_000;
const maxAttempts = 5;

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export interface ScheduleJob {
  kind: string;
  runAt: Date | string;
  /** Scheduling the same key twice is a no-op: the first job stands. */
  dedupeKey: string;
  payload?: Record<string, unknown>;
}

/** Schedules a job in the caller's transaction; true when it was new. */
export function scheduleJob(tx: Db, job: ScheduleJob): Promise<boolean> {
  const runAt = typeof job.runAt === 'string' ? new Date(job.runAt).toISOString() : job.runAt.toISOString();
  return repo.insertJobOnce(tx, { kind: job.kind, runAt, dedupeKey: job.dedupeKey, payload: job.payload ?? {} });
}

export interface RunResult {
  done: number;
  failed: number;
}

/**
 * Runs due jobs of the registered kinds until none is due or `limit` have run. Each job is claimed
 * in its own statement (autocommit), run outside any transaction, then marked done; a failure is
 * retried with backoff, at most `maxAttempts` times. Only kinds with a handler in this process are
 * claimed, so a process without a handler never takes another's job.
 */
export async function runDueJobs(db: Db, options: { now?: Date; limit?: number } = {}): Promise<RunResult> {
  const limit = options.limit ?? 100;
  const result: RunResult = { done: 0, failed: 0 };
  for (let i = 0; i < limit; i++) {
    const now = options.now ?? new Date();
    const job = await repo.claimDueJob(db, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), [...handlers.keys()]);
    if (!job) break;
    const handler = handlers.get(job.kind)!;
    try {
      await handler(job.payload, { db, jobId: job.id, kind: job.kind, attempt: job.attempts, now });
      await repo.markJobDone(db, job.id, job.attempts, new Date().toISOString());
      result.done++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Backoff 1, 4, 9, 16 minutes from the runner's clock; then give up and keep the error.
      const retryAt = job.attempts < maxAttempts ? new Date(now.getTime() + job.attempts * job.attempts * 60_000).toISOString() : null;
      await repo.markJobFailed(db, job.id, job.attempts, message.slice(0, 2000), retryAt);
      result.failed++;
    }
  }
  return result;
}

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Polls for due jobs every `intervalMs` in this process. Errors reaching the database are logged
 * and the next tick tries again; stop() waits for a tick in progress.
 */
export function startJobRunner(db: Db, intervalMs: number, log: (message: string, error?: unknown) => void = (m, e) => console.warn(m, e ?? '')): JobRunner {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runDueJobs(db)
      .catch((error: unknown) => log('job runner: could not run due jobs', error))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
