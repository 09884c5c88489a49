import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { readPlanStamp } from '../db/repositories/plans.js';
import { notFound } from './errors.js';

/**
 * Plans are read far more often than they change. The serialized tree and coverage of a plan are
 * kept per process, keyed by a stamp read from the database on every request (see readPlanStamp),
 * so a change made through any server process is seen at once. The stamp also gives an ETag, so a
 * client that already has the current version gets 304 without a body.
 */
interface Entry {
  stamp: string;
  body: string;
}

const maxBytes = 64 * 1024 * 1024;
const entries = new Map<string, Entry>();
let bytes = 0;

function remember(key: string, entry: Entry): void {
  const old = entries.get(key);
  if (old) {
    bytes -= old.body.length;
    entries.delete(key);
  }
  entries.set(key, entry);
  bytes += entry.body.length;
  // Least recently used first: Map keeps insertion order and hits are re-inserted.
  for (const [k, e] of entries) {
    if (bytes <= maxBytes) break;
    entries.delete(k);
    bytes -= e.body.length;
  }
}

export interface CachedRead {
  etag: string;
  /** The JSON body, or undefined when the client's If-None-Match already names this version. */
  body: string | undefined;
}

export async function readPlanCached(
  db: Db,
  planId: string,
  view: 'tree' | 'coverage',
  ifNoneMatch: string | undefined,
  build: () => Promise<string>,
): Promise<CachedRead> {
  const stamp = await readPlanStamp(db, planId);
  if (stamp === undefined) throw notFound('plan');
  const etag = `W/"${createHash('sha1').update(`${view}|${stamp}`).digest('base64url')}"`;
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag)) return { etag, body: undefined };
  const key = `${view}:${planId}`;
  const hit = entries.get(key);
  if (hit && hit.stamp === stamp) {
    entries.delete(key);
    entries.set(key, hit);
    return { etag, body: hit.body };
  }
  const body = await build();
  remember(key, { stamp, body });
  return { etag, body };
}

/** For tests. */
export function clearPlanReadCache(): void {
  entries.clear();
  bytes = 0;
}
