import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { listNotifications } from '@/lib/notifications/list-notifications';
import { listNotificationsQuerySchema } from '@/lib/notifications/schemas';

/** The caller's in-app notifications, newest first, with the unread count. */
export const GET = route(async ({ req, actor }) => {
  const query = parseWith(listNotificationsQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listNotifications(getDb(), { userId: actor.userId, ...query }));
});
