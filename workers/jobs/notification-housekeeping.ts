import { queueDueDigests } from '@/lib/notifications/email/queue-due-digests';
import { pruneNotifications } from '@/lib/notifications/prune-notifications';
import { defineJob } from '../job-module';
import { logger } from '@/lib/log';

const log = logger('notifications');

/**
 * Every ten minutes (pg-boss cron, workers/worker.ts): the daily digests that are due, and pruning
 * of old read notifications. Both are idempotent (one digest per user per day; deleting what is
 * old), so overlapping runs on several workers do nothing twice.
 */
export const notificationHousekeepingJob = defineJob({
  key: 'notificationHousekeeping',
  workers: 1,
  pollingIntervalSeconds: 5,
  async handle(db) {
    const now = new Date();
    const digests = await queueDueDigests(db, now);
    const pruned = await pruneNotifications(db, now);
    if (digests.length || pruned.notifications || pruned.deliveries) {
      log.info({ digests: digests.length, pruned }, 'notification housekeeping');
    }
  },
});
