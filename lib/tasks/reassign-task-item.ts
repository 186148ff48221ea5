import { eq } from 'drizzle-orm';
import { isStaff } from '../auth/roles';
import type { Tx } from '../db/client';
import { taskItems, tasks } from '../db/schema';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { createNotifications } from '../notifications/create-notifications';
import { assignStep } from './assign-step';
import { endHold } from './hold-task-item';
import { addItemHistory } from './item-history';
import type { LockedItem } from './lock-open-item';
import type { ActionOutcome } from './transition-task-item';

/**
 * An admin gives the item to a named user (`transfer`) or to themself (`take_over`). The old item
 * closes as `reassigned`; the new one keeps its SLA window. A held item is resumed first, so the
 * time it was held is credited before the window moves on.
 */
export async function reassignTaskItem(
  tx: Tx,
  locked: LockedItem,
  p: { kind: 'transfer' | 'take_over'; toUserId: number; note: string | null; actorUserId: number; now: Date },
): Promise<ActionOutcome> {
  if (p.toUserId === locked.item.userId) {
    throw new AppError('CONFLICT', `The item is already assigned to user ${p.toUserId}`);
  }
  if (!(await isStaff(tx, p.toUserId))) {
    throw new AppError('INVALID_INPUT', `User ${p.toUserId} is not an active member of any TTS role`, [
      { path: 'to_user_id', message: 'not an active TTS user' },
    ]);
  }

  const resumed = await endHold(tx, locked, p.now);
  const ctx = { ...locked, item: resumed.item, task: resumed.task };
  const [old] = await tx
    .update(taskItems)
    .set({ status: 'reassigned', actedAt: p.now })
    .where(eq(taskItems.id, ctx.item.id))
    .returning();
  await addItemHistory(tx, {
    taskItemId: old.id,
    status: 'reassigned',
    action: p.kind === 'transfer' ? 'transferred' : 'taken_over',
    actorUserId: p.actorUserId,
    note: p.note,
    details: { to_user_id: p.toUserId, ...(resumed.heldSeconds ? { held_seconds: resumed.heldSeconds } : {}) },
    at: p.now,
  });
  const nextItem = await assignStep(tx, {
    taskId: ctx.task.id,
    stepId: old.stepId,
    roleId: old.roleId,
    userId: p.toUserId,
    origin: 'transferred',
    predecessor: old,
    actorUserId: p.actorUserId,
    note: p.note,
    now: p.now,
    notificationContext: { reassignKind: p.kind },
  });
  if (!nextItem) throw new Error('assignStep returned no item for a named user');
  await createNotifications(tx, [
    {
      type: 'task_transfer_out',
      userId: old.userId,
      event: `item:${old.id}`,
      actorUserId: p.actorUserId,
      // The task page of the item that now carries the task: the old one is closed.
      taskItemId: nextItem.id,
      context: {
        ticketNumber: ctx.ticket.ticketNumber,
        ticketSubject: ctx.ticket.subject,
        priority: ctx.ticket.priority,
        workflowName: ctx.version.name,
        stepName: ctx.step.name,
        note: p.note,
        reassignKind: p.kind,
        toUserId: p.toUserId,
        fromUserId: old.userId,
        taskId: ctx.task.id,
      },
      at: p.now,
    },
  ]);
  await recordAudit(tx, {
    actorUserId: p.actorUserId,
    action: `task_item.${p.kind}`,
    entityType: 'task_item',
    entityId: old.id,
    data: { from_user_id: old.userId, to_user_id: p.toUserId, next_item_id: nextItem.id, note: p.note },
    at: p.now,
  });
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, ctx.task.id));
  return { item: old, nextItem, task };
}
