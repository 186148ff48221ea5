import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { BOSS_SCHEMA } from './boss';
import { jobs } from './queues';

/**
 * Whether a status sync queued before this one, for the same ticket, has not gone out yet. The
 * sender then waits (the job retries) so HDTS gets every status of a ticket, in the order TTS set
 * them, even when an earlier message was held up by retries. "Before" is queue order: created_on,
 * then id for jobs of one transaction (each action queues at most one status per ticket anyway).
 */
export async function hasEarlierPendingStatusSync(db: DbOrTx, jobId: string): Promise<boolean> {
  const rows = await db.execute(earlierPendingStatusSyncQuery(jobId));
  return Array.from(rows as Iterable<unknown>).length > 0;
}

/**
 * The question itself. Every status sync asks it, so it reads `job_status_sync_pending_idx`
 * (lib/jobs/boss.ts), never all pending status syncs: a routed backlog queues one per ticket.
 */
export function earlierPendingStatusSyncQuery(jobId: string) {
  const job = sql.raw(`${BOSS_SCHEMA}.job`);
  return sql`
    select 1 from ${job} earlier, ${job} me
    where me.name = ${jobs.ticketStatusSync.name} and me.id = ${jobId}::uuid
      and earlier.name = me.name
      and earlier.data->>'ticket_id' = me.data->>'ticket_id'
      and earlier.state < 'completed'
      and (earlier.created_on, earlier.id) < (me.created_on, me.id)
    limit 1`;
}
