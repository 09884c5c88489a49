import type { DatabaseConfig } from '../src/config/config.js';

/** Messages between bench/run.ts and its two child processes (server and load generator). */

export type ServerRequest = { type: 'start'; database: DatabaseConfig } | { type: 'stats' } | { type: 'stop' };

export interface MemoryStats {
  rssMb: number;
  maxRssMb: number;
  heapUsedMb: number;
}

export type ServerReply =
  | ({ type: 'ready'; appPort: number; barePort: number; startMs: number } & MemoryStats)
  | ({ type: 'stats' } & MemoryStats)
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
}

export type LoadReply = { type: 'result'; result: LoadResult } | { type: 'error'; message: string };
