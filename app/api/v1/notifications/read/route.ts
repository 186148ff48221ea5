import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';
import { markNotificationsRead } from '@/lib/notifications/mark-notifications-read';
import { markReadBodySchema } from '@/lib/notifications/schemas';

/** Marks some (`ids`) or all (`all: true`) of the caller's notifications read. */
export const POST = route(async ({ req, actor }) => {
  const body = parseWith(markReadBodySchema, await readJsonBody(req));
  return Response.json(await markNotificationsRead(getDb(), { userId: actor.userId, body }));
});
