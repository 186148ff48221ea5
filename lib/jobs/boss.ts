import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { DbOrTx } from '../db/client';
import { DEAD_LETTER_QUEUE, jobs } from './queues';

export const BOSS_SCHEMA = 'pgboss';

export function createBoss(connectionString: string, options: Partial<PgBoss.ConstructorOptions> = {}) {
  return new PgBoss({ connectionString, schema: BOSS_SCHEMA, max: 4, ...options });
}

/**
 * pg-boss 10 refuses `send` to a queue that was never created; this creates them all, and brings
 * the retry policy of existing ones up to date with the registry (idempotent; applies to jobs
 * queued from then on). It also adds the one index TTS needs on pg-boss's table (see below).
 */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  // Each status sync asks whether an earlier one of its ticket is still to go out
  // (hasEarlierPendingStatusSync). Without this index that is a scan of every pending status
  // sync, once per job: 33 ms per job with 100,000 queued (a routed backlog queues one per
  // ticket), so draining a backlog grew with its square. On the partitioned parent, so the queue's
  // partition has it and one created later gets it; only not-yet-sent status syncs are in it.
  // Under a transaction lock: two processes migrating at once must not both create it.
  await boss.getDb().executeSql(
    `do $$ begin
       perform pg_advisory_xact_lock(hashtext('tts:job_status_sync_pending_idx'));
       create index if not exists job_status_sync_pending_idx on ${BOSS_SCHEMA}.job ((data->>'ticket_id'), created_on, id)
         where name = '${jobs.ticketStatusSync.name}' and state < 'completed';
     end $$`,
  );
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
