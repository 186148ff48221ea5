import type PgBoss from 'pg-boss';
import type { Db } from '@/lib/db/client';
import { describeError } from '@/lib/db/driver-error';
import { AppError } from '@/lib/errors';
import { DEAD_LETTER_QUEUE, jobs } from '@/lib/jobs/queues';
import { logger } from '@/lib/log';
import type { JobModule } from './job-module';

const log = logger('worker');

export interface RunningWorkers {
  workerIds: Map<string, string[]>;
  /** Wakes the pollers of a queue now instead of at their next poll. */
  nudge(queue: string): void;
}

/**
 * Registers each job module with pg-boss, each poller taking one job at a time. A job that can
 * never succeed (payload fails its schema, or a permanent AppError) is moved to the dead-letter
 * queue with its reason at once; any other error fails just that job, and pg-boss retries it with
 * backoff. A job that returns is completed at once.
 */
export async function runJobs(boss: PgBoss, db: Db, modules: JobModule[]): Promise<RunningWorkers> {
  const workerIds = new Map<string, string[]>();
  for (const module of modules) {
    const def = jobs[module.key];
    const ids: string[] = [];
    for (let i = 0; i < (module.workers ?? 1); i++) {
      // Declared before it is assigned: the handler can run before boss.work() has returned the id.
      let workerId: string | undefined;
      // eslint-disable-next-line prefer-const
      workerId = await boss.work<unknown>(
        def.name,
        // One job per fetch. pg-boss completes a whole batch by id when its handler returns; a job
        // of the batch that failed early could meanwhile be fetched again by another worker for
        // its retry, and would then be marked completed without having run.
        { batchSize: 1, pollingIntervalSeconds: module.pollingIntervalSeconds ?? 0.5, includeMetadata: true },
        async ([job]: PgBoss.JobWithMetadata<unknown>[]) => {
          await runOne(boss, db, module, job);
          // There was a job, so more are likely waiting: fetch again at once instead of sleeping
          // out the polling interval, so a backlog drains at database speed.
          if (workerId) boss.notifyWorker(workerId);
        },
      );
      ids.push(workerId);
    }
    workerIds.set(def.name, ids);
  }
  return {
    workerIds,
    nudge(queue) {
      for (const id of workerIds.get(queue) ?? []) boss.notifyWorker(id);
    },
  };
}

async function runOne(boss: PgBoss, db: Db, module: JobModule, job: PgBoss.JobWithMetadata<unknown>) {
  const def = jobs[module.key];
  const parsed = def.schema.safeParse(job.data);
  if (!parsed.success) {
    await deadLetter(boss, def.name, job, `invalid payload: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return;
  }
  try {
    await module.handle(db, parsed.data, { id: job.id, retryCount: job.retryCount });
    // Completed one by one, not at the end of the batch: a crash mid-batch then repeats only the
    // unfinished jobs, and a later job of the batch can see an earlier one as done.
    await boss.complete(def.name, job.id);
  } catch (err) {
    if (err instanceof AppError && err.isPermanent) {
      await deadLetter(boss, def.name, job, `${err.code}: ${err.message}`);
      return;
    }
    const message = describeError(err);
    log.error({ err, queue: def.name, job_id: job.id, retry: job.retryCount }, `${def.name} job failed: ${message}`);
    await boss.fail(def.name, job.id, { message });
  }
}

async function deadLetter(boss: PgBoss, queue: string, job: PgBoss.JobWithMetadata<unknown>, reason: string) {
  log.warn({ queue, job_id: job.id }, `${queue} job dead-lettered: ${reason}`);
  await boss.send(DEAD_LETTER_QUEUE, { queue, job_id: job.id, data: job.data, reason });
}
