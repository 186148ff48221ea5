import { and, eq, notInArray } from 'drizzle-orm';
import { pythonIsoFormat } from '../amqp/python-isoformat';
import type { Tx } from '../db/client';
import { taskItems, tasks } from '../db/schema';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { enqueue } from '../jobs/send';
import { createNotifications, type NotificationInput } from '../notifications/create-notifications';
import { setTicketStatus } from '../tickets/set-ticket-status';
import type { LockedItem } from './lock-open-item';
import { pythonRepr } from '../amqp/python-repr';

/**
 * Finishes a task: the task is `completed`, the ticket "Resolved" (status sync queued for HDTS),
 * the coordinator gets `task_completed`, and the workflow version's end logic is queued. All in
 * the caller's transaction, so the AMS/BMS message and the status sync exist exactly when the
 * completion committed; they wait in their queues until the broker bridge publishes them.
 */
export async function completeTask(tx: Tx, ctx: LockedItem, actorUserId: number | null, now: Date) {
  const [task] = await tx
    .update(tasks)
    .set({ status: 'completed', resolvedAt: now, currentStepEscalatedAt: null, updatedAt: now })
    .where(and(eq(tasks.id, ctx.task.id), notInArray(tasks.status, ['completed', 'cancelled'])))
    .returning();
  if (!task) throw new AppError('CONFLICT', 'The task is already finished');
  const { ticket, version } = ctx;

  await setTicketStatus(tx, ticket.id, 'Resolved');
  const told: NotificationInput[] = [];
  const completion = (userId: number): NotificationInput => ({
    type: 'task_completed',
    userId,
    // One event for everyone told (coordinator and, with end_logic notification, the others).
    event: `task:${task.id}`,
    actorUserId,
    taskItemId: ctx.item.id,
    context: {
      ticketNumber: ticket.ticketNumber,
      ticketSubject: ticket.subject,
      priority: ticket.priority,
      workflowName: version.name,
      stepName: ctx.step.name,
      taskId: task.id,
    },
    at: now,
  });
  if (task.ownerUserId !== null) told.push(completion(task.ownerUserId));

  const data = ticket.payload;
  const completedAt = pythonIsoFormat(now);
  switch (version.endLogic) {
    case 'asset':
      // Field for field what the reference's trigger_asset_action sends.
      await enqueue(tx, 'amsWorkflowCompletion', {
        ticket_id: ticket.ticketNumber,
        asset_name: data.asset_name ?? null,
        serial_number: data.serial_number ?? null,
        action: data.category ?? ticket.category,
        completed_at: completedAt,
      });
      break;
    case 'budget':
      await enqueue(tx, 'bmsBudgetApproval', {
        ticket_id: ticket.ticketNumber,
        // The reference sends str(ticket_data.get('requested_budget')): a missing value is "None".
        requested_budget: typeof data.requested_budget === 'string' ? data.requested_budget : pythonRepr(data.requested_budget, { maxLength: Infinity }),
        cost_items: data.cost_items ?? {},
        approved_by: task.ownerUserId,
        completed_at: completedAt,
      });
      break;
    case 'notification': {
      // Everyone who worked on the task and the submitter; the coordinator was told above.
      const workers = await tx.selectDistinct({ userId: taskItems.userId }).from(taskItems).where(eq(taskItems.taskId, task.id));
      const recipients = new Set(workers.map((w) => w.userId));
      if (ticket.submittedBy !== null) recipients.add(ticket.submittedBy);
      if (task.ownerUserId !== null) recipients.delete(task.ownerUserId);
      for (const userId of [...recipients].sort((a, b) => a - b)) told.push(completion(userId));
      break;
    }
    case 'none':
      break;
  }

  await createNotifications(tx, told);
  await recordAudit(tx, {
    actorUserId,
    action: 'task.completed',
    entityType: 'task',
    entityId: task.id,
    data: { ticket_number: ticket.ticketNumber, end_logic: version.endLogic, workflow_version_id: version.id },
    at: now,
  });
  return task;
}
