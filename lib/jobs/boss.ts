import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { DbOrTx } from '../db/client';
import { DEAD_LETTER_QUEUE, jobs } from './queues';

export const BOSS_SCHEMA = 'pgboss';

export function createBoss(connectionString: string, options: Partial<PgBoss.ConstructorOptions> = {}) {
  return new PgBoss({ connectionString, schema: BOSS_SCHEMA, max: 4, ...options });
}

/**
 * The indexes TTS adds to pg-boss's job table. A routed backlog queues one status sync and one
 * email delivery per ticket, so these queues hold tens of thousands of jobs at once; both indexes
 * are on the partitioned parent, so every queue's partition has them and one created later gets
 * them. Made under a transaction lock: two processes migrating at once must not both create one.
 * - job_fetch_order_idx: pg-boss fetches the next job in `priority desc, created_on, id` order;
 *   its own index (job_i5) only narrows by start time, so each fetch read and sorted every
 *   queued job of the queue: 263 ms per fetch with 100,000 queued, one fetch per job, so a backlog
 *   took the square of its size to send (0.05 ms with this index, read in order until the first
 *   job that is due).
 * - job_status_sync_pending_idx: each status sync asks whether an earlier one of its ticket is
 *   still to go out (hasEarlierPendingStatusSync): without it, a scan of every pending status
 *   sync, 33 ms per job with 100,000 queued (0.07 ms with it).
 */
const JOB_INDEXES = `do $$ begin
  perform pg_advisory_xact_lock(hashtext('tts:pgboss-job-indexes'));
  create index if not exists job_fetch_order_idx on ${BOSS_SCHEMA}.job (name, priority desc, created_on, id)
    where state < 'active';
  create index if not exists job_status_sync_pending_idx on ${BOSS_SCHEMA}.job ((data->>'ticket_id'), created_on, id)
    where name = '${jobs.ticketStatusSync.name}' and state < 'completed';
end $$`;

/**
 * pg-boss 10 refuses `send` to a queue that was never created; this creates them all, and brings
 * the retry policy of existing ones up to date with the registry (idempotent; applies to jobs
 * queued from then on). It also adds TTS's indexes on pg-boss's job table (JOB_INDEXES).
 */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  await boss.getDb().executeSql(JOB_INDEXES, []);
  if (!(await boss.getQueue(DEAD_LETTER_QUEUE))) {
    await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 0 });
  }
  for (const job of Object.values(jobs)) {
    const options = { name: job.name, ...job.options };
    if (await boss.getQueue(job.name)) await boss.updateQueue(job.name, options);
    else await boss.createQueue(job.name, options);
  }
}

/**
 * Lets pg-boss write its job rows through our drizzle connection, so a job is queued inside the
 * caller's transaction: if the transaction rolls back, the job was never queued; if it commits, a
 * crash right after cannot lose it. pg-boss speaks `$1`-style SQL; drizzle binds parameters from
 * template chunks, so the text is split at each placeholder.
 */
export function bossDbAdapter(db: DbOrTx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks = [];
      for (let i = 0; i < parts.length; i++) {
        if (i % 2 === 0) chunks.push(sql.raw(parts[i]));
        else chunks.push(sql`${toParam(values[Number(parts[i]) - 1])}`);
      }
      const rows = await db.execute(sql.join(chunks, sql.raw('')));
      return { rows: Array.from(rows as Iterable<unknown>) };
    },
  } as PgBoss.Db;
}

// node-postgres (which pg-boss is written for) sends objects as JSON text; postgres.js wants that done.
function toParam(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}
