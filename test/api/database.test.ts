import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { countOrganizations } from '../../src/db/repositories/organizations.js';
import { loadSeedData } from '../../src/seed/load-seed.js';
import { testDatabaseKind } from './harness.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fridplan-db-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.runIf(testDatabaseKind === 'pglite')('the embedded database (PGlite)', () => {
  it('refuses a second process on the same data folder with a clear message', async () => {
    const dir = tempDir();
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      const script = `import { openDatabase } from './src/db/database.ts';
        try { await openDatabase({ kind: 'pglite', dataDir: ${JSON.stringify(dir)} }); console.log('OPENED'); }
        catch (e) { console.log(e.name + ': ' + e.message); }`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' });
      expect(child.stdout).toContain('DatabaseStartError');
      expect(child.stdout).toContain(`in use by another Fridplan process (pid ${process.pid})`);
      expect(child.stdout).not.toContain('OPENED');
    } finally {
      await database.close();
    }
    // After a clean close the folder opens again.
    const again = await openDatabase({ kind: 'pglite', dataDir: dir });
    await again.close();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'fridplan.lock'), '999999');
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    await database.close();
    expect(existsSync(path.join(dir, 'fridplan.lock'))).toBe(false);
  });

  it('builds the first database in a side folder and seeds it once', async () => {
    const dir = tempDir();
    // A first start that was killed half-way leaves a staging folder behind: it is discarded.
    mkdirSync(path.join(dir, 'pgdata.init-12345'));
    let initializations = 0;
    const init = async (db: Parameters<typeof loadSeedData>[0]) => {
      initializations++;
      await loadSeedData(db);
    };
    const first = await openDatabase({ kind: 'pglite', dataDir: dir }, init);
    expect(await countOrganizations(first.db)).toBe(5);
    await first.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('pgdata')).sort()).toEqual(['pgdata']);
    const second = await openDatabase({ kind: 'pglite', dataDir: dir }, init);
    expect(await countOrganizations(second.db)).toBe(5);
    await second.close();
    expect(initializations).toBe(1);
  });
});

describe.runIf(testDatabaseKind === 'postgres')('PostgreSQL start-up', () => {
  it('reports an unreachable server clearly, without the password', async () => {
    await expect(openDatabase({ kind: 'postgres', url: 'postgres://someone:secret@127.0.0.1:1/none' })).rejects.toThrow(/Cannot connect to PostgreSQL postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/none/);
  });
});
