/**
 * `npm run start:realtime`: one realtime sidecar (socket.io and the seed's plain WebSocket path)
 * on REALTIME_PORT. Run as many as the load needs behind the load balancer (deploy/nginx.conf):
 * each LISTENs for the announcements every writer makes with pg_notify, so nothing else is shared.
 * It reads only its environment (DATABASE_URL, JWT_SECRET, AUTH_SECRET, APP_URL,
 * REALTIME_ALLOWED_ORIGINS) and refuses a database `npm run db:migrate` has not brought up to date.
 *
 * Database use: one LISTEN connection and a pool of at most 3 for short reads (the read check of a
 * join, the rows an announcement names, the comments clients send).
 *
 * Health: `GET /healthz` (database and LISTEN). On SIGTERM it drains (see RealtimeServer.close):
 * the probe answers 503, running handlers finish, clients reconnect elsewhere; it exits within
 * DRAIN_TIMEOUT_MS.
 */
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
process.chdir(root);
const { logger } = await import('../../lib/log');
const logs = logger('realtime');
const log = (m: string) => logs.info(m);

const { getEnv } = await import('../../lib/env');
const { assertMigrated } = await import('../../lib/db/assert-migrated');
const { closeDb, getDb, setSharedPoolMax } = await import('../../lib/db/client');
const { startRealtimeServer } = await import('./realtime-server');

let env: ReturnType<typeof getEnv>;
try {
  env = getEnv();
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set (a production process needs its database named)');
  await assertMigrated(env.DATABASE_URL);
} catch (err) {
  logs.fatal({ err }, 'cannot start');
  process.exit(1);
}

setSharedPoolMax(3);
const server = await startRealtimeServer({ db: getDb(), port: env.REALTIME_PORT, log });
log(`listening on ${server.port}`);

let isStopping = false;
const stop = async (signal: string) => {
  if (isStopping) return;
  isStopping = true;
  log(`${signal}: draining`);
  const timer = setTimeout(() => {
    log('drain timed out; exiting');
    process.exit(1);
  }, env.DRAIN_TIMEOUT_MS + 5000);
  timer.unref();
  await server.close(env.DRAIN_TIMEOUT_MS);
  await closeDb();
  log('stopped');
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
