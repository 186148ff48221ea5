import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { steps, tasks, tickets, workflowVersions, workflows } from '../db/schema';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { findRoleIdByName, takeTurn } from '../roles/take-turn';
import { slaWindow } from '../sla/targets';
import { assignStep } from '../tasks/assign-step';
import { getEnv } from '../env';
import { setTicketStatus } from './set-ticket-status';

export const COORDINATOR_ROLE = 'Ticket Coordinator';

export type RouteTicketResult =
  | { outcome: 'routed'; taskId: number; taskItemId: number }
  | { outcome: 'unrouted'; reason: string }
  | { outcome: 'already_done' };

/**
 * The deployed workflow for a ticket: same department and category (case-insensitive); one naming
 * the ticket's sub_category beats one naming none.
 */
export async function matchWorkflow(db: Db | Tx, t: { department: string; category: string; subCategory: string | null }) {
  const [wf] = await db
    .select()
    .from(workflows)
    .where(
      and(
        eq(workflows.status, 'deployed'),
        sql`lower(${workflows.department}) = lower(${t.department})`,
        sql`lower(${workflows.category}) = lower(${t.category})`,
        t.subCategory
          ? or(isNull(workflows.subCategory), sql`lower(${workflows.subCategory}) = lower(${t.subCategory})`)
          : isNull(workflows.subCategory),
      ),
    )
    .orderBy(sql`${workflows.subCategory} is null`, asc(workflows.id))
    .limit(1);
  return wf ?? null;
}

/**
 * Ingestion: matches the ticket to a workflow, starts a task on the workflow's current version at
 * its start step, picks the coordinator and the first assignee round robin, writes history and the
 * assignment notification. One transaction that locks the ticket row, so a job that runs twice
 * (retry, second worker) finds the ticket already routed and does nothing. A ticket with no match
 * (or no one to assign) is kept as unrouted, never dropped.
 */
export async function routeTicket(
  db: Db,
  ticketId: number,
  now = new Date(),
  /** Routing by hand: this deployed workflow instead of the matched one, and who chose it. */
  byHand?: { workflowId: number; actorUserId: number },
): Promise<RouteTicketResult> {
  return db.transaction(async (tx) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!ticket) throw new Error(`routeTicket: ticket ${ticketId} does not exist`);
    if (ticket.routingStatus === 'routed') return { outcome: 'already_done' } as const;

    const unrouted = async (reason: string) => {
      await tx
        .update(tickets)
        .set({ routingStatus: 'unrouted', routingNote: reason, updatedAt: now })
        .where(eq(tickets.id, ticket.id));
      await recordAudit(tx, {
        actorUserId: null,
        action: 'ticket.unrouted',
        entityType: 'ticket',
        entityId: ticket.ticketNumber,
        data: { reason },
        at: now,
      });
      return { outcome: 'unrouted', reason } as const;
    };

    const workflow = byHand
      ? ((await tx.select().from(workflows).where(and(eq(workflows.id, byHand.workflowId), eq(workflows.status, 'deployed'))))[0] ?? null)
      : await matchWorkflow(tx, ticket);
    if (byHand && !workflow) throw new AppError('NOT_FOUND', `No deployed workflow ${byHand.workflowId}`);
    if (!workflow || workflow.currentVersionId === null) {
      return unrouted(
        `No deployed workflow for department "${ticket.department}", category "${ticket.category}"` +
          (ticket.subCategory ? `, sub_category "${ticket.subCategory}"` : ''),
      );
    }
    const [version] = await tx.select().from(workflowVersions).where(eq(workflowVersions.id, workflow.currentVersionId));
    const [start] = await tx
      .select()
      .from(steps)
      .where(and(eq(steps.workflowVersionId, version.id), eq(steps.isStart, true)));
    if (!start) return unrouted(`Workflow "${workflow.name}" has no start step`);

    const share = version.warningShare ?? getEnv().SLA_WARNING_SHARE;
    const taskWindow = slaWindow(now, version.slaSeconds[ticket.priority], share, version.calendar ?? null);
    const [task] = await tx
      .insert(tasks)
      .values({
        ticketId: ticket.id,
        workflowId: workflow.id,
        workflowVersionId: version.id,
        currentStepId: start.id,
        status: 'pending',
        targetResolution: taskWindow.targetAt,
        startedAt: now,
      })
      .onConflictDoNothing({ target: tasks.ticketId })
      .returning();
    if (!task) return { outcome: 'already_done' } as const;
    await tx
      .update(tickets)
      .set({ routingStatus: 'routed', routingNote: null, workflowId: workflow.id, updatedAt: now })
      .where(eq(tickets.id, ticket.id));
    await setTicketStatus(tx, ticket.id, 'Open');

    // The round-robin turns come last: each locks its role's cursor until commit, and concurrent
    // ingestions queue on those locks, so the less work after them, the more tickets per second.
    const item = await assignStep(tx, { taskId: task.id, stepId: start.id, now });
    if (!item) {
      // Roll back the task: with nobody to assign, the ticket waits for an admin instead.
      throw new NoAssigneeError(`No active member in the role of step "${start.name}"`);
    }
    const coordinatorRoleId = await findRoleIdByName(tx, COORDINATOR_ROLE);
    const owner = coordinatorRoleId === null ? null : await takeTurn(tx, coordinatorRoleId);
    if (owner) await tx.update(tasks).set({ ownerUserId: owner.userId }).where(eq(tasks.id, task.id));
    await recordAudit(tx, {
      actorUserId: byHand?.actorUserId ?? null,
      action: byHand ? 'ticket.routed_by_hand' : 'ticket.routed',
      entityType: 'ticket',
      entityId: ticket.ticketNumber,
      data: { workflowId: workflow.id, version: version.version, taskId: task.id, assignee: item.userId, owner: owner?.userId ?? null },
      at: now,
    });
    return { outcome: 'routed', taskId: task.id, taskItemId: item.id } as const;
  }).catch(async (err) => {
    if (!(err instanceof NoAssigneeError)) throw err;
    await db
      .update(tickets)
      .set({ routingStatus: 'unrouted', routingNote: err.message, updatedAt: now })
      .where(eq(tickets.id, ticketId));
    return { outcome: 'unrouted', reason: err.message } as const;
  });
}

class NoAssigneeError extends Error {}
