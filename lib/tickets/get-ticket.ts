import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { steps, taskItems, tasks, tickets, workflowVersions } from '../db/schema';
import { notFound } from '../errors';
import { canReadTicket } from './can-read-ticket';
import { ticketJson } from './ticket-json';

/**
 * What getTicket answers for a ticket intake has just stored: routing runs after the intake
 * commits, so it has no task yet. Lets intake answer without reading the ticket back.
 */
export function newTicketJson(ticket: typeof tickets.$inferSelect) {
  return { ...ticketJson(ticket), task: null, task_items: [] as never[] };
}

/**
 * A ticket with its task and task items, for someone allowed to see it (its submitter, its
 * participants, admins). Anyone else gets NOT_FOUND, as if it did not exist.
 */
export async function getTicket(db: DbOrTx, ticketNumber: string, userId: number) {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.ticketNumber, ticketNumber));
  if (!ticket || !(await canReadTicket(db, ticket, userId))) throw notFound('Ticket');

  const [taskRow] = await db
    .select({ task: tasks, stepName: steps.name, workflowName: workflowVersions.name, version: workflowVersions.version })
    .from(tasks)
    .innerJoin(workflowVersions, eq(workflowVersions.id, tasks.workflowVersionId))
    .leftJoin(steps, eq(steps.id, tasks.currentStepId))
    .where(eq(tasks.ticketId, ticket.id));
  const items = taskRow
    ? await db
        .select({ item: taskItems, stepName: steps.name })
        .from(taskItems)
        .innerJoin(steps, eq(steps.id, taskItems.stepId))
        .where(eq(taskItems.taskId, taskRow.task.id))
        .orderBy(asc(taskItems.id))
    : [];

  return {
    ...ticketJson(ticket),
    task: taskRow
      ? {
          id: taskRow.task.id,
          status: taskRow.task.status,
          current_step: taskRow.task.currentStepId ? { id: taskRow.task.currentStepId, name: taskRow.stepName } : null,
          owner_user_id: taskRow.task.ownerUserId,
          target_resolution: taskRow.task.targetResolution.toISOString(),
          started_at: taskRow.task.startedAt.toISOString(),
          resolved_at: taskRow.task.resolvedAt?.toISOString() ?? null,
          workflow: { id: taskRow.task.workflowId, name: taskRow.workflowName, version: taskRow.version },
        }
      : null,
    task_items: items.map(({ item, stepName }) => ({
      id: item.id,
      user_id: item.userId,
      step: { id: item.stepId, name: stepName },
      status: item.status,
      origin: item.origin,
      assigned_at: item.assignedAt.toISOString(),
      target_at: item.targetAt.toISOString(),
    })),
  };
}
