import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { isOpenItemSql, steps, taskItems, tasks, tickets, workflowVersions } from '../db/schema';
import { notFound } from '../errors';

/**
 * A task item with everything an action needs. From lockOpenItem (and the SLA scan) its row and
 * its task's row are locked; loadItemContext with `lockTask: false` gives the same shape unlocked,
 * for reading.
 */
export interface LockedItem {
  item: typeof taskItems.$inferSelect;
  task: typeof tasks.$inferSelect;
  ticket: typeof tickets.$inferSelect;
  step: typeof steps.$inferSelect;
  version: typeof workflowVersions.$inferSelect;
}

/**
 * Locks an open item (OPEN_ITEM_STATUSES: `new`, `in_progress` or `breached`) with FOR UPDATE,
 * waiting for whoever holds it, and then its task row. Everything that changes an item takes the
 * locks in this order, item then task: agents here, the SLA scan in its per-item transaction
 * (which locks the item with SKIP LOCKED instead of waiting, and holds it only for that one
 * item's effect), so the two cannot deadlock.
 *
 * With `assigneeUserId` only that user's item matches: authorization is part of the query, and an
 * item that is someone else's, closed or missing is the same 404. A caller that waited for the
 * lock gets the row as the other transaction committed it, with the conditions checked again
 * (READ COMMITTED re-evaluates them on the new row version): the loser of a race (two tabs, or the
 * scan escalating the item meanwhile) finds it closed and gets the 404 too; an item the scan only
 * marked `breached` is still open and the action goes ahead.
 */
export async function lockOpenItem(tx: Tx, itemId: number, filter: { assigneeUserId?: number } = {}): Promise<LockedItem> {
  const [item] = await tx
    .select()
    .from(taskItems)
    .where(
      and(
        eq(taskItems.id, itemId),
        isOpenItemSql(taskItems.status),
        filter.assigneeUserId === undefined ? undefined : eq(taskItems.userId, filter.assigneeUserId),
      ),
    )
    .for('update');
  if (!item) throw notFound('Task item');
  return loadItemContext(tx, item, { lockTask: true });
}

/** The task, ticket, step and version of an item (the task locked when asked). */
export async function loadItemContext(
  tx: Tx,
  item: typeof taskItems.$inferSelect,
  options: { lockTask: boolean },
): Promise<LockedItem> {
  const taskQuery = tx.select().from(tasks).where(eq(tasks.id, item.taskId));
  const [task] = options.lockTask ? await taskQuery.for('update') : await taskQuery;
  const [row] = await tx
    .select({ ticket: tickets, step: steps, version: workflowVersions })
    .from(steps)
    .innerJoin(workflowVersions, eq(workflowVersions.id, steps.workflowVersionId))
    .innerJoin(tickets, eq(tickets.id, task.ticketId))
    .where(eq(steps.id, item.stepId));
  return { item, task, ...row };
}
