import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';
import { actOnTaskItem } from '@/lib/tasks/act-on-task-item';
import { idParamsSchema, taskItemActionSchema } from '@/lib/tasks/schemas';
import { taskItemJson, taskJson } from '@/lib/tasks/task-item-json';

/** One action on a task item: open, transition, finalize, escalate, transfer, take_over, hold, resume. */
export const POST = route<{ id: string }>(async ({ req, params, actor }) => {
  const { id } = parseWith(idParamsSchema, params);
  const action = parseWith(taskItemActionSchema, await readJsonBody(req));
  const now = new Date();
  const outcome = await actOnTaskItem(getDb(), { itemId: id, actorUserId: actor.userId, action, now });
  return Response.json({
    action: action.action,
    item: taskItemJson(outcome.item, now),
    next_item: outcome.nextItem ? taskItemJson(outcome.nextItem, now) : null,
    task: taskJson(outcome.task),
  });
});
