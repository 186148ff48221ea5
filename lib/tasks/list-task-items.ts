import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { steps, taskItems, tasks, tickets, workflowVersions } from '../db/schema';
import { isAdmin } from '../auth/roles';
import { AppError } from '../errors';
import { slaState } from '../sla/sla-state';
import { OPEN_ITEM_STATUSES } from './lock-open-item';
import { taskItemJson, ticketSummaryJson } from './task-item-json';

/**
 * Open task items (`new`, `in_progress`), most urgent first, each with its SLA state at `now`:
 * the caller's own (`mine`, the agent inbox; filtered on the caller in the query, which
 * task_items_inbox_idx serves), or everyone's for admins. The UI's My tasks page shows the same
 * list (listMyTaskItems).
 */
export async function listTaskItems(
  db: DbOrTx,
  p: { actorUserId: number; mine: boolean; limit: number; offset: number; now?: Date },
) {
  const now = p.now ?? new Date();
  if (!p.mine && !(await isAdmin(db, p.actorUserId))) {
    throw new AppError('FORBIDDEN', "Listing everyone's items needs the Admin or Super Admin role; use mine=true");
  }
  const rows = await db
    .select({ item: taskItems, task: tasks, ticket: tickets, step: steps, workflowName: workflowVersions.name })
    .from(taskItems)
    .innerJoin(tasks, eq(tasks.id, taskItems.taskId))
    .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
    .innerJoin(steps, eq(steps.id, taskItems.stepId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, tasks.workflowVersionId))
    .where(and(inArray(taskItems.status, [...OPEN_ITEM_STATUSES]), p.mine ? eq(taskItems.userId, p.actorUserId) : undefined))
    .orderBy(asc(taskItems.targetAt), asc(taskItems.id))
    .limit(p.limit)
    .offset(p.offset);
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
