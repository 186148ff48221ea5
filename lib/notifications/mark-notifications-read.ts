import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { notifications } from '../db/schema';
import { countUnread, visibleTo } from './list-notifications';
import type { MarkReadBody } from './schemas';

/**
 * Marks the caller's notifications read: the listed ids, or all of them. Ids that are not the
 * caller's (or do not exist, or are already read) change nothing and are not reported, so the
 * answer says nothing about other people's notifications. Reading one in time also stops its
 * `unread_after` email: the send job checks the read state when it runs.
 */
export async function markNotificationsRead(db: DbOrTx, p: { userId: number; body: MarkReadBody; now?: Date }) {
  const now = p.now ?? new Date();
  const updated = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(visibleTo(p.userId), isNull(notifications.readAt), 'ids' in p.body ? inArray(notifications.id, p.body.ids) : sql`true`))
    .returning({ id: notifications.id });
  return { updated: updated.length, unread_count: await countUnread(db, p.userId) };
}
