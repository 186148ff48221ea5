import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isOpenItemStatus, taskItemHistory, taskItems, tasks, transitions, workflows } from '../db/schema';
import { isAdmin } from '../auth/roles';
import { notFound } from '../errors';
import { loadItemContext } from './lock-open-item';
import { stepJson, taskItemJson, taskJson } from './task-item-json';
import { ticketJson } from '../tickets/ticket-json';
import { listDisplayNames } from '../users/list-display-names';

/**
 * One task item with its task, ticket, step, instruction, the task's whole history and what the
 * caller can do next. Visible to its assignee, the task's coordinator and admins (anyone else:
 * 404). A read and nothing else (a link prefetch or a crawler must not start work): opening the
 * item is the `open` action (actOnTaskItem), which the task page sends for the assignee.
 */
export async function getTaskItem(db: Db, p: { itemId: number; actorUserId: number; now?: Date }) {
  const now = p.now ?? new Date();
  // Both at once (one round trip); the item counts only if the caller may see it.
  const [admin, [found]] = await Promise.all([
    isAdmin(db, p.actorUserId),
    db
      .select({ item: taskItems, ownerUserId: tasks.ownerUserId })
      .from(taskItems)
      .innerJoin(tasks, eq(tasks.id, taskItems.taskId))
      .where(eq(taskItems.id, p.itemId)),
  ]);
  const visible = found && (admin || found.item.userId === p.actorUserId || found.ownerUserId === p.actorUserId) ? found : null;
  if (!visible) throw notFound('Task item');

  return db.transaction(
    async (tx) => {
      const [item] = await tx.select().from(taskItems).where(eq(taskItems.id, p.itemId));
      const { task, ticket, step, version } = await loadItemContext(tx, item, { lockTask: false });
      // Independent reads, sent together (pipelined on the transaction's connection): one round
      // trip instead of three, which is what a task page costs under load.
      const [[workflow], history, outgoing] = await Promise.all([
        tx.select({ id: workflows.id, name: workflows.name }).from(workflows).where(eq(workflows.id, task.workflowId)),
        tx
          .select({ entry: taskItemHistory, userId: taskItems.userId, stepId: taskItems.stepId })
          .from(taskItemHistory)
          .innerJoin(taskItems, eq(taskItems.id, taskItemHistory.taskItemId))
          .where(eq(taskItems.taskId, task.id))
          .orderBy(asc(taskItemHistory.createdAt), asc(taskItemHistory.id)),
        tx
          .select({ id: transitions.id, name: transitions.name, toStepId: transitions.toStepId })
          .from(transitions)
          .where(eq(transitions.fromStepId, item.stepId))
          .orderBy(asc(transitions.id)),
      ]);

      const isOpen = isOpenItemStatus(item.status);
      const toUserId = (h: (typeof history)[number]) => (typeof h.entry.details?.to_user_id === 'number' ? h.entry.details.to_user_id : null);
      const names = await listDisplayNames(tx, [
        item.userId,
        ...history.flatMap((h) => [h.userId, h.entry.actorUserId, toUserId(h)].filter((id): id is number => id !== null)),
      ]);
      const canAct = item.userId === p.actorUserId && isOpen;
      // A held item offers Resume only: a transition or escalation would be refused until then.
      const availableActions = !canAct || item.onHoldSince
        ? []
        : outgoing.length > 0
          ? outgoing.map((t) => ({ action: 'transition' as const, transition_id: t.id, name: t.name, to_step_id: t.toStepId }))
          : [{ action: 'finalize' as const, name: 'Finalize' }];
      const otherActions: string[] = [];
      if (canAct) {
        if (item.onHoldSince) otherActions.push('resume');
        else {
          otherActions.push('hold');
          if (step.escalateToRoleId !== null && task.currentStepEscalatedAt === null) otherActions.push('escalate');
        }
      }
      // Admins and the ticket's coordinator may reassign it; taking over what you hold already cannot succeed.
      if ((admin || task.ownerUserId === p.actorUserId) && isOpen) {
        otherActions.push('transfer');
        if (item.userId !== p.actorUserId) otherActions.push('take_over');
      }

      return {
        item: { ...taskItemJson(item, now), assignee_name: names.get(item.userId) ?? null },
        task: taskJson(task),
        workflow: { id: workflow.id, name: workflow.name, version_id: version.id, version: version.version, end_logic: version.endLogic },
        ticket: ticketJson(ticket),
        step: stepJson(step),
        instruction: step.instruction,
        history: history.map((h) => ({
          actor_name: h.entry.actorUserId === null ? null : (names.get(h.entry.actorUserId) ?? null),
          assignee_name: names.get(h.userId) ?? null,
          to_user_name: toUserId(h) === null ? null : (names.get(toUserId(h)!) ?? null),
          id: h.entry.id,
          task_item_id: h.entry.taskItemId,
          step_id: h.stepId,
          assignee_user_id: h.userId,
          status: h.entry.status,
          action: h.entry.action,
          actor_user_id: h.entry.actorUserId,
          note: h.entry.note,
          details: h.entry.details,
          created_at: h.entry.createdAt.toISOString(),
        })),
        available_actions: availableActions,
        other_actions: otherActions,
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
