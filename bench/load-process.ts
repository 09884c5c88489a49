import autocannon from 'autocannon';
import type { LoadJob, LoadReply, LoadResult } from './protocol.js';

/**
 * The load generator, in a child process of its own so it does not take the server's core.
 * Every response time is kept, so p95 is exact (autocannon's own summary has p97.5, not p95).
 */

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function run(job: LoadJob): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  let bytes = 0;
  let finish!: (error: Error | null, result: autocannon.Result) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error ? reject(error) : resolve(result));
  });
  const instance = autocannon(
    {
    url: job.origin,
    connections: job.connections,
    duration: job.durationSeconds,
    headers: { 'accept-language': 'sv', ...job.headers },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          request.path = job.paths[next++ % job.paths.length]!;
          return request;
        },
      },
    ],
    },
    (error, result) => finish(error, result),
  );
  instance.on('response', (_client, _status, resBytes, responseTime) => {
    latencies.push(responseTime);
    bytes += resBytes;
  });
  const result = await finished;
  const sorted = Float64Array.from(latencies).sort();
  return {
    name: job.name,
    requests: latencies.length,
    durationSeconds: result.duration,
    requestsPerSecond: round(latencies.length / result.duration, 1),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    meanBytes: latencies.length ? Math.round(bytes / latencies.length) : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ type: 'result', result } satisfies LoadReply),
    (error: unknown) => process.send!({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies LoadReply),
  );
});
process.on('disconnect', () => process.exit(0));
