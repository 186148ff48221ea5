import type { Db } from '../db/client';
import { isAdmin } from '../auth/roles';
import { AppError } from '../errors';
import { escalateTaskItem } from './escalate-task-item';
import { holdTaskItem, resumeTaskItem } from './hold-task-item';
import { lockOpenItem } from './lock-open-item';
import { markItemOpened } from './open-task-item';
import { reassignTaskItem } from './reassign-task-item';
import type { TaskItemAction } from './schemas';
import { type ActionOutcome, finalizeTaskItem, transitionTaskItem } from './transition-task-item';

export interface ActOnTaskItemParams {
  itemId: number;
  actorUserId: number;
  action: TaskItemAction;
  now?: Date;
}

/** The admin actions, each with how the refusal names it. */
const ADMIN_ACTIONS: Partial<Record<TaskItemAction['action'], string>> = {
  transfer: 'Transferring a task item',
  take_over: 'Taking over a task item',
};

/**
 * One action on a task item, in one transaction that locks the item and its task. That lock is
 * the rule "one action per item": two requests for the same item (two tabs, a retry, the SLA scan
 * escalating it) run one after the other, and the second finds the item closed (404) instead of
 * handing the task on twice.
 *
 * `open` is the assignee starting work (see markItemOpened): idempotent, an item already opened
 * is answered as it is.
 *
 * Who may act: the item's assignee while it is open (`new`, `in_progress`, or `breached` and not
 * escalated away; anyone else: 404, the same as a missing item); transfer and take over need Admin
 * or Super Admin, or the task's coordinator (its owner); anyone else gets 403 whether or not the
 * item exists, so the answer says nothing about it.
 */
export async function actOnTaskItem(db: Db, p: ActOnTaskItemParams): Promise<ActionOutcome> {
  const now = p.now ?? new Date();
  const { action } = p;
  const adminAction = ADMIN_ACTIONS[action.action];
  const isAdminAction = adminAction !== undefined;
  const admin = isAdminAction && (await isAdmin(db, p.actorUserId));
  const refused = () => new AppError('FORBIDDEN', `${adminAction} needs the Admin or Super Admin role, or to be the ticket's coordinator`);
  return db.transaction(async (tx) => {
    let ctx;
    try {
      ctx = await lockOpenItem(tx, p.itemId, isAdminAction ? {} : { assigneeUserId: p.actorUserId });
    } catch (err) {
      // Someone who may not reassign learns nothing about the item, not even whether it exists.
      if (isAdminAction && !admin && err instanceof AppError && err.code === 'NOT_FOUND') throw refused();
      throw err;
    }
    if (isAdminAction && !admin && ctx.task.ownerUserId !== p.actorUserId) throw refused();
    const actorUserId = p.actorUserId;
    switch (action.action) {
      case 'open': {
        const opened = await markItemOpened(tx, ctx, actorUserId, now);
        return { item: opened.item, nextItem: null, task: opened.task };
      }
      case 'transition':
        return transitionTaskItem(tx, ctx, { transitionId: action.transition_id, note: action.note, actorUserId, now });
      case 'finalize':
        return finalizeTaskItem(tx, ctx, { note: action.note, actorUserId, now });
      case 'escalate': {
        const outcome = await escalateTaskItem(tx, ctx, { reason: action.reason, actorUserId, now, cause: 'agent' });
        if (!outcome) throw new Error('agent escalation returned nothing');
        return outcome;
      }
      case 'transfer':
        return reassignTaskItem(tx, ctx, { kind: 'transfer', toUserId: action.to_user_id, note: action.note ?? null, actorUserId, now });
      case 'take_over':
        return reassignTaskItem(tx, ctx, { kind: 'take_over', toUserId: actorUserId, note: action.note ?? null, actorUserId, now });
      case 'hold':
        return holdTaskItem(tx, ctx, { note: action.note ?? null, actorUserId, now });
      case 'resume':
        return resumeTaskItem(tx, ctx, { note: action.note ?? null, actorUserId, now });
    }
  });
}
