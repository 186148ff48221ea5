import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { taskItems, tasks } from '../db/schema';
import { recordAudit } from '../audit/record-audit';
import { setTicketStatus } from '../tickets/set-ticket-status';
import { addItemHistory } from './item-history';
import type { LockedItem } from './lock-open-item';

/**
 * The assignee opens an item nobody opened yet: a `new` item becomes `in_progress` (a `breached`
 * one stays `breached`: the breach is still what a manager must see), `opened_at` is set, the
 * task is under way and the ticket goes "In Progress" (queued for HDTS). No-op for an item already
 * opened. Runs in the caller's transaction on a locked item, so it happens once however often it is
 * asked for: by the `open` action (the task page sends it when the assignee views the item), or by
 * the first other action the assignee takes.
 *
 * An action that opens the item and then sets another ticket status in the same transaction
 * (hold, a completing transition) passes `syncTicket: false`: two status syncs queued by one
 * transaction share a timestamp, so nothing would say which one HDTS must apply last.
 */
export async function markItemOpened(
  tx: Tx,
  ctx: LockedItem,
  actorUserId: number,
  now: Date,
  options: { syncTicket: boolean } = { syncTicket: true },
): Promise<LockedItem> {
  if (ctx.item.openedAt !== null) return ctx;
  const status = ctx.item.status === 'new' ? 'in_progress' : ctx.item.status;
  const [item] = await tx
    .update(taskItems)
    .set({ status, openedAt: now })
    .where(and(eq(taskItems.id, ctx.item.id), isNull(taskItems.openedAt)))
    .returning();
  await addItemHistory(tx, { taskItemId: item.id, status: item.status, action: 'opened', actorUserId, at: now });
  let task = ctx.task;
  if (task.status === 'pending') {
    [task] = await tx.update(tasks).set({ status: 'in_progress', updatedAt: now }).where(eq(tasks.id, task.id)).returning();
  }
  if (options.syncTicket) await setTicketStatus(tx, ctx.ticket.id, 'In Progress');
  await recordAudit(tx, {
    actorUserId,
    action: 'task_item.opened',
    entityType: 'task_item',
    entityId: item.id,
    data: { task_id: task.id, ticket_number: ctx.ticket.ticketNumber },
    at: now,
  });
  return { ...ctx, item, task };
}
