import type { AppConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import { ensureNationalVocabularies } from '../services/vocabularies.js';
import { createDemoUsers, type DemoAccount } from './demo-users.js';
import { loadSeedData } from './load-seed.js';

export interface Initialization {
  /** One line per seeded organization, for the start-up log. */
  seeded: string[];
  demoAccounts: DemoAccount[];
}

/**
 * What an empty database gets on first start: the national vocabularies; with FRIDPLAN_SEED=auto
 * the five demo municipalities; and on the embedded database only, demo accounts with published
 * passwords. A real PostgreSQL (DATABASE_URL) never gets those: its first administrator comes from
 * `npm run cli -- create-admin`.
 */
export async function initializeEmptyDatabase(db: Db, config: Pick<AppConfig, 'seed'> & { database: { kind: AppConfig['database']['kind'] } }): Promise<Initialization> {
  await ensureNationalVocabularies(db);
  const result: Initialization = { seeded: [], demoAccounts: [] };
  if (config.seed !== 'auto') return result;
  for (const s of await loadSeedData(db)) result.seeded.push(`${s.organization}: ${s.plans.map((p) => `${p.title} (${p.measures} åtgärder)`).join('; ')}`);
  if (config.database.kind === 'pglite') result.demoAccounts.push(...(await createDemoUsers(db)));
  return result;
}
