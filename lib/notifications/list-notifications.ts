import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import { keysetPage } from '../paging';
import type { DbOrTx } from '../db/client';
import { notifications } from '../db/schema';
import { notificationJson } from './notification-json';
import type { ListNotificationsQuery } from './schemas';

/** The condition for "the user's notifications as the in-app list shows them". */
export const visibleTo = (userId: number) => and(eq(notifications.userId, userId), eq(notifications.isInApp, true));

/** How many in-app notifications of the user are unread. */
export async function countUnread(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(visibleTo(userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/**
 * The caller's in-app notifications, newest first, `unread` only if asked, paged by id (`cursor`
 * is the previous page's `next_cursor`, stable while new ones arrive), with the unread count. A
 * user only ever reads their own: the user id is part of the query, never taken from the input.
 * Types the user turned off in-app are left out (the row exists for its email and history).
 */
export async function listNotifications(db: DbOrTx, p: ListNotificationsQuery & { userId: number }) {
  const rows = await db
    .select()
    .from(notifications)
    .where(and(visibleTo(p.userId), p.unread ? isNull(notifications.readAt) : undefined, p.cursor ? lt(notifications.id, p.cursor) : undefined))
    .orderBy(desc(notifications.id))
    .limit(p.limit + 1);
  const { page, next_cursor } = keysetPage(rows, p.limit, (n) => n.id);
  return {
    notifications: page.map(notificationJson),
    unread_count: await countUnread(db, p.userId),
    next_cursor,
  };
}
