import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { markNotificationUnread } from '@/lib/notifications/mark-notification-unread';
import { notificationIdParamsSchema } from '@/lib/notifications/schemas';

/** Marks one of the caller's notifications unread again (someone else's: 404). */
export const POST = route<{ id: string }>(async ({ params, actor }) => {
  const { id } = parseWith(notificationIdParamsSchema, params);
  return Response.json(await markNotificationUnread(getDb(), { userId: actor.userId, notificationId: id }));
});
