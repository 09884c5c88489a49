import type { Db } from '../db/database.js';

/**
 * One transaction per request: everything a service call writes lands together or not at all.
 * Inside, use only the handle passed to `work` (PGlite has one connection; the outer handle would wait
 * for the transaction forever).
 */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Db));
}
