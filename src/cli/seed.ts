// npm run seed: loads the five demo municipalities into the configured database. Organizations
// that already exist (by municipality code) are left as they are, so it is safe to run again.
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { loadSeedData } from '../seed/load-seed.js';

const config = loadConfig();
const database = await openDatabase(config.database);
try {
  const summaries = await loadSeedData(database.db);
  if (summaries.length === 0) console.log('All seed organizations already exist; nothing to do.');
  for (const s of summaries) {
    console.log(`${s.organization}:`);
    for (const p of s.plans) console.log(`  ${p.title} — ${p.measures} åtgärder`);
  }
} finally {
  await database.close();
}
