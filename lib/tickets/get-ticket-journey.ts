import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { taskItemHistory, taskItems, tasks } from '../db/schema';
import { listDisplayNames } from '../users/list-display-names';
import { getWorkflowGraph } from '../workflows/get-workflow-graph';
import { getTicket } from './get-ticket';

/**
 * A ticket's whole journey, for its page: the ticket and task (as GET /api/v1/tickets/{number}),
 * every task item with its holder's name, every history line of every item (who did what, to
 * whom), and the workflow version's graph. Visible to whoever may see the ticket (getTicket's rule:
 * submitter, participants, admins); anyone else gets NOT_FOUND.
 */
export async function getTicketJourney(db: DbOrTx, ticketNumber: string, userId: number) {
  const ticket = await getTicket(db, ticketNumber, userId);
  if (!ticket.task) return { ticket, items: [], history: [], graph: null, versionId: null };
  const [task] = await db.select({ versionId: tasks.workflowVersionId }).from(tasks).where(eq(tasks.id, ticket.task.id));
  const rows = await db
    .select({ entry: taskItemHistory, userId: taskItems.userId, stepId: taskItems.stepId })
    .from(taskItemHistory)
    .innerJoin(taskItems, eq(taskItems.id, taskItemHistory.taskItemId))
    .where(eq(taskItems.taskId, ticket.task.id))
    .orderBy(asc(taskItemHistory.createdAt), asc(taskItemHistory.id));
  const toUser = (d: Record<string, unknown> | null) => (typeof d?.to_user_id === 'number' ? d.to_user_id : null);
  const names = await listDisplayNames(db, [
    ...ticket.task_items.map((i) => i.user_id),
    ...(ticket.task.owner_user_id ? [ticket.task.owner_user_id] : []),
    ...rows.flatMap((r) => [r.userId, r.entry.actorUserId, toUser(r.entry.details)].filter((x): x is number => typeof x === 'number')),
  ]);
  return {
    ticket,
    coordinator_name: ticket.task.owner_user_id ? (names.get(ticket.task.owner_user_id) ?? null) : null,
    items: ticket.task_items.map((i) => ({ ...i, holder_name: names.get(i.user_id) ?? null })),
    history: rows.map((r) => ({
      id: r.entry.id,
      task_item_id: r.entry.taskItemId,
      step_id: r.stepId,
      action: r.entry.action,
      status: r.entry.status,
      actor_user_id: r.entry.actorUserId,
      actor_name: r.entry.actorUserId === null ? null : (names.get(r.entry.actorUserId) ?? null),
      assignee_name: names.get(r.userId) ?? null,
      to_user_name: toUser(r.entry.details) === null ? null : (names.get(toUser(r.entry.details)!) ?? null),
      note: r.entry.note,
      details: r.entry.details,
      created_at: r.entry.createdAt.toISOString(),
    })),
    graph: await getWorkflowGraph(db, task.versionId),
    versionId: task.versionId,
  };
}
