import { z } from 'zod';
import { idNumber } from '../validation';

/**
 * Every pg-boss queue of TTS: its name, the schema its payload must pass, and its retry policy.
 * Producers and workers both go through this registry, so a payload is validated on the way in
 * and on the way out.
 */
export const DEAD_LETTER_QUEUE = 'dead-jobs';

/**
 * How long a job may stay `active` before pg-boss's maintenance (every MAINTENANCE_INTERVAL_SECONDS)
 * fails it for a retry: a worker killed with `kill -9` leaves its jobs active, and pg-boss's
 * default of 15 minutes would strand them that long. Each of these jobs is one short transaction,
 * one email send (NOTIFY_SEND_TIMEOUT_MS, 10 s) or one confirmed publish (at most the publisher's
 * 5 s connect wait plus AMQP_CONFIRM_TIMEOUT_MS, 10 s), so a job still active after this is one
 * whose worker is gone. A killed worker's outbound job is then sent again within expiry +
 * maintenance interval + retry delay: 20 + 10 + 30 s.
 */
export const SHORT_JOB_EXPIRY_SECONDS = 20;

/** Jobs that run once per cause (email deliveries): retried with backoff, expiring like the others. */
const retry = { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: SHORT_JOB_EXPIRY_SECONDS, deadLetter: DEAD_LETTER_QUEUE } as const;
/**
 * Outbound broker messages wait as long as the broker is away. A fixed 30 s between tries (no
 * exponential backoff, which pg-boss 10 cannot cap) so they go out within about a minute of the
 * broker's return even after a long outage; the publisher itself waits a few seconds for a
 * connection before failing, so a down broker costs one failed try per job per 30 s. A limit of
 * 100,000 tries and 60 days' retention keep them queued through an outage of weeks, and through a
 * deployment that runs without AMQP_URL for a while.
 */
const outboundRetry = {
  retryLimit: 100_000,
  retryDelay: 30,
  retryBackoff: false,
  retentionMinutes: 60 * 24 * 60,
  expireInSeconds: SHORT_JOB_EXPIRY_SECONDS,
  deadLetter: DEAD_LETTER_QUEUE,
} as const;

const isoDate = z.string().min(1);

export const jobs = {
  /**
   * The routing wake-up: "pending tickets are waiting". Not one job per ticket: the tickets table's
   * routing state is the queue (routeTickets). Policy `short` keeps at most one wake-up queued
   * however many intakes send one, so a backlog of 10,000 tickets is one job, not 10,000; a new
   * one can be queued while one runs. Its handler routes for a few seconds, then queues the next.
   */
  routeTickets: {
    name: 'ticket-route',
    schema: z.object({}).loose(),
    options: { policy: 'short', retryLimit: 8, retryDelay: 1, retryBackoff: true, expireInSeconds: SHORT_JOB_EXPIRY_SECONDS, deadLetter: DEAD_LETTER_QUEUE },
  },
  /**
   * One email delivery (lib/notifications/email/deliver-email.ts). Provider errors are retried by
   * the handler itself, as new jobs at NOTIFY_RETRY_DELAY_SECONDS x attempt (or when a 429 says),
   * so these pg-boss retries only cover a crash or a database error in the handler.
   */
  emailDeliver: {
    name: 'email-deliver',
    // An int4 id, as the column: a larger number would fail in the query, and be retried as if the
    // database were at fault, instead of being dead-lettered as the bad payload it is.
    schema: z.object({ delivery_id: idNumber('delivery_id') }),
    // A send takes at most NOTIFY_SEND_TIMEOUT_MS (10 s) after an Auth Service lookup (3 s): a job
    // still active after 30 s lost its worker, and is failed by maintenance and retried (the
    // delivery's claim is stale by then, so the retry sends it, under the same idempotency key).
    options: { ...retry, expireInSeconds: 30 },
  },
  /** Every 10 minutes: the daily digests that are due, and pruning of old read notifications. */
  notificationHousekeeping: {
    name: 'notification-housekeeping',
    schema: z.object({}).loose(),
    // Not retried: the next run (10 minutes later) does what this one left (both parts are
    // idempotent). A run whose worker died is failed after 2 minutes, not left active.
    options: { retryLimit: 0, expireInSeconds: 120 },
  },
  slaScan: {
    name: 'sla-scan',
    schema: z.object({}).loose(),
    options: { retryLimit: 0 },
  },
  /** Memberships checked against the Auth Service's users-by-role answer (when configured). */
  roleReconcile: {
    name: 'role-reconcile',
    schema: z.object({}).loose(),
    options: { retryLimit: 0 },
  },
  /** ticket_service.update_status on TICKET_STATUS_QUEUE. */
  ticketStatusSync: {
    name: 'ticket-status-sync',
    schema: z.object({ ticket_id: z.string().min(1), status: z.string().min(1) }),
    options: outboundRetry,
  },
  /** ams.tasks.process_workflow_completion on AMS_WORKFLOW_QUEUE. */
  amsWorkflowCompletion: {
    name: 'ams-workflow-completion',
    schema: z.object({
      ticket_id: z.string().min(1),
      asset_name: z.unknown().optional(),
      serial_number: z.unknown().optional(),
      action: z.unknown().optional(),
      completed_at: isoDate,
    }),
    options: outboundRetry,
  },
  /** bms.tasks.process_budget_approval on BMS_WORKFLOW_QUEUE. */
  bmsBudgetApproval: {
    name: 'bms-budget-approval',
    schema: z.object({
      ticket_id: z.string().min(1),
      requested_budget: z.string(),
      cost_items: z.unknown(),
      approved_by: idNumber('approved_by').nullable(),
      completed_at: isoDate,
    }),
    options: outboundRetry,
  },
  /** notifications.tasks.create_assignment_notification on INAPP_NOTIFICATION_QUEUE, when enabled. */
  inappNotification: {
    name: 'inapp-notification',
    schema: z.object({
      user_id: idNumber('user_id'),
      subject: z.string(),
      message: z.string(),
      notification_type: z.string(),
      related_task_item_id: idNumber('related_task_item_id').nullable().optional(),
      related_ticket_number: z.string().nullable().optional(),
      metadata: z.record(z.string(), z.unknown()).optional(),
    }),
    options: outboundRetry,
  },
} as const;

export type JobKey = keyof typeof jobs;
export type JobPayload<K extends JobKey> = z.infer<(typeof jobs)[K]['schema']>;
export const allQueueNames = [DEAD_LETTER_QUEUE, ...Object.values(jobs).map((j) => j.name)];
