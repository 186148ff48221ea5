import type { SQL } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { DbOrTx } from '../db/client';
import { AppError, zodIssues } from '../errors';
import { BOSS_SCHEMA, bossCaptureAdapter, bossDbAdapter } from './boss';
import { type JobKey, type JobPayload, jobs } from './queues';

// Only used to build job rows; it is never started and opens no connection of its own.
let sender: PgBoss | undefined;
function getSender(): PgBoss {
  sender ??= new PgBoss({ connectionString: 'postgres://unused', schema: BOSS_SCHEMA });
  return sender;
}

export interface EnqueueOptions {
  /** A fixed job id (uuid): re-sending the same id is a no-op. */
  id?: string;
  singletonKey?: string;
  startAfter?: Date | number;
  priority?: number;
}

/**
 * Queues a job on `db`, which is normally the caller's transaction (see bossDbAdapter). The payload
 * is validated against the registry first: a producer bug fails here, not in a worker later.
 */
export async function enqueue<K extends JobKey>(
  db: DbOrTx,
  key: K,
  payload: JobPayload<K>,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const job = jobs[key];
  return getSender().send(job.name, checkedPayload(key, payload), { ...options, db: bossDbAdapter(db) });
}

/**
 * The statement `enqueue` would run, as part of a larger one (a CTE): for a change that is itself
 * one statement, so its job commits with it in the same round trip. pg-boss builds it, as for
 * `enqueue`; it queues one job whatever the rest of the statement does.
 */
export async function enqueueQuery<K extends JobKey>(key: K, payload: JobPayload<K>, options: EnqueueOptions = {}): Promise<SQL> {
  const job = jobs[key];
  const capture = bossCaptureAdapter();
  await getSender().send(job.name, checkedPayload(key, payload), { ...options, db: capture });
  if (capture.statements.length !== 1) throw new Error(`pg-boss queued ${job.name} in ${capture.statements.length} statements, not one`);
  return capture.statements[0];
}

export interface EnqueueManyItem<K extends JobKey> {
  payload: JobPayload<K>;
  /** When it may run: a Date, or a number of seconds from the database's now. */
  startAfter?: Date | number;
}

/**
 * Queues many jobs of one queue in one statement per 1,000 (pg-boss `insert`), on `db` (the
 * caller's transaction), each payload validated first. For producers that create jobs by the
 * hundred (a batch of notifications), where one INSERT per job would dominate the transaction.
 */
export async function enqueueMany<K extends JobKey>(db: DbOrTx, key: K, items: EnqueueManyItem<K>[]): Promise<void> {
  const job = jobs[key];
  const rows = items.map((item) => {
    const data = checkedPayload(key, item.payload);
    const startAfter =
      item.startAfter === undefined ? undefined : item.startAfter instanceof Date ? item.startAfter.toISOString() : `${item.startAfter} seconds`;
    return { name: job.name, data, ...(startAfter ? { startAfter } : {}) };
  });
  for (let i = 0; i < rows.length; i += 1000) {
    await getSender().insert(rows.slice(i, i + 1000), { db: bossDbAdapter(db) });
  }
}

/** The payload as the registry's schema reads it; a producer bug fails here, not in a worker later. */
function checkedPayload<K extends JobKey>(key: K, payload: JobPayload<K>): object {
  const job = jobs[key];
  const parsed = job.schema.safeParse(payload);
  if (!parsed.success) throw new AppError('INTERNAL', `Job ${job.name} payload is invalid`, zodIssues(parsed.error));
  return parsed.data;
}
