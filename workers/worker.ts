import type PgBoss from 'pg-boss';
import { createDb, type Db } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { createBoss } from '@/lib/jobs/boss';
import { ensureQueues } from '@/lib/jobs/create-queues';
import { jobs } from '@/lib/jobs/queues';
import { wakeRoutingIfPending } from '@/lib/tickets/wake-routing';
import type { JobModule } from './job-module';
import { jobModules } from './jobs';
import { runJobs, type RunningWorkers } from './run-jobs';
import { logger } from '@/lib/log';

const log = logger('worker');

export const MAINTENANCE_INTERVAL_SECONDS = 10;
export const ROUTING_SWEEP_MS = 5_000;

export interface Worker {
  db: Db;
  boss: PgBoss;
  running: RunningWorkers;
  stop(): Promise<void>;
}

/**
 * The pg-boss side of the worker process: every job module, on its own pollers. Used by
 * workers/index.ts and, in-process, by integration tests.
 */
export async function startWorker(options: {
  databaseUrl: string;
  modules?: JobModule[];
  /** Maintenance and cron (pg-boss supervise/schedule); off in tests that do not need them. */
  isMaintenanceEnabled?: boolean;
  /** How long stop() lets running handlers finish (default 20 s). */
  drainTimeoutMs?: number;
  routingSweepMs?: number;
}): Promise<Worker> {
  const db = createDb(options.databaseUrl, { max: 10 });
  const maintenance = options.isMaintenanceEnabled ?? true;
  // Maintenance every 10 s: it is what fails a job left `active` by a killed worker once its expiry
  // (SHORT_JOB_EXPIRY_SECONDS) passes, so that crash costs seconds, not pg-boss's default minutes.
  const boss = createBoss(options.databaseUrl, {
    max: 6,
    supervise: maintenance,
    schedule: maintenance,
    migrate: false,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
  });
  boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
  await boss.start();
  // The queues it works (and sends to) exist even when `npm run jobs:create-queues` was skipped;
  // idempotent, and safe with several workers starting at once.
  await ensureQueues(boss, options.databaseUrl);
  if (maintenance) {
    // One SLA pass a minute. pg-boss's cron queues one job per minute however many workers run;
    // the scan itself is safe to overlap anyway (see scanSla).
    await boss.schedule(jobs.slaScan.name, '* * * * *', {}, { tz: 'UTC' });
    // Daily digests (each at its user's hour) and pruning of old read notifications.
    await boss.schedule(jobs.notificationHousekeeping.name, '*/10 * * * *', {}, { tz: 'UTC' });
    if (getEnv().AUTH_SERVICE_URL) await boss.schedule(jobs.roleReconcile.name, '*/10 * * * *', {}, { tz: 'UTC' });
    else await boss.unschedule(jobs.roleReconcile.name);
  }
  const modules = options.modules ?? jobModules;
  const running = await runJobs(boss, db, modules);
  // The routing sweep: a pending ticket whose wake-up was missed (committed just as a worker found
  // the queue empty) or whose worker died mid-batch is routed within ROUTING_SWEEP_MS.
  let sweep: NodeJS.Timeout | undefined;
  if (modules.some((m) => m.key === 'routeTickets')) {
    sweep = setInterval(() => {
      wakeRoutingIfPending(db).catch((err) => log.error({ err }, 'routing sweep failed'));
    }, options.routingSweepMs ?? ROUTING_SWEEP_MS);
    sweep.unref();
  }
  return {
    db,
    boss,
    running,
    async stop() {
      clearInterval(sweep);
      // Stop taking jobs, let running handlers finish (up to 20 s), then close the database.
      await boss.stop({ graceful: true, wait: true, timeout: options.drainTimeoutMs ?? 20_000 });
      await db.$close();
    },
  };
}
