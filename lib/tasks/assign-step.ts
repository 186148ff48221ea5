import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { roles, steps, taskItemHistory, taskItems, tasks, tickets, workflowVersions } from '../db/schema';
import { getEnv } from '../env';
import { createNotifications } from '../notifications/create-notifications';
import type { NotificationContext } from '../notifications/notification-text';
import { publishTaskItemChanged } from '../realtime/publish';
import { takeTurn } from '../roles/take-turns';
import { slaWindow, stepSeconds } from '../sla/targets';
import type { TaskItemOrigin } from '../db/schema';

export interface AssignStepParams {
  taskId: number;
  stepId: number;
  now: Date;
  /** Defaults to the step's role; escalation passes the step's escalate_to role. */
  roleId?: number;
  /** Give the item to this user instead of taking a round-robin turn (transfer, take over). */
  userId?: number;
  origin?: TaskItemOrigin;
  /**
   * The item this one takes over from (transfer, take over, escalation). The successor keeps its
   * SLA window, and the SLA effects it already had: the window is the same, so a warning or breach
   * already sent for it is not sent again.
   */
  predecessor?: Pick<typeof taskItems.$inferSelect, 'id' | 'userId' | 'targetAt' | 'warnAt' | 'warnedAt' | 'breachedAt'>;
  /**
   * With `predecessor`: start the successor with a window of its own (the step's share of the SLA
   * from `now`) instead of inheriting the predecessor's. An SLA-breach escalation does this, so the
   * escalated holder gets real time to act; the breach stays on the predecessor's record.
   */
  freshWindow?: boolean;
  /** Round robin skips this user when the role has someone else (escalating away from them). */
  excludeUserId?: number;
  actorUserId?: number | null;
  note?: string | null;
  /** What the new assignee's notification should also say (transfer kind, SLA escalation). */
  notificationContext?: Pick<NotificationContext, 'reassignKind' | 'isSlaEscalation' | 'transitionName' | 'note'>;
}

export type AssignStepResult = typeof taskItems.$inferSelect;

/**
 * Creates the task item for a step: picks the assignee (round robin within the role unless a user
 * is named), computes the item's SLA window, writes history and the task_assignment notification.
 * Returns null when the role has no active member. Runs in the caller's transaction.
 */
export async function assignStep(tx: Tx, p: AssignStepParams): Promise<AssignStepResult | null> {
  const [row] = await tx
    .select({ step: steps, version: workflowVersions, task: tasks, ticket: tickets })
    .from(steps)
    .innerJoin(workflowVersions, eq(workflowVersions.id, steps.workflowVersionId))
    .innerJoin(tasks, eq(tasks.id, p.taskId))
    .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
    .where(eq(steps.id, p.stepId));
  if (!row) throw new Error(`assignStep: step ${p.stepId} or task ${p.taskId} does not exist`);
  const { step, version, ticket } = row;
  const roleId = p.roleId ?? step.roleId;

  const inherits = p.predecessor !== undefined && !p.freshWindow;
  let window = inherits ? { targetAt: p.predecessor!.targetAt, warnAt: p.predecessor!.warnAt } : undefined;
  if (!window) {
    const [{ total }] = await tx
      .select({ total: sql<number>`coalesce(sum(${steps.weight}), 0)::float8` })
      .from(steps)
      .where(eq(steps.workflowVersionId, version.id));
    const sla = version.slaSeconds[ticket.priority];
    const share = version.warningShare ?? getEnv().SLA_WARNING_SHARE;
    window = slaWindow(p.now, stepSeconds(sla, step.weight, total), share, version.calendar ?? null);
  }

  const [role] = await tx.select({ name: roles.name }).from(roles).where(and(eq(roles.id, roleId)));

  // The turn is taken as late as possible: it locks the role's cursor until commit.
  let userId = p.userId;
  if (userId === undefined) {
    const turn = await takeTurn(tx, roleId, 'step', { excludeUserId: p.excludeUserId });
    if (!turn) return null;
    userId = turn.userId;
  }

  const [item] = await tx
    .insert(taskItems)
    .values({
      taskId: p.taskId,
      stepId: step.id,
      roleId,
      userId,
      origin: p.origin ?? 'system',
      status: 'new',
      previousItemId: p.predecessor?.id ?? null,
      assignedAt: p.now,
      targetAt: window.targetAt,
      warnAt: window.warnAt,
      warnedAt: inherits ? (p.predecessor!.warnedAt ?? null) : null,
      breachedAt: inherits ? (p.predecessor!.breachedAt ?? null) : null,
    })
    .returning();
  await tx.insert(taskItemHistory).values({
    taskItemId: item.id,
    status: 'new',
    action: item.origin === 'system' ? 'assigned' : item.origin,
    actorUserId: p.actorUserId ?? null,
    note: p.note ?? null,
    details: { step: step.name, role_id: roleId, ...(p.predecessor ? { previous_item_id: p.predecessor.id } : {}) },
    createdAt: p.now,
  });
  await publishTaskItemChanged(tx, item.id, 'new');
  await tx.update(tasks).set({ currentStepId: step.id, updatedAt: p.now }).where(eq(tasks.id, p.taskId));

  // The person who caused the assignment (a transition, a transfer) is not told of it, also
  // when round robin hands the next step back to them.
  await createNotifications(tx, [
    {
      type: item.origin === 'escalated' ? 'task_escalation' : item.origin === 'transferred' ? 'task_transfer_in' : 'task_assignment',
      userId,
      event: `item:${item.id}`,
      actorUserId: p.actorUserId ?? null,
      taskItemId: item.id,
      context: {
        ticketNumber: ticket.ticketNumber,
        ticketSubject: ticket.subject,
        priority: ticket.priority,
        workflowName: version.name,
        stepName: step.name,
        roleName: role?.name ?? null,
        targetAt: window.targetAt,
        note: p.note ?? null,
        taskId: p.taskId,
        fromUserId: item.origin === 'transferred' ? (p.predecessor?.userId ?? null) : null,
        ...p.notificationContext,
      },
      at: p.now,
    },
  ]);
  return item;
}
