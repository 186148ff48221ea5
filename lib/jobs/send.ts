import PgBoss from 'pg-boss';
import type { DbOrTx } from '../db/client';
import { AppError, zodIssues } from '../errors';
import { BOSS_SCHEMA, bossDbAdapter } from './boss';
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
  const parsed = job.schema.safeParse(payload);
  if (!parsed.success) {
    throw new AppError('INTERNAL', `Job ${job.name} payload is invalid`, zodIssues(parsed.error));
  }
  return getSender().send(job.name, parsed.data as object, { ...options, db: bossDbAdapter(db) });
}
