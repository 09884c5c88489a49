import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/*
 * End-to-end tests in Debian's Chromium against the real server on a fresh embedded database with
 * the seed plans. Tests that change data work on plans they create themselves, so files can run in
 * any order against one server.
 */
const port = Number(process.env.FRIDPLAN_E2E_PORT ?? 3199);
const dataDir = process.env.FRIDPLAN_E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'fridplan-e2e-'));
process.env.FRIDPLAN_E2E_DATA_DIR = dataDir;
// The server sends mail (remiss links, receipts, reminders) to a test SMTP server that the remiss spec
// starts on this port; the spec reads recipients' links from it.
process.env.SMTP_HOST ??= '127.0.0.1';
process.env.SMTP_PORT ??= String(port + 1000);
export const chromiumPath = process.env.FRIDPLAN_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.FRIDPLAN_E2E_JSON ? [['list'], ['json', { outputFile: process.env.FRIDPLAN_E2E_JSON }]] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'sv-SE',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  outputDir: `${dataDir}-results`,
  webServer: {
    command: 'node --import tsx src/server.ts',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: { PORT: String(port), HOST: '127.0.0.1', FRIDPLAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', SMTP_HOST: process.env.SMTP_HOST, SMTP_PORT: process.env.SMTP_PORT },
  },
});
