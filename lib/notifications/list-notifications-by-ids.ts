import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { notifications } from '../db/schema';
import { notificationJson } from './notification-json';

/**
 * The in-app notifications among `ids`, each with its recipient, as the API shows them: what the
 * realtime sidecar pushes once their announcement arrives. No actor filter: the sidecar sends each
 * one only to its own recipient's room.
 */
export async function listInAppNotificationsByIds(db: DbOrTx, ids: number[]) {
  if (!ids.length) return [];
  const rows = await db
    .select()
    .from(notifications)
    .where(and(inArray(notifications.id, ids), eq(notifications.isInApp, true)));
  return rows.map((n) => ({ userId: n.userId, notification: notificationJson(n) }));
}
