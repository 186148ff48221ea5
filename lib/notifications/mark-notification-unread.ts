import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { notifications } from '../db/schema';
import { notFound } from '../errors';
import { countUnread, visibleTo } from './list-notifications';
import { notificationJson } from './notification-json';

/**
 * Marks one of the caller's notifications unread again. Someone else's notification does not
 * exist for the caller (404), so ids cannot be probed.
 */
export async function markNotificationUnread(db: DbOrTx, p: { userId: number; notificationId: number }) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: null })
    .where(and(visibleTo(p.userId), eq(notifications.id, p.notificationId)))
    .returning();
  if (!row) throw notFound('Notification');
  return { notification: notificationJson(row), unread_count: await countUnread(db, p.userId) };
}
