import { getDb } from '@/lib/db/client';
import { route } from '@/lib/http';
import { retryAllFailedNotifications } from '@/lib/notifications/email/retry-failed-notifications';

/** Queues every open failed delivery again (admins). */
export const POST = route(async ({ actor }) => Response.json(await retryAllFailedNotifications(getDb(), { actorUserId: actor.userId }), { status: 202 }));
