import type { Db } from '@/lib/db/client';
import type { JobKey, JobPayload } from '@/lib/jobs/queues';

/**
 * One pg-boss job: which queue it serves, and `handle`, which calls one domain function. The
 * payload reaching `handle` has already passed the queue's schema in lib/jobs/queues.ts.
 */
export interface JobModule<K extends JobKey = JobKey> {
  key: K;
  handle(db: Db, payload: JobPayload<K>, job: { id: string; retryCount: number }): Promise<void>;
  /** Concurrency: this many pollers, each working one job at a time (see runJobs for why one). */
  workers?: number;
  pollingIntervalSeconds?: number;
}

export function defineJob<K extends JobKey>(module: JobModule<K>): JobModule<K> {
  return module;
}
