import type { CeleryPublisher } from '@/lib/amqp/celery-publisher';
import { OUTBOUND_TASKS, type OutboundJobKey } from '@/lib/amqp/topology';
import { hasEarlierPendingStatusSync } from '@/lib/jobs/ordering';
import type { JobModule } from '../job-module';
import { defineJob } from '../job-module';

/**
 * The pg-boss jobs that hand outbound messages to RabbitMQ (status sync, AMS, BMS, and in-app
 * notifications when enabled). Producers queue them in the transaction that decided them; these
 * publish each as a Celery v2 task and complete only after the broker confirmed it. The pg-boss
 * job id is the Celery task id, so a retry after a lost confirm re-sends the same id and the
 * consumer can de-duplicate: delivery is at least once, never zero times. A publish error just
 * throws: pg-boss retries with backoff (outboundRetry) for as long as the broker is away.
 *
 * Registered only when AMQP_URL is set; without a broker the jobs stay queued, visible in the
 * admin outbound listing, and go out once the bridge runs. Status syncs of one ticket go out in
 * the order they were queued: one waits while an earlier one is still retrying, so HDTS never
 * ends on an older status (see hasEarlierPendingStatusSync).
 */
export function outboundCeleryJobs(publisher: CeleryPublisher, options: { isInappEnabled: boolean }): JobModule[] {
  const keys: OutboundJobKey[] = ['ticketStatusSync', 'amsWorkflowCompletion', 'bmsBudgetApproval'];
  if (options.isInappEnabled) keys.push('inappNotification');
  return keys.map(
    (key) =>
      defineJob({
        key,
        workers: 1,
        async handle(db, payload, job) {
          const { queue, task } = OUTBOUND_TASKS[key];
          if (key === 'ticketStatusSync' && (await hasEarlierPendingStatusSync(db, job.id))) {
            throw new Error('waiting for an earlier status of this ticket to go out first');
          }
          await publisher.publish(queue, { task, id: job.id, args: [], kwargs: payload });
        },
      }) as JobModule,
  );
}
