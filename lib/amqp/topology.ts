import type { Channel } from 'amqplib';
import type { JobKey } from '../jobs/queues';

/**
 * Queue and task names on the wire, as the Python services already use them
 * (shared/reference/integration-points.md). Changing one breaks a peer.
 */
export const QUEUES = {
  ticketTasks: 'TICKET_TASKS_PRODUCTION',
  roleSync: 'TTS_ROLE_SYNC_QUEUE',
  ticketStatus: 'TICKET_STATUS_QUEUE',
  amsWorkflow: 'AMS_WORKFLOW_QUEUE',
  bmsWorkflow: 'BMS_WORKFLOW_QUEUE',
  inappNotification: 'INAPP_NOTIFICATION_QUEUE',
} as const;

export const INBOUND_TASKS = {
  receiveTicket: 'tickets.tasks.receive_ticket',
  syncRole: 'tts.role.sync',
  syncUserSystemRole: 'tts.user_system_role.sync',
} as const;

/** Each outbound pg-boss queue and the Celery task it becomes. */
export const OUTBOUND_TASKS = {
  ticketStatusSync: { queue: QUEUES.ticketStatus, task: 'ticket_service.update_status' },
  amsWorkflowCompletion: { queue: QUEUES.amsWorkflow, task: 'ams.tasks.process_workflow_completion' },
  bmsBudgetApproval: { queue: QUEUES.bmsWorkflow, task: 'bms.tasks.process_budget_approval' },
  inappNotification: { queue: QUEUES.inappNotification, task: 'notifications.tasks.create_assignment_notification' },
} as const satisfies Partial<Record<JobKey, { queue: string; task: string }>>;

export type OutboundJobKey = keyof typeof OUTBOUND_TASKS;

/**
 * Where TTS parks inbound messages that can never succeed. Our own queue, so it may carry no
 * arguments: the Celery queues themselves must not (see assertCeleryQueue).
 */
export const deadLetterQueueName = (queue: string) => `${queue}.dead-letter`;

/** Headers TTS adds to a dead-lettered message. */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-tts-dead-letter-reason',
  queue: 'x-tts-original-queue',
  at: 'x-tts-dead-lettered-at',
} as const;

/**
 * Declares a queue exactly as Celery (kombu) does for `Queue(name)`: a durable direct exchange
 * and a durable queue of the same name, bound by that name, with no arguments. RabbitMQ refuses a
 * second declaration that differs in any flag or argument (PRECONDITION_FAILED closes the
 * channel), so this must match kombu's to let either side start first. For the same reason an
 * inbound queue cannot carry x-dead-letter-exchange: dead-lettering is done by republishing.
 */
export async function assertCeleryQueue(channel: Channel, queue: string): Promise<void> {
  await channel.assertExchange(queue, 'direct', { durable: true, autoDelete: false });
  await channel.assertQueue(queue, { durable: true, exclusive: false, autoDelete: false });
  await channel.bindQueue(queue, queue, queue);
}

/** A durable, argument-free queue of ours (dead letters). */
export async function assertPlainQueue(channel: Channel, queue: string): Promise<void> {
  await channel.assertQueue(queue, { durable: true, exclusive: false, autoDelete: false });
}
