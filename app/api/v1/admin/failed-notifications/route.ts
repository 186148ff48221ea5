import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { listFailedNotifications } from '@/lib/notifications/email/list-failed-notifications';
import { listFailedNotificationsQuerySchema } from '@/lib/notifications/schemas';

/** Failed notification deliveries with their errors and retry counts (admins). */
export const GET = route(async ({ req, actor }) => {
  const query = parseWith(listFailedNotificationsQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listFailedNotifications(getDb(), { actorUserId: actor.userId, ...query }));
});
