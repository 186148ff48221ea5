import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { isOpenItemSql, steps, taskItems, tasks, tickets, workflowVersions } from '../db/schema';
import { requireAdmin } from '../auth/roles';
import { slaState } from '../sla/sla-state';
import { taskItemJson } from './task-item-json';
import { ticketSummaryJson } from '../tickets/ticket-json';

/**
 * Open task items (OPEN_ITEM_STATUSES: `new`, `in_progress`, `breached`), most urgent first, each
 * with its SLA state at `now`: the caller's own (`mine`, the agent inbox; filtered on the caller
 * in the query, which task_items_inbox_idx serves), or everyone's for admins. The UI's My tasks
 * page shows the same list (listMyTaskItems).
 */
export async function listTaskItems(
  db: DbOrTx,
  p: { actorUserId: number; mine: boolean; limit: number; offset: number; now?: Date },
) {
  const now = p.now ?? new Date();
  if (!p.mine) await requireAdmin(db, p.actorUserId, "Listing everyone's task items (mine=false)");
  const rows = await openItemsQuery(db, { userId: p.mine ? p.actorUserId : null, limit: p.limit, offset: p.offset });
  return {
    items: rows.map((r) => ({
      ...taskItemJson(r.item, now),
      sla_state: slaState(r.item, now).state,
      target_at: r.item.targetAt.toISOString(),
      step_name: r.step.name,
      workflow_name: r.workflowName,
      step: { id: r.step.id, name: r.step.name, instruction: r.step.instruction },
      task: { id: r.task.id, status: r.task.status, target_resolution: r.task.targetResolution.toISOString() },
      ticket: ticketSummaryJson(r.ticket),
    })),
    limit: p.limit,
    offset: p.offset,
  };
}

/**
 * The read behind listTaskItems: open items of one user (or everyone's, `userId` null), with what
 * the list shows of each, by target. The open filter is isOpenItemSql (literals), so the inbox
 * query is provably inside task_items_inbox_idx's predicate; list-task-items.test.ts checks the plan.
 * Only the columns the list shows are read from the joined rows (not a ticket's payload and
 * description): at 200 rows a page, whole rows cost more in transfer and mapping than the index
 * scan itself (bench/my-tasks.ts).
 */
export function openItemsQuery(db: DbOrTx, p: { userId: number | null; limit: number; offset: number }) {
  return db
    .select({
      item: taskItems,
      task: { id: tasks.id, status: tasks.status, targetResolution: tasks.targetResolution },
      ticket: {
        id: tickets.id,
        ticketNumber: tickets.ticketNumber,
        subject: tickets.subject,
        department: tickets.department,
        category: tickets.category,
        subCategory: tickets.subCategory,
        priority: tickets.priority,
        status: tickets.status,
      },
      step: { id: steps.id, name: steps.name, instruction: steps.instruction },
      workflowName: workflowVersions.name,
    })
    .from(taskItems)
    .innerJoin(tasks, eq(tasks.id, taskItems.taskId))
    .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
    .innerJoin(steps, eq(steps.id, taskItems.stepId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, tasks.workflowVersionId))
    .where(and(isOpenItemSql(taskItems.status), p.userId === null ? undefined : eq(taskItems.userId, p.userId)))
    .orderBy(asc(taskItems.targetAt), asc(taskItems.id))
    .limit(p.limit)
    .offset(p.offset);
}
