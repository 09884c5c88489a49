import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { count } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database handle or a transaction handle: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Human-readable description for logs: never contains a password. */
  description: string;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export class DatabaseStartError extends Error {
  override name = 'DatabaseStartError';
}

/** Runs after migrations on a database that was just created or is empty (seeding). */
export type Initializer = (db: Db) => Promise<void>;

/**
 * Opens the configured database and applies the migration history. `initialize` runs once, on a
 * database that has no organizations yet, inside the same guarded start-up step.
 */
export async function openDatabase(config: DatabaseConfig, initialize?: Initializer): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config.url, initialize) : openPglite(config.dataDir, initialize);
}

async function openPostgres(url: string, initialize?: Initializer): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  // An idle connection can be closed by the server (restart, failover, an administrator): the pool
  // replaces it on next use. Without a listener the 'error' event would crash the process.
  pool.on('error', (error) => {
    console.warn(`PostgreSQL closed an idle connection: ${error.message}`);
  });
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const description = `PostgreSQL ${redactUrl(url)}`;
  const client = await pool.connect().catch((error: Error) => {
    void pool.end();
    throw new DatabaseStartError(`Cannot connect to ${description}: ${error.message}`);
  });
  try {
    // Several server processes may start at once: one migrates and seeds, the others wait.
    await client.query('SELECT pg_advisory_lock(727274)');
    await migratePg(drizzlePg({ client }), { migrationsFolder });
    if (initialize) await initializeIfEmpty(drizzlePg({ client, schema }) as unknown as Db, initialize);
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
    client.release();
  }
  return { db, kind: 'postgres', description, close: () => pool.end() };
}

async function openPglite(dataDir: string, initialize?: Initializer): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireLock(path.join(dataDir, 'fridplan.lock'));
  try {
    const pgdata = path.join(dataDir, 'pgdata');
    removeAbandonedInitFolders(dataDir);
    if (!existsSync(pgdata)) {
      // First start: build the whole database in a side folder and move it into place only when
      // it is complete, so an interrupted first start never leaves a half-made database.
      const staging = path.join(dataDir, `pgdata.init-${process.pid}`);
      const client = await PGlite.create(staging);
      try {
        const db = drizzlePglite({ client, schema }) as unknown as Db;
        await migratePglite(db as never, { migrationsFolder });
        if (initialize) await initializeIfEmpty(db, initialize);
      } finally {
        await client.close();
      }
      renameSync(staging, pgdata);
    }
    const client = await PGlite.create(pgdata);
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    await migratePglite(db as never, { migrationsFolder });
    if (initialize) await initializeIfEmpty(db, initialize);
    return {
      db,
      kind: 'pglite',
      description: `PGlite in ${pgdata}`,
      close: async () => {
        try {
          await client.close();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

async function initializeIfEmpty(db: Db, initialize: Initializer): Promise<void> {
  const [row] = await db.select({ n: count() }).from(schema.organizations);
  if ((row?.n ?? 0) === 0) await initialize(db);
}

function removeAbandonedInitFolders(dataDir: string): void {
  for (const entry of readdirSync(dataDir)) {
    if (entry.startsWith('pgdata.init-')) rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
}

/**
 * PGlite has no guard against two processes opening one data folder, and that corrupts it.
 * An exclusive lock file holding the owner's pid refuses the second process; a lock left by a
 * process that no longer runs is taken over.
 */
export function acquireLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new DatabaseStartError(
          `The data folder ${path.dirname(lockFile)} is in use by another Fridplan process (pid ${owner}). ` +
            'Stop that process, or set FRIDPLAN_DATA_DIR to another folder, or use DATABASE_URL for a shared PostgreSQL.',
        );
      }
      if (owner === process.pid) {
        throw new DatabaseStartError(`The data folder ${path.dirname(lockFile)} is already open in this process.`);
      }
      unlinkSync(lockFile); // stale: its process is gone
    }
  }
  throw new DatabaseStartError(`Could not lock ${lockFile}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
