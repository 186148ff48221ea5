import { deliverEmail } from '@/lib/notifications/email/deliver-email';
import { defineJob } from '../job-module';

/**
 * One email delivery, queued in the transaction that created its notification (or digest, or by
 * an admin retry, or by the delivery's own retry). deliverEmail is safe to run twice: a
 * duplicate or redelivered job sends nothing.
 */
export const emailDeliverJob = defineJob({
  key: 'emailDeliver',
  workers: 2,
  pollingIntervalSeconds: 1,
  async handle(db, payload) {
    await deliverEmail(db, payload.delivery_id);
  },
});
