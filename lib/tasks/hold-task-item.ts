import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { taskItems, tasks } from '../db/schema';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { addWorkingSeconds, workingSecondsBetween } from '../sla/business-time';
import { setTicketStatus } from '../tickets/set-ticket-status';
import { addItemHistory } from './item-history';
import type { LockedItem } from './lock-open-item';
import { markItemOpened } from './open-task-item';
import type { ActionOutcome } from './transition-task-item';

/**
 * Puts the item on hold: the SLA clock stops (the scan's indexes leave out held items), the task
 * is `on_hold` and the ticket "On Hold".
 */
export async function holdTaskItem(
  tx: Tx,
  locked: LockedItem,
  p: { note: string | null; actorUserId: number; now: Date },
): Promise<ActionOutcome> {
  if (locked.item.onHoldSince) throw new AppError('CONFLICT', 'The item is already on hold');
  const ctx = await markItemOpened(tx, locked, p.actorUserId, p.now, { syncTicket: false });
  const [item] = await tx.update(taskItems).set({ onHoldSince: p.now }).where(eq(taskItems.id, ctx.item.id)).returning();
  const [task] = await tx.update(tasks).set({ status: 'on_hold', updatedAt: p.now }).where(eq(tasks.id, ctx.task.id)).returning();
  await setTicketStatus(tx, ctx.ticket.id, 'On Hold');
  await addItemHistory(tx, { taskItemId: item.id, status: item.status, action: 'hold', actorUserId: p.actorUserId, note: p.note, at: p.now });
  await recordAudit(tx, {
    actorUserId: p.actorUserId,
    action: 'task_item.hold',
    entityType: 'task_item',
    entityId: item.id,
    data: { note: p.note },
    at: p.now,
  });
  return { item, nextItem: null, task };
}

/** Resumes a held item: see endHold. */
export async function resumeTaskItem(
  tx: Tx,
  ctx: LockedItem,
  p: { note: string | null; actorUserId: number; now: Date },
): Promise<ActionOutcome> {
  if (!ctx.item.onHoldSince) throw new AppError('CONFLICT', 'The item is not on hold');
  const resumed = await endHold(tx, ctx, p.now);
  await addItemHistory(tx, {
    taskItemId: resumed.item.id,
    status: resumed.item.status,
    action: 'resume',
    actorUserId: p.actorUserId,
    note: p.note,
    details: { held_seconds: resumed.heldSeconds },
    at: p.now,
  });
  await recordAudit(tx, {
    actorUserId: p.actorUserId,
    action: 'task_item.resume',
    entityType: 'task_item',
    entityId: resumed.item.id,
    data: { held_seconds: resumed.heldSeconds },
    at: p.now,
  });
  return { item: resumed.item, nextItem: null, task: resumed.task };
}

/**
 * Ends a hold: the time held (working time, when the workflow has a calendar) is added to the
 * item's warning and target moments and to the task's target, so time on hold never counts
 * against the SLA. The task is `in_progress` again and the ticket "In Progress".
 */
export async function endHold(tx: Tx, ctx: LockedItem, now: Date) {
  const since = ctx.item.onHoldSince;
  if (!since) return { item: ctx.item, task: ctx.task, heldSeconds: 0 };
  const calendar = ctx.version.calendar ?? null;
  const held = workingSecondsBetween(since, now, calendar);
  const [item] = await tx
    .update(taskItems)
    .set({
      onHoldSince: null,
      heldSeconds: ctx.item.heldSeconds + held,
      targetAt: addWorkingSeconds(ctx.item.targetAt, held, calendar),
      warnAt: addWorkingSeconds(ctx.item.warnAt, held, calendar),
    })
    .where(eq(taskItems.id, ctx.item.id))
    .returning();
  const [task] = await tx
    .update(tasks)
    .set({
      status: 'in_progress',
      targetResolution: addWorkingSeconds(ctx.task.targetResolution, held, calendar),
      updatedAt: now,
    })
    .where(eq(tasks.id, ctx.task.id))
    .returning();
  await setTicketStatus(tx, ctx.ticket.id, 'In Progress');
  return { item, task, heldSeconds: held };
}
