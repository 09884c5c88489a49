import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config/config.js';
import { openDatabase, redactUrl } from '../src/db/database.js';
import { generateDataset, insertDataset, prng, type Dataset, type InsertTimings } from './dataset.js';
import type { LoadJob, LoadReply, LoadResult, MemoryStats, ServerReply, ServerRequest } from './protocol.js';
import { searchWords } from './words.js';

/**
 * npm run bench: a national-scale dataset on PGlite and on PostgreSQL (when reachable), the real app
 * under load on loopback, and a bare Fastify route as the ceiling. Three processes: this one
 * (orchestrator, idle while measuring), the server, and the load generator.
 *
 * Environment: BENCH_DURATION (seconds per endpoint, default 10), BENCH_WARMUP (seconds per endpoint,
 * default 2), BENCH_CONNECTIONS (default 32), BENCH_DATABASE_URL (PostgreSQL admin URL, default
 * postgres://postgres@127.0.0.1:5432/test), BENCH_DATABASES (pglite,postgres), BENCH_ORGANIZATIONS
 * (fewer organizations, for trying the bench itself), BENCH_ENDPOINTS (a subset of bare,tree,search,coverage),
 * BENCH_CPU_PROFILE=1 (V8 CPU profile of the server), BENCH_QUIET_TIMEOUT (seconds to wait for other
 * work on the machine to stop before each measurement, default 180).
 */

const duration = positiveNumber('BENCH_DURATION', 10);
const warmup = positiveNumber('BENCH_WARMUP', Math.min(2, duration), true);
const connections = positiveNumber('BENCH_CONNECTIONS', 32);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',').map((s) => s.trim());
const organizationLimit = process.env.BENCH_ORGANIZATIONS ? positiveNumber('BENCH_ORGANIZATIONS', 290) : undefined;
const cpuProfile = process.env.BENCH_CPU_PROFILE === '1';
const endpointFilter = process.env.BENCH_ENDPOINTS ? new Set(process.env.BENCH_ENDPOINTS.split(',').map((s) => s.trim())) : undefined;

const quietTimeout = positiveNumber('BENCH_QUIET_TIMEOUT', 180, true);
const quietThreshold = 30;

const targets = { p95Ms: 50, treeVsBare: 0.5 };

function positiveNumber(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return n;
}

const cleanups: (() => Promise<void> | void)[] = [];
const children = new Set<ChildProcess>();

// --- child processes ----------------------------------------------------------------------------

function forkChild(file: string, extraExecArgv: string[] = []): ChildProcess {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], { execArgv: [...process.execArgv, ...extraExecArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Sends a message to a child and waits for its reply (an `error` reply rejects). */
function ask<R extends { type: string }>(child: ChildProcess, message: unknown, timeoutMs = 600_000): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`child did not answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (reply: R) => done(undefined, reply);
    const onExit = (code: number | null) => done(new Error(`child exited (code ${code}) before answering`));
    const done = (error?: Error, reply?: R) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else if (reply!.type === 'error') reject(new Error(`child failed: ${(reply as unknown as { message: string }).message}`));
      else resolve(reply!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message as never);
  });
}

/** Busy and total jiffies of all CPUs, from /proc/stat (Linux); undefined elsewhere. */
function machineCpu(): { busy: number; all: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    return { busy: user + nice + system + irq + softirq + steal, all: user + nice + system + idle + iowait + irq + softirq + steal };
  } catch {
    return undefined;
  }
}

/** How busy the machine is over `ms` (100 = one core), while this bench does nothing. */
async function machineBusyPercent(ms: number): Promise<number | undefined> {
  const before = machineCpu();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineCpu();
  if (!before || !after || after.all === before.all) return undefined;
  return Math.round(((after.busy - before.busy) / (after.all - before.all)) * os.cpus().length * 100);
}

/**
 * Other work on the machine (a test suite, a build) takes the cores the figures depend on: wait until
 * it is quiet, up to BENCH_QUIET_TIMEOUT seconds, and say so when it never is.
 */
async function waitForQuietMachine(kind: string): Promise<number | undefined> {
  const deadline = Date.now() + quietTimeout * 1000;
  let busy = await machineBusyPercent(500);
  if (busy === undefined || busy <= quietThreshold) return busy;
  log(`[${kind}] the machine is ${busy}% busy with other work: waiting up to ${quietTimeout} s for it to calm down …`);
  while (busy !== undefined && busy > quietThreshold && Date.now() < deadline) busy = await machineBusyPercent(2000);
  if (busy !== undefined && busy > quietThreshold) log(`[${kind}] WARNING: still ${busy}% busy; measuring anyway, the figures will be low and noisy`);
  return busy;
}

// --- the measured requests ----------------------------------------------------------------------

function shuffled<T>(items: T[], seed: number): T[] {
  const next = prng(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

interface Endpoint {
  name: string;
  label: string;
  paths: string[];
  bare?: boolean;
}

function endpoints(data: Dataset): Endpoint[] {
  const planIds = data.plans.map((p) => p.id!);
  const search = data.organizations.flatMap((o) => searchWords.map((w) => `/api/v1/organizations/${o.id}/measures?q=${encodeURIComponent(w)}&preventionLevel=indicated`));
  const all: Endpoint[] = [
    { name: 'bare', label: endpointLabels.bare, paths: ['/bare'], bare: true },
    { name: 'tree', label: endpointLabels.tree, paths: shuffled(planIds, 1).map((id) => `/api/v1/plans/${id}/tree`) },
    { name: 'search', label: endpointLabels.search, paths: shuffled(search, 2) },
    { name: 'coverage', label: endpointLabels.coverage, paths: shuffled(planIds, 3).map((id) => `/api/v1/plans/${id}/coverage`) },
  ];
  return endpointFilter ? all.filter((e) => endpointFilter.has(e.name)) : all;
}

/** One request per endpoint before the load: the answers must be right, or the figures mean nothing. */
async function checkAnswers(origin: string, bareOrigin: string, list: Endpoint[], cookie: string): Promise<string[]> {
  const notes: string[] = [];
  for (const e of list) {
    const response = await fetch(`${e.bare ? bareOrigin : origin}${e.paths[0]}`, { headers: e.bare ? {} : { cookie } });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`${e.label} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    if (e.name === 'tree') {
      const count = (nodes: { measures: unknown[]; children: never[] }[]): number => nodes.reduce((n, node) => n + node.measures.length + count(node.children), 0);
      notes.push(`tree: ${count(body.nodes as never)} measures, ${(body.units as unknown[]).length} units`);
    }
    if (e.name === 'search') notes.push(`search: total ${String(body.total)}, ${(body.items as unknown[]).length} items in the page`);
    if (e.name === 'coverage') notes.push(`coverage: ${String(body.measureCount)} measures, ${(body.goals as unknown[]).length} goals, ${(body.units as unknown[]).length} units`);
  }
  return notes;
}

interface DatabaseResult {
  database: 'pglite' | 'postgres';
  description: string;
  migrateMs: number;
  insert: InsertTimings;
  serverStartMs: number;
  memoryIdle: MemoryStats;
  memoryAfter: MemoryStats;
  /** Machine CPU use (100 = one core) just before the load, with the server idle. */
  machineBusyBeforePercent: number | null;
  checks: string[];
  results: LoadResult[];
  treeVsBare: number | null;
  targets: { name: string; value: string; pass: boolean }[];
}

async function benchDatabase(kind: 'pglite' | 'postgres', config: DatabaseConfig, description: string, data: Dataset): Promise<DatabaseResult> {
  log(`[${kind}] migrating and inserting the dataset …`);
  const t = performance.now();
  const database = await openDatabase(config);
  const migrateMs = performance.now() - t;
  let insert: InsertTimings;
  try {
    insert = await insertDataset(database.db, data);
  } finally {
    await database.close();
  }
  log(`[${kind}] inserted in ${seconds(insert.insertMs)} (vocabularies ${seconds(insert.vocabulariesMs)}, ANALYZE ${seconds(insert.analyzeMs)})`);

  const profileDir = path.join(os.tmpdir(), 'fridplan-bench', `cpu-${kind}`);
  const server = forkChild('./server-process.ts', cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const load = forkChild('./load-process.ts');
  try {
    const ready = await ask<Extract<ServerReply, { type: 'ready' }>>(server, { type: 'start', database: config } satisfies ServerRequest);
    const origin = `http://127.0.0.1:${ready.appPort}`;
    const bareOrigin = `http://127.0.0.1:${ready.barePort}`;
    const list = endpoints(data);
    const idleBusy = await waitForQuietMachine(kind);
    const checks = await checkAnswers(origin, bareOrigin, list, ready.cookie);
    for (const note of checks) log(`[${kind}] check ${note}`);

    const job = (e: Endpoint, seconds: number): LoadJob => ({ type: 'load', name: e.name, origin: e.bare ? bareOrigin : origin, paths: e.paths, connections, durationSeconds: seconds, headers: e.bare ? {} : { cookie: ready.cookie } });
    if (warmup > 0) {
      log(`[${kind}] warming up, ${warmup} s per endpoint …`);
      for (const e of list) await ask<LoadReply>(load, job(e, warmup));
    }
    const results: LoadResult[] = [];
    for (const e of list) {
      const busyBefore = await waitForQuietMachine(kind);
      log(`[${kind}] ${e.label}: ${duration} s at ${connections} connections …`);
      const before = await ask<Extract<ServerReply, { type: 'stats' }>>(server, { type: 'stats' } satisfies ServerRequest);
      const machineBefore = machineCpu();
      const started = performance.now();
      const reply = await ask<Extract<LoadReply, { type: 'result' }>>(load, job(e, duration));
      const wallMs = performance.now() - started;
      const machineAfter = machineCpu();
      const after = await ask<Extract<ServerReply, { type: 'stats' }>>(server, { type: 'stats' } satisfies ServerRequest);
      const result: LoadResult = { ...reply.result, serverCpuPercent: Math.round(((after.cpuMs - before.cpuMs) / wallMs) * 100) };
      if (busyBefore !== undefined) result.machineBusyBeforePercent = busyBefore;
      if (machineBefore && machineAfter) {
        const all = machineAfter.all - machineBefore.all;
        if (all > 0) result.machineCpuPercent = Math.round(((machineAfter.busy - machineBefore.busy) / all) * os.cpus().length * 100);
      }
      results.push(result);
    }
    const memoryAfter = await ask<Extract<ServerReply, { type: 'stats' }>>(server, { type: 'stats' } satisfies ServerRequest);
    await ask(server, { type: 'stop' } satisfies ServerRequest, 30_000);
    if (cpuProfile) log(`[${kind}] CPU profile in ${profileDir}`);

    const by = (name: string) => results.find((r) => r.name === name);
    const tree = by('tree');
    const coverage = by('coverage');
    const bare = by('bare');
    const treeVsBare = tree && bare ? tree.requestsPerSecond / bare.requestsPerSecond : null;
    const checked: DatabaseResult['targets'] = [];
    if (tree) checked.push({ name: 'tree p95 < 50 ms', value: `${tree.p95} ms`, pass: tree.p95 < targets.p95Ms });
    if (coverage) checked.push({ name: 'coverage p95 < 50 ms', value: `${coverage.p95} ms`, pass: coverage.p95 < targets.p95Ms });
    if (treeVsBare !== null) checked.push({ name: 'tree throughput ≥ 0.5× bare', value: `${treeVsBare.toFixed(3)}×`, pass: treeVsBare >= targets.treeVsBare });
    checked.push({ name: 'no errors or non-2xx', value: String(results.reduce((n, r) => n + r.errors + r.non2xx, 0)), pass: results.every((r) => r.errors === 0 && r.non2xx === 0) });
    return {
      database: kind,
      description,
      migrateMs,
      insert,
      serverStartMs: ready.startMs,
      memoryIdle: { rssMb: ready.rssMb, maxRssMb: ready.maxRssMb, heapUsedMb: ready.heapUsedMb },
      memoryAfter: { rssMb: memoryAfter.rssMb, maxRssMb: memoryAfter.maxRssMb, heapUsedMb: memoryAfter.heapUsedMb },
      machineBusyBeforePercent: idleBusy ?? null,
      checks,
      results,
      treeVsBare,
      targets: checked,
    };
  } finally {
    load.disconnect();
    if (server.connected) server.disconnect();
  }
}

async function withPostgres<T>(work: (config: DatabaseConfig, description: string) => Promise<T>): Promise<T | { skipped: string }> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    return { skipped: `PostgreSQL is not reachable at ${redactUrl(adminUrl)} (${(error as Error).message}): skipped` };
  }
  const name = `fridplan_bench_${Math.random().toString(36).slice(2, 10)}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const drop = async () => {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  cleanups.push(drop);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const version = await serverVersion(url.toString());
    return await work({ kind: 'postgres', url: url.toString() }, `PostgreSQL ${version}, database ${name} (dropped after)`);
  } finally {
    cleanups.splice(cleanups.indexOf(drop), 1);
    await drop();
  }
}

async function serverVersion(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? '?';
  } finally {
    await c.end();
  }
}

async function withPglite<T>(work: (config: DatabaseConfig, description: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fridplan-bench-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  cleanups.push(remove);
  try {
    return await work({ kind: 'pglite', dataDir: dir }, `PGlite in ${dir} (removed after)`);
  } finally {
    cleanups.splice(cleanups.indexOf(remove), 1);
    remove();
  }
}

// --- output -------------------------------------------------------------------------------------

const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function printDatabase(r: DatabaseResult) {
  const bare = r.results.find((x) => x.name === 'bare');
  const labels: Record<string, string> = { ...endpointLabels };
  console.log(`\n=== ${r.database === 'postgres' ? 'PostgreSQL' : 'PGlite'}: ${r.description}`);
  console.log(
    `dataset load: migrations ${seconds(r.migrateMs)}, insert ${seconds(r.insert.insertMs)}, ANALYZE ${seconds(r.insert.analyzeMs)}; ` +
      `server start ${seconds(r.serverStartMs)}; server RSS idle ${r.memoryIdle.rssMb} MB, after load ${r.memoryAfter.rssMb} MB (peak ${r.memoryAfter.maxRssMb} MB, heap ${r.memoryAfter.heapUsedMb} MB)`,
  );
  const rows = [['endpoint', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s', 'KB/resp', 'errors', 'non-2xx', '× bare', 'server CPU', 'machine CPU']];
  for (const x of r.results) {
    rows.push([
      labels[x.name] ?? x.name,
      x.p50.toFixed(2),
      x.p95.toFixed(2),
      x.p99.toFixed(2),
      x.max.toFixed(1),
      x.requestsPerSecond.toFixed(0),
      (x.meanBytes / 1024).toFixed(1),
      String(x.errors),
      String(x.non2xx),
      bare ? (x.requestsPerSecond / bare.requestsPerSecond).toFixed(3) : '–',
      x.serverCpuPercent === undefined ? '–' : `${x.serverCpuPercent}%`,
      x.machineCpuPercent === undefined ? '–' : `${x.machineCpuPercent}%`,
    ]);
  }
  console.log(table(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])));
  if (r.machineBusyBeforePercent !== null) console.log(`(machine CPU before the load, server idle: ${r.machineBusyBeforePercent}%)`);
  console.log(`(CPU: 100% = one core of ${os.cpus().length}; the server is one Node thread, so ~100% server CPU means it is the bottleneck)`);
  const applies = r.database === 'postgres' ? '' : ' (the targets are set for PostgreSQL; shown for comparison)';
  console.log(`targets${applies}:`);
  for (const t of r.targets) console.log(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.value}`);
}

const endpointLabels = {
  bare: 'bare Fastify route (ceiling)',
  tree: 'GET /plans/:id/tree',
  search: 'GET /organizations/:id/measures?q=…&preventionLevel=indicated',
  coverage: 'GET /plans/:id/coverage',
};

// --- main ---------------------------------------------------------------------------------------

async function main() {
  log(`Fridplan bench: ${duration} s per endpoint (+${warmup} s warm-up), ${connections} connections, ${os.cpus().length} CPU(s), Node ${process.version}`);
  log('Processes: orchestrator (idle while measuring), server (app + bare route), load generator (autocannon); they share the machine with the database.');
  const t = performance.now();
  const data = generateDataset({ organizationLimit });
  const generateMs = performance.now() - t;
  const counts = {
    organizations: data.organizations.length,
    units: data.units.length,
    plans: data.plans.length,
    nodes: data.nodes.length,
    measures: data.measures.length,
    measureUnits: data.measureUnits.length,
  };
  log(`Dataset generated in ${seconds(generateMs)}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);

  const output: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    settings: { durationSeconds: duration, warmupSeconds: warmup, connections },
    targets,
    dataset: { counts, generateMs: Math.round(generateMs) },
    databases: {} as Record<string, unknown>,
  };
  const results: DatabaseResult[] = [];
  const notes: string[] = [];
  const dbOutput = output.databases as Record<string, unknown>;

  if (databases.includes('pglite')) {
    const r = await withPglite((config, description) => benchDatabase('pglite', config, description, data));
    results.push(r);
    dbOutput.pglite = r;
  }
  if (databases.includes('postgres')) {
    const r = await withPostgres((config, description) => benchDatabase('postgres', config, description, data));
    if ('skipped' in r) {
      notes.push(r.skipped);
      dbOutput.postgres = r;
    } else {
      results.push(r);
      dbOutput.postgres = r;
    }
  }

  console.log(`\nDataset: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}; generated in ${seconds(generateMs)}.`);
  for (const r of results) printDatabase(r);
  for (const note of notes) console.log(`\n${note}`);

  const dir = path.join(os.tmpdir(), 'fridplan-bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\nResults written to ${file}`);
}

async function cleanUp() {
  for (const child of children) child.kill('SIGTERM');
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
}

process.once('SIGINT', () => {
  console.error('\ninterrupted: stopping the children and removing the bench database …');
  void cleanUp().finally(() => process.exit(130));
});

main().catch(async (error: unknown) => {
  console.error(error);
  await cleanUp();
  process.exit(1);
});
