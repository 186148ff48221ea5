import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { listTaskItems } from '@/lib/tasks/list-task-items';
import { listTaskItemsQuerySchema } from '@/lib/tasks/schemas';

/** Open task items with their SLA state: `mine=true` (the default) the caller's, else all (admins). */
export const GET = route(async ({ req, actor }) => {
  const query = parseWith(listTaskItemsQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listTaskItems(getDb(), { actorUserId: actor.userId, ...query }));
});
