import type PgBoss from 'pg-boss';
import { BOSS_SCHEMA } from './boss';
import { jobs } from './queues';

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

/** Creates JOB_INDEXES on a database whose pg-boss schema is installed (idempotent). */
export async function ensureJobIndexes(boss: PgBoss): Promise<void> {
  await boss.getDb().executeSql(JOB_INDEXES, []);
}
