import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { isOpenItemSql, steps, taskItems, tasks, tickets, workflowVersions } from '../db/schema';
import { notFound } from '../errors';

/** An open task item with everything an action needs, its row and its task's row locked. */
export interface LockedItem {
  item: typeof taskItems.$inferSelect;
  task: typeof tasks.$inferSelect;
  ticket: typeof tickets.$inferSelect;
  step: typeof steps.$inferSelect;
  version: typeof workflowVersions.$inferSelect;
}

/**
 * Locks an open item (OPEN_ITEM_STATUSES: `new`, `in_progress` or `breached`) and then its task,
 * in that order (the SLA scan takes the same order, so the two cannot deadlock). With
 * `assigneeUserId` only that user's item matches: authorization is part of the query, and an item
 * that is someone else's, closed or missing is the same 404. A caller that waited for the lock
 * re-reads the row, so the loser of a race (two tabs, or the scan escalating it meanwhile) finds it
 * closed and gets the 404 too; an item the scan only marked `breached` is still open.
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
