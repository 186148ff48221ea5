import { scanSla } from '@/lib/sla/scan-sla';
import { defineJob } from '../job-module';
import { logger } from '@/lib/log';

const log = logger('sla');

/**
 * The SLA pass, queued every minute by the pg-boss cron set up in workers/worker.ts. Idempotent by
 * construction (see scanSla): each warning, breach and escalation is a conditional update made
 * once; running the job twice, on two workers or after a crash does nothing twice.
 */
export const slaScanJob = defineJob({
  key: 'slaScan',
  workers: 1,
  pollingIntervalSeconds: 2,
  async handle(db) {
    const result = await scanSla(db, { now: new Date() });
    if (result.warned || result.breached || result.failed) log.info(result, 'SLA pass');
  },
});
