import type PgBoss from 'pg-boss';
import postgres from 'postgres';
import { createBoss } from './boss';
import { ensureJobIndexes } from './job-indexes';
import { DEAD_LETTER_QUEUE, jobs } from './queues';

/** Held while the queues are created: see ensureQueues. */
const QUEUES_LOCK = 'tts:create-queues';

/**
 * pg-boss 10 refuses `send` to a queue that was never created; this creates them all, and brings
 * the retry policy of existing ones up to date with the registry (idempotent; applies to jobs
 * queued from then on), after TTS's indexes on the job table. Several processes may run it at once (the deploy step and workers
 * starting): two pg-boss createQueue calls at once deadlock (each attaches a partition to the
 * job table), so the whole pass holds an advisory lock on a connection of its own to `url`.
 */
export async function ensureQueues(boss: PgBoss, url: string): Promise<void> {
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(hashtext(${QUEUES_LOCK}))`;
    // TTS's indexes on pg-boss's job table (lib/jobs/job-indexes.ts), on the partitioned parent:
    // every queue's partition, existing or created below, has them.
    await ensureJobIndexes(boss);
    if (!(await boss.getQueue(DEAD_LETTER_QUEUE))) {
      await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 0 });
    }
    for (const job of Object.values(jobs)) {
      const options = { name: job.name, ...job.options };
      if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, options);
      else await boss.createQueue(job.name, options);
    }
  } finally {
    // Ending the session releases the lock too, also when a step above failed.
    await lock.end();
  }
}

/**
 * The step after the migrations (`npm run jobs:create-queues`; `npm start` and `npm run staging`
 * run it right after `db:migrate`): every queue of the registry on the database at `url`, whose
 * pg-boss schema the migrations installed. Web processes send jobs, so the queues must be there
 * before they start; workers also run ensureQueues as they start.
 */
export async function createQueues(url: string): Promise<void> {
  const boss = createBoss(url, { supervise: false, schedule: false, migrate: false, max: 1 });
  boss.on('error', () => {});
  try {
    await boss.start();
  } catch (err) {
    throw new Error(`cannot create the job queues: ${(err as Error).message} (run \`npm run db:migrate\` first)`);
  }
  try {
    await ensureQueues(boss, url);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
