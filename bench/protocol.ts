import type { DatabaseConfig } from '../src/config/config.js';

/** Messages between bench/run.ts and its two child processes (server and load generator). */

export type ServerRequest = { type: 'start'; database: DatabaseConfig } | { type: 'stats' } | { type: 'stop' };

export interface MemoryStats {
  rssMb: number;
  maxRssMb: number;
  heapUsedMb: number;
}

export interface ProcessStats extends MemoryStats {
  /** CPU time used so far (user + system), in milliseconds. */
  cpuMs: number;
}

export type ServerReply =
  | ({ type: 'ready'; appPort: number; barePort: number; startMs: number; /** A signed-in reader's session cookie. */ cookie: string } & ProcessStats)
  | ({ type: 'stats' } & ProcessStats)
  | { type: 'stopped' }
  | { type: 'error'; message: string };

export interface LoadJob {
  type: 'load';
  name: string;
  origin: string;
  /** Paths the connections take in turn, so the load spreads over many plans and organizations. */
  paths: string[];
  connections: number;
  durationSeconds: number;
  /** Request headers besides Accept-Language (the session cookie). */
  headers: Record<string, string>;
}

export interface LoadResult {
  name: string;
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanBytes: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Filled in by the orchestrator: the server process's CPU use during the run (100 = one core). */
  serverCpuPercent?: number;
  /** Filled in by the orchestrator: the whole machine's busy CPU during the run (100 = one core). */
  machineCpuPercent?: number;
  /** Filled in by the orchestrator: the machine's busy CPU just before the run, from other work. */
  machineBusyBeforePercent?: number;
}

export type LoadReply = { type: 'result'; result: LoadResult } | { type: 'error'; message: string };
