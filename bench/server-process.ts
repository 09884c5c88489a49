import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/api/app.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { defaultAuthConfig } from '../src/config/config.js';
import * as accounts from '../src/db/repositories/accounts.js';
import { createSession } from '../src/services/sessions.js';
import type { ProcessStats, ServerReply, ServerRequest } from './protocol.js';

/**
 * The server under test, in a process of its own so it has a core to itself (the load generator is
 * another child) and its memory is its own: the real app, logger off, and beside it a bare Fastify
 * instance answering a small JSON object, the ceiling the app's throughput is compared with.
 */

let database: Database | undefined;
let app: FastifyInstance | undefined;
let bare: FastifyInstance | undefined;

const send = (reply: ServerReply) => process.send!(reply);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function memory(): ProcessStats {
  const usage = process.memoryUsage();
  const cpu = process.cpuUsage();
  // resourceUsage().maxRSS is in kilobytes.
  return { rssMb: mb(usage.rss), maxRssMb: mb(process.resourceUsage().maxRSS * 1024), heapUsedMb: mb(usage.heapUsed), cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function start(config: Extract<ServerRequest, { type: 'start' }>['database']) {
  const t = performance.now();
  database = await openDatabase(config);
  app = await buildApp({ database, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ status: 'ok', name: 'Fridplan', items: [1, 2, 3] }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const port = (instance: FastifyInstance) => {
    const address = instance.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return address.port;
  };
  send({ type: 'ready', appPort: port(app), barePort: port(bare), startMs: performance.now() - t, cookie: await readerSession(database), ...memory() });
}

/**
 * The load reads drafts too, as a coordinator's day does: requests carry the session of a person who
 * reads every organization (a system administrator), so each one also pays for the session lookup.
 */
async function readerSession(db: Database): Promise<string> {
  const email = 'bench-reader@bench.fridplan.se';
  const user = (await accounts.findUserByEmail(db.db, email)) ?? (await accounts.insertUser(db.db, { email, displayName: 'Bench', isSystemAdmin: true }));
  const session = await createSession(db.db, user.id, 'password', { ...defaultAuthConfig, sessionMaxHours: 24 });
  return `fridplan_session=${session.token}`;
}

let closing: Promise<void> | undefined;
const closeAll = () =>
  (closing ??= (async () => {
    await bare?.close();
    await app?.close();
    await database?.close();
  })());

async function stop() {
  await closeAll();
  process.send!({ type: 'stopped' } satisfies ServerReply, () => process.exit(0));
}

process.on('message', (message: ServerRequest) => {
  const work = message.type === 'start' ? start(message.database) : message.type === 'stop' ? stop() : Promise.resolve(send({ type: 'stats', ...memory() }));
  work.catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
process.on('disconnect', () => {
  // The orchestrator is gone: do not linger holding the PGlite lock or PostgreSQL connections.
  void closeAll().finally(() => process.exit(0));
});
