import { createCeleryPublisher } from '@/lib/amqp/celery-publisher';
import { createDb } from '@/lib/db/client';
import { hostname } from 'node:os';
import { getEnv } from '@/lib/env';
import { HEARTBEAT_INTERVAL_MS, recordWorkerHeartbeat, removeWorkerHeartbeat, type WorkerHeartbeat } from '@/lib/health';
import { assertMigrated } from '@/lib/db/assert-migrated';
import { getAuthServiceClient } from '@/lib/auth-service/auth-service-client';
import { checkDatabase } from '@/lib/health';
import { logger } from '@/lib/log';
import { startProbeServer, type ProbeServer } from '@/lib/process/probe-server';
import { startAmqpBridge } from './amqp-bridge/start-amqp-bridge';
import { jobModules } from './jobs';
import { outboundCeleryJobs } from './jobs/outbound-celery-jobs';
import { startWorker } from './worker';

/**
 * The worker process (entered through workers/index.ts): pg-boss jobs (ingestion, notifications, SLA, end logic) and the AMQP bridge.
 * Started by `npm start` next to the web app, and in production by `npm run start:worker` (as many
 * as needed). It never migrates: it refuses to start on a database `npm run db:migrate` has not
 * brought up to date. With WORKER_HEALTH_PORT set it answers `GET /healthz` on 127.0.0.1. On
 * SIGTERM/SIGINT it drains: the probe says `draining`, the bridge stops consuming, running jobs
 * finish (up to DRAIN_TIMEOUT_MS), then it exits.
 */
const log = logger('worker');

async function main() {
  const env = getEnv();
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded database)');
  await assertMigrated(env.DATABASE_URL);
  const stoppers: Array<() => Promise<void>> = [];
  // Run after the pg-boss worker stopped: its running jobs may still be publishing.
  const closers: Array<() => Promise<void>> = [];

  let modules = jobModules;
  if (env.AMQP_URL) {
    const publisher = await createCeleryPublisher(env.AMQP_URL, {
      confirmTimeoutMs: env.AMQP_CONFIRM_TIMEOUT_MS,
      reconnectMaxDelayMs: env.AMQP_RECONNECT_MAX_DELAY_MS,
    });
    closers.push(() => publisher.close());
    modules = [...jobModules, ...outboundCeleryJobs(publisher, { isInappEnabled: env.INAPP_NOTIFICATION_QUEUE_ENABLED })];
  } else {
    log.info('AMQP_URL is not set: RabbitMQ bridge off; outbound messages stay queued until it is configured');
  }
  const worker = await startWorker({ databaseUrl: env.DATABASE_URL, modules, drainTimeoutMs: env.DRAIN_TIMEOUT_MS });

  let bridgeState: () => WorkerHeartbeat['bridge'] = () => 'disabled';
  if (env.AMQP_URL) {
    // Group commits: two transactions in flight on the ticket queue, one on role sync, and the
    // dead-letter records: a small pool.
    const bridgeDb = createDb(env.DATABASE_URL, { max: 4 });
    const bridge = await startAmqpBridge({
      url: env.AMQP_URL,
      db: bridgeDb,
      prefetch: env.AMQP_PREFETCH,
      pendingRoleUserTtlMs: env.ROLE_SYNC_PENDING_TTL_SECONDS * 1000,
      maxBodyBytes: env.MAX_BODY_BYTES,
      reconnectMaxDelayMs: env.AMQP_RECONNECT_MAX_DELAY_MS,
    });
    bridgeState = () => (bridge.isConnected() ? 'connected' : 'disconnected');
    stoppers.push(async () => {
      await bridge.stop();
      await bridgeDb.$close();
    });
  }
  // Tells the web app's health check this worker runs, and how its bridge is.
  const heartbeat: WorkerHeartbeat = {
    workerId: `${hostname()}:${process.pid}:${Date.now()}`,
    host: hostname(),
    pid: process.pid,
    bridge: 'disabled',
    startedAt: new Date(),
  };
  const beat = () =>
    recordWorkerHeartbeat(worker.db, { ...heartbeat, bridge: bridgeState() }).catch((err) => log.error({ err }, 'heartbeat failed'));
  await beat();
  const beatTimer = setInterval(() => void beat(), HEARTBEAT_INTERVAL_MS);
  beatTimer.unref();
  const stopHeartbeat = async () => {
    clearInterval(beatTimer);
    await removeWorkerHeartbeat(worker.db, heartbeat.workerId);
  };
  let probe: ProbeServer | undefined;
  if (env.WORKER_HEALTH_PORT !== undefined) {
    probe = await startProbeServer({
      port: env.WORKER_HEALTH_PORT,
      name: 'worker',
      // Up while it reaches its database; the bridge's state and the Auth Service's circuit are
      // reported (a broker or Auth Service outage is ridden out, not cured by a restart).
      check: async () => {
        const database = await checkDatabase(worker.db);
        const authService = getAuthServiceClient()?.breakerState() ?? 'off';
        return { ok: database.status === 'up', database: database.status, bridge: bridgeState(), auth_service: authService };
      },
    });
  }
  log.info(`started${probe ? ` (health probe on 127.0.0.1:${probe.port}/healthz)` : ''}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing running jobs`);
    probe?.setDraining();
    await stopHeartbeat().catch((err) => log.error({ err }, 'removing the heartbeat failed'));
    // The bridge and pg-boss drain at the same time, so both fit in the stack's stop budget.
    await Promise.all([...stoppers.map((stop) => stop().catch((err) => log.error({ err }, 'stopping the bridge failed'))), worker.stop()]);
    for (const close of closers) await close().catch((err) => log.error({ err }, 'closing the publisher failed'));
    await probe?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
});
