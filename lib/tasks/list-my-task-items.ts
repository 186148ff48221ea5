import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { steps, taskItems, tasks, tickets, workflowVersions } from '../db/schema';

export type SlaState = 'on_track' | 'at_risk' | 'breached' | 'on_hold';

/** Where an open item stands against its SLA at `now`. */
export function slaState(item: { targetAt: Date; warnAt: Date; onHoldSince: Date | null; breachedAt: Date | null }, now: Date): SlaState {
  if (item.onHoldSince) return 'on_hold';
  if (item.breachedAt || now >= item.targetAt) return 'breached';
  if (now >= item.warnAt) return 'at_risk';
  return 'on_track';
}

/**
 * The caller's open task items (new or in progress), most urgent first, with the ticket, step and
 * SLA state: the agent's inbox. Filtered on the caller in the query (task_items_inbox_idx).
 */
export async function listMyTaskItems(db: DbOrTx, userId: number, now = new Date()) {
  const rows = await db
    .select({ item: taskItems, ticket: tickets, stepName: steps.name, workflowName: workflowVersions.name })
    .from(taskItems)
    .innerJoin(tasks, eq(tasks.id, taskItems.taskId))
    .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
    .innerJoin(steps, eq(steps.id, taskItems.stepId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, tasks.workflowVersionId))
    .where(and(eq(taskItems.userId, userId), inArray(taskItems.status, ['new', 'in_progress'])))
    .orderBy(asc(taskItems.targetAt), asc(taskItems.id));
  return rows.map(({ item, ticket, stepName, workflowName }) => ({
    id: item.id,
    status: item.status,
    origin: item.origin,
    step_name: stepName,
    workflow_name: workflowName,
    assigned_at: item.assignedAt.toISOString(),
    target_at: item.targetAt.toISOString(),
    sla_state: slaState(item, now),
    ticket: {
      ticket_number: ticket.ticketNumber,
      subject: ticket.subject,
      priority: ticket.priority,
      status: ticket.status,
    },
  }));
}
