import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { getTaskItem } from '@/lib/tasks/get-task-item';
import { idParamsSchema } from '@/lib/tasks/schemas';

/** One task item with its task, ticket, step, history and available actions. Read-only (opening it is the `open` action). */
export const GET = route<{ id: string }>(async ({ params, actor }) => {
  const { id } = parseWith(idParamsSchema, params);
  return Response.json(await getTaskItem(getDb(), { itemId: id, actorUserId: actor.userId }));
});
