import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { steps, taskItems, tasks, transitions } from '../db/schema';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { assignStep } from './assign-step';
import { completeTask } from './complete-task';
import { addItemHistory } from './item-history';
import type { LockedItem } from './lock-open-item';
import { markItemOpened } from './open-task-item';

export interface ActionOutcome {
  item: typeof taskItems.$inferSelect;
  nextItem: typeof taskItems.$inferSelect | null;
  task: typeof tasks.$inferSelect;
}

function assertNotOnHold(ctx: LockedItem) {
  if (ctx.item.onHoldSince) throw new AppError('CONFLICT', 'The item is on hold: resume it first');
}

/** Closes the acting item as `resolved` with the history line that says why. */
async function resolveItem(tx: Tx, ctx: LockedItem, actorUserId: number, now: Date, action: string, note: string, details: Record<string, unknown>) {
  const [item] = await tx
    .update(taskItems)
    .set({ status: 'resolved', actedAt: now })
    .where(eq(taskItems.id, ctx.item.id))
    .returning();
  await addItemHistory(tx, { taskItemId: item.id, status: 'resolved', action, actorUserId, note, details, at: now });
  return item;
}

/**
 * The assignee takes one of the current step's transitions with a note. The item is resolved; a
 * transition with a target hands the task to that step's role (round robin, so a loop back to an
 * earlier step works like any other move), one without a target completes the task.
 */
export async function transitionTaskItem(
  tx: Tx,
  locked: LockedItem,
  p: { transitionId: number; note: string; actorUserId: number; now: Date },
): Promise<ActionOutcome> {
  assertNotOnHold(locked);
  const [transition] = await tx
    .select()
    .from(transitions)
    .where(and(eq(transitions.id, p.transitionId), eq(transitions.workflowVersionId, locked.version.id)));
  if (!transition) {
    throw new AppError('INVALID_INPUT', `Transition ${p.transitionId} is not part of this task's workflow`, [
      { path: 'transition_id', message: 'unknown transition' },
    ]);
  }
  if (transition.fromStepId !== locked.task.currentStepId || transition.fromStepId !== locked.item.stepId) {
    throw new AppError('CONFLICT', `Transition "${transition.name}" does not leave the current step "${locked.step.name}"`);
  }
  const ctx = await markItemOpened(tx, locked, p.actorUserId, p.now, { syncTicket: transition.toStepId !== null });
  const [target] = transition.toStepId === null ? [null] : await tx.select().from(steps).where(eq(steps.id, transition.toStepId));
  const item = await resolveItem(tx, ctx, p.actorUserId, p.now, 'transition', p.note, {
    transition_id: transition.id,
    transition: transition.name,
    from_step: ctx.step.name,
    to_step: target?.name ?? null,
  });

  let nextItem: ActionOutcome['nextItem'] = null;
  let task: ActionOutcome['task'];
  if (!target) {
    task = await completeTask(tx, { ...ctx, item }, p.actorUserId, p.now);
  } else {
    // A new step: its one escalation is available again.
    await tx
      .update(tasks)
      .set({ currentStepEscalatedAt: null, status: 'in_progress', updatedAt: p.now })
      .where(eq(tasks.id, ctx.task.id));
    nextItem = await assignStep(tx, {
      taskId: ctx.task.id,
      stepId: target.id,
      now: p.now,
      actorUserId: p.actorUserId,
      // The next assignee is told which transition brought it and the note that came with it.
      notificationContext: { transitionName: transition.name, note: p.note },
    });
    if (!nextItem) throw new AppError('CONFLICT', `Nobody is active in the role of step "${target.name}": nothing was changed`);
    [task] = await tx.select().from(tasks).where(eq(tasks.id, ctx.task.id));
  }
  await recordAudit(tx, {
    actorUserId: p.actorUserId,
    action: 'task_item.transition',
    entityType: 'task_item',
    entityId: item.id,
    data: { transition: transition.name, to_step: target?.name ?? null, next_item_id: nextItem?.id ?? null, note: p.note },
    at: p.now,
  });
  return { item, nextItem, task };
}

/**
 * Finishes the task from a step that has no outgoing transition (workflows that end with a
 * transition without a target use that transition instead).
 */
export async function finalizeTaskItem(
  tx: Tx,
  locked: LockedItem,
  p: { note: string; actorUserId: number; now: Date },
): Promise<ActionOutcome> {
  assertNotOnHold(locked);
  const outgoing = await tx
    .select({ name: transitions.name })
    .from(transitions)
    .where(eq(transitions.fromStepId, locked.item.stepId))
    .orderBy(asc(transitions.id));
  if (outgoing.length > 0) {
    throw new AppError(
      'CONFLICT',
      `Step "${locked.step.name}" cannot be finalized: take one of its transitions (${outgoing.map((t) => t.name).join(', ')})`,
    );
  }
  const ctx = await markItemOpened(tx, locked, p.actorUserId, p.now, { syncTicket: false });
  const item = await resolveItem(tx, ctx, p.actorUserId, p.now, 'finalized', p.note, { step: ctx.step.name });
  const task = await completeTask(tx, { ...ctx, item }, p.actorUserId, p.now);
  await recordAudit(tx, {
    actorUserId: p.actorUserId,
    action: 'task_item.finalize',
    entityType: 'task_item',
    entityId: item.id,
    data: { step: ctx.step.name, note: p.note },
    at: p.now,
  });
  return { item, nextItem: null, task };
}

export { assertNotOnHold };
