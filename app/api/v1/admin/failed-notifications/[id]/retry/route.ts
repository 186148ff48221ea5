import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { retryFailedNotification } from '@/lib/notifications/email/retry-failed-notifications';
import { notificationIdParamsSchema } from '@/lib/notifications/schemas';

/** Queues one failed delivery again (admins). */
export const POST = route<{ id: string }>(async ({ params, actor }) => {
  const { id } = parseWith(notificationIdParamsSchema, params);
  return Response.json(await retryFailedNotification(getDb(), { actorUserId: actor.userId, id }), { status: 202 });
});
