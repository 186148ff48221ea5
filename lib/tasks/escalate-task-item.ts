import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { roles, taskItems, tasks } from '../db/schema';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { assignStep } from './assign-step';
import { addItemHistory } from './item-history';
import type { LockedItem } from './lock-open-item';
import type { ActionOutcome } from './transition-task-item';

export type EscalationCause = 'agent' | 'sla_breach';

class EscalationRefused extends AppError {}

/**
 * Hands the item to the step's `escalate_to` role, once per step visit: the task's
 * `current_step_escalated_at` is claimed with a conditional update, so a second escalation (by
 * the new assignee, a second tab or the SLA scan) finds it taken. The old item closes as
 * `escalated`, whatever the cause (an SLA escalation's item was `breached` until now, but
 * `breached` is an open status, and a task has at most one open item: the successor); the history
 * line's `cause` says which. The new one goes to someone other than the old assignee when the role
 * has anyone else; after an agent's escalation it keeps the old SLA window, after an SLA breach it
 * starts a fresh one (the step's share of the SLA from the escalation), the breach staying on the
 * old item's record and the task's own target unchanged.
 *
 * An agent's escalation that cannot happen is a CONFLICT; the SLA scan's returns null instead and
 * changes nothing (it runs in a savepoint), leaving the breached item with its assignee.
 */
export async function escalateTaskItem(
  tx: Tx,
  ctx: LockedItem,
  p: { reason: string; actorUserId: number | null; now: Date; cause: EscalationCause },
): Promise<ActionOutcome | null> {
  try {
    return await tx.transaction((sp) => escalate(sp, ctx, p));
  } catch (err) {
    if (p.cause === 'sla_breach' && err instanceof EscalationRefused) return null;
    throw err;
  }
}

async function escalate(
  tx: Tx,
  ctx: LockedItem,
  p: { reason: string; actorUserId: number | null; now: Date; cause: EscalationCause },
): Promise<ActionOutcome> {
  const { item: old, step } = ctx;
  if (p.cause === 'agent' && old.onHoldSince) throw new AppError('CONFLICT', 'The item is on hold: resume it first');
  if (step.escalateToRoleId === null) {
    throw new EscalationRefused('CONFLICT', `Step "${step.name}" has no escalate_to role`);
  }
  const [claimed] = await tx
    .update(tasks)
    .set({ currentStepEscalatedAt: p.now, updatedAt: p.now })
    .where(and(eq(tasks.id, ctx.task.id), isNull(tasks.currentStepEscalatedAt)))
    .returning({ id: tasks.id });
  if (!claimed) throw new EscalationRefused('CONFLICT', `Step "${step.name}" was already escalated`);

  const [item] = await tx
    .update(taskItems)
    .set({ status: 'escalated', actedAt: p.now })
    .where(eq(taskItems.id, old.id))
    .returning();
  const [role] = await tx.select({ name: roles.name }).from(roles).where(eq(roles.id, step.escalateToRoleId));
  await addItemHistory(tx, {
    taskItemId: item.id,
    status: 'escalated',
    action: 'escalated',
    actorUserId: p.actorUserId,
    note: p.reason,
    details: { cause: p.cause, to_role_id: step.escalateToRoleId, to_role: role?.name ?? null },
    at: p.now,
  });
  const nextItem = await assignStep(tx, {
    taskId: ctx.task.id,
    stepId: old.stepId,
    roleId: step.escalateToRoleId,
    origin: 'escalated',
    predecessor: item,
    // A breach escalation starts the new holder with a fresh window; an agent's keeps the old one.
    freshWindow: p.cause === 'sla_breach',
    excludeUserId: old.userId,
    actorUserId: p.actorUserId,
    note: p.reason,
    now: p.now,
    notificationContext: { isSlaEscalation: p.cause === 'sla_breach' },
  });
  if (!nextItem) throw new EscalationRefused('CONFLICT', `Nobody is active in the escalation role of step "${step.name}"`);
  await recordAudit(tx, {
    actorUserId: p.actorUserId,
    action: 'task_item.escalate',
    entityType: 'task_item',
    entityId: item.id,
    data: { cause: p.cause, reason: p.reason, to_role_id: step.escalateToRoleId, next_item_id: nextItem.id },
    at: p.now,
  });
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, ctx.task.id));
  return { item, nextItem, task };
}
