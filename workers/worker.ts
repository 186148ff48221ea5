import type PgBoss from 'pg-boss';
import { createDb, type Db } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { createBoss } from '@/lib/jobs/boss';
import { jobs } from '@/lib/jobs/queues';
import type { JobModule } from './job-module';
import { jobModules } from './jobs';
import { runJobs, type RunningWorkers } from './run-jobs';

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
}): Promise<Worker> {
  const db = createDb(options.databaseUrl, { max: 10 });
  const maintenance = options.isMaintenanceEnabled ?? true;
  const boss = createBoss(options.databaseUrl, { max: 6, supervise: maintenance, schedule: maintenance, migrate: false });
  boss.on('error', (err) => console.error('[pg-boss]', err.message));
  await boss.start();
  if (maintenance) {
    // One SLA pass a minute. pg-boss's cron queues one job per minute however many workers run;
    // the scan itself is safe to overlap anyway (see scanSla).
    await boss.schedule(jobs.slaScan.name, '* * * * *', {}, { tz: 'UTC' });
    if (getEnv().AUTH_SERVICE_URL) await boss.schedule(jobs.roleReconcile.name, '*/10 * * * *', {}, { tz: 'UTC' });
    else await boss.unschedule(jobs.roleReconcile.name);
  }
  const running = await runJobs(boss, db, options.modules ?? jobModules);
  return {
    db,
    boss,
    running,
    async stop() {
      // Stop taking jobs, let running handlers finish (up to 20 s), then close the database.
      await boss.stop({ graceful: true, wait: true, timeout: options.drainTimeoutMs ?? 20_000 });
      await db.$close();
    },
  };
}
