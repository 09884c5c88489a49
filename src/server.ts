import { buildApp } from './api/app.js';
import { loggerOptions } from './api/logging.js';
import { ensureWebBuild } from './web-build.js';
import { ConfigError, loadConfig } from './config/config.js';
import { DatabaseStartError, openDatabase } from './db/database.js';
import { initializeEmptyDatabase, type Initialization } from './seed/initialize.js';
import { purgeExpired } from './services/sessions.js';
import { ensureNationalVocabularies } from './services/vocabularies.js';
import { startJobRunner } from './services/jobs.js';
import { configureMailer } from './services/mailer.js';

async function main() {
  const config = loadConfig();
  let initialization: Initialization = { seeded: [], demoAccounts: [] };
  const database = await openDatabase(config.database, async (db) => {
    initialization = await initializeEmptyDatabase(db, config);
  });
  const { seeded, demoAccounts } = initialization;
  await ensureNationalVocabularies(database.db);
  const webRoot = await ensureWebBuild();
  const app = await buildApp({
    database,
    webRoot,
    bodyLimit: config.bodyLimit,
    auth: config.auth,
    logger: loggerOptions(config.logLevel),
  });
  configureMailer(config.mail, (message) => app.log.info(message));
  const jobRunner = startJobRunner(database.db, config.jobIntervalMs, (message, error) => app.log.warn({ err: error }, message));
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await jobRunner.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  // Expired sessions and old failed-login records are cleared hourly (any process may do it; it is idempotent).
  const purge = setInterval(() => void purgeExpired(database.db, config.auth).catch((error: unknown) => app.log.warn({ err: error }, 'session purge failed')), 3600_000);
  purge.unref();
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Fridplan on ${database.description}`);
  if (seeded.length) app.log.info({ seeded }, 'loaded the demo municipalities into the empty database');
  if (demoAccounts.length) {
    // Printed once, on the first start of the embedded database. DEMO ONLY: these passwords are public.
    console.log('\nDemo accounts (DEMO ONLY, passwords are public; see README):');
    for (const a of demoAccounts) console.log(`  ${a.email.padEnd(44)} ${a.password.padEnd(32)} ${a.role}${a.organization ? ` · ${a.organization}` : ''}${a.units.length ? ` · ${a.units.join(', ')}` : ''}`);
  }
  console.log(`\nFridplan is running: http://localhost:${config.port}/  (API: http://localhost:${config.port}/api/v1, OpenAPI: /api/v1/openapi.json)\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseStartError) {
    console.error(`Fridplan could not start.\n${error.message}`);
  } else {
    console.error('Fridplan could not start:', error);
  }
  process.exit(1);
});
