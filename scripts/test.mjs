#!/usr/bin/env node
// The README's test command. Runs the unit suite, the API suite on PGlite and — when a PostgreSQL
// is reachable — the same API suite on PostgreSQL, then the browser tests when Chromium is there;
// it ends with one closing line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const defaultPostgres = 'postgres://postgres@127.0.0.1:5432/test';
const requirePostgres = process.env.FRIDPLAN_TEST_REQUIRE_POSTGRES === '1';
const extraArgs = process.argv.slice(2);

async function probePostgres(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query('SHOW server_version');
    return `PostgreSQL ${rows[0].server_version}`;
  } catch (error) {
    return { error: error.message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const reportDir = mkdtempSync(path.join(tmpdir(), 'fridplan-test-report-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const ran = [];

function runVitest(label, project, env = {}) {
  const report = path.join(reportDir, `${label.replace(/\W+/g, '-')}.json`);
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  let counts;
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts = { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests };
    // A suite file that failed to load counts as a failure even though none of its tests ran.
    const brokenFiles = json.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
    counts.failed += brokenFiles;
  } catch {
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  ran.push(`${label}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
}

runVitest('unit (domain, seed data, config)', 'unit');
runVitest('API on PGlite', 'api', { FRIDPLAN_TEST_DATABASE_URL: '' });

const postgresUrl = process.env.FRIDPLAN_TEST_DATABASE_URL || defaultPostgres;
const postgres = await probePostgres(postgresUrl);
if (typeof postgres === 'string') {
  runVitest(`API on ${postgres}`, 'api', { FRIDPLAN_TEST_DATABASE_URL: postgresUrl });
} else if (requirePostgres) {
  console.error(`\nPostgreSQL is required (FRIDPLAN_TEST_REQUIRE_POSTGRES=1) but not reachable at ${postgresUrl}: ${postgres.error}`);
  totals.failed += 1;
  ran.push('API on PostgreSQL: not reachable (counted as 1 failure)');
} else {
  ran.push(`API on PostgreSQL: skipped, none reachable at ${postgresUrl.replace(/:[^:@/]*@/, ':***@')} (${postgres.error})`);
}

// Browser tests: Debian's Chromium drives the built client against a real server on PGlite.
const chromium = process.env.FRIDPLAN_CHROMIUM || '/usr/bin/chromium';
if (existsSync(chromium)) {
  console.log('\n=== End-to-end in Chromium (with axe) ===');
  const report = path.join(reportDir, 'e2e.json');
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const result =
    build.status === 0
      ? spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], { stdio: 'inherit', env: { ...process.env, FRIDPLAN_E2E_JSON: report } })
      : build;
  let counts = { passed: 0, failed: 1, skipped: 0 };
  try {
    const stats = JSON.parse(readFileSync(report, 'utf8')).stats;
    counts = { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
    if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  } catch {
    // no report: the run itself failed and counts as one failure
  }
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  ran.push(`end-to-end (Chromium): ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
} else if (process.env.FRIDPLAN_TEST_REQUIRE_BROWSER === '1') {
  totals.failed += 1;
  ran.push(`end-to-end: Chromium required but not found at ${chromium} (counted as 1 failure)`);
} else {
  ran.push(`end-to-end: skipped, no Chromium at ${chromium} (apt-get install chromium, or set FRIDPLAN_CHROMIUM)`);
}

rmSync(reportDir, { recursive: true, force: true });
console.log('\n=== Summary ===');
for (const line of ran) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
