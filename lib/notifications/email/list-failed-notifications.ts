import { and, count, desc, eq, lt } from 'drizzle-orm';
import { requireAdmin } from '../../auth/roles';
import { keysetPage } from '../../paging';
import type { DbOrTx } from '../../db/client';
import { emailDeliveries, failedNotifications } from '../../db/schema';
import type { ListFailedNotificationsQuery } from '../schemas';

type FailedRow = typeof failedNotifications.$inferSelect;

export function failedNotificationJson(f: FailedRow, d: { status: string; toEmail: string | null; subject: string | null }) {
  return {
    id: f.id,
    delivery_id: f.deliveryId,
    delivery_status: d.status,
    notification_id: f.notificationId,
    user_id: f.userId,
    task_item_id: f.taskItemId,
    notification_type: f.notificationType,
    channel: f.channel,
    to: d.toEmail,
    subject: d.subject,
    error_message: f.errorMessage,
    is_retryable: f.isRetryable,
    retry_count: f.retryCount,
    last_retry_at: f.lastRetryAt.toISOString(),
    is_resolved: f.isResolved,
    resolved_at: f.resolvedAt ? f.resolvedAt.toISOString() : null,
    created_at: f.createdAt.toISOString(),
  };
}

/**
 * Failed notification deliveries, newest first: `open` (default) until a later attempt succeeds,
 * `resolved` after, or `all`; each with the error, the retry count and where its delivery is now
 * (`pending` again after an admin retry). Admins only.
 */
export async function listFailedNotifications(db: DbOrTx, p: ListFailedNotificationsQuery & { actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Listing failed notifications');
  const state = p.state === 'open' ? eq(failedNotifications.isResolved, false) : p.state === 'resolved' ? eq(failedNotifications.isResolved, true) : undefined;
  const rows = await db
    .select({ f: failedNotifications, status: emailDeliveries.status, toEmail: emailDeliveries.toEmail, subject: emailDeliveries.subject })
    .from(failedNotifications)
    .innerJoin(emailDeliveries, eq(emailDeliveries.id, failedNotifications.deliveryId))
    .where(and(state, p.cursor ? lt(failedNotifications.id, p.cursor) : undefined))
    .orderBy(desc(failedNotifications.id))
    .limit(p.limit + 1);
  const counts = await db.select({ isResolved: failedNotifications.isResolved, n: count() }).from(failedNotifications).groupBy(failedNotifications.isResolved);
  const { page, next_cursor } = keysetPage(rows, p.limit, (r) => r.f.id);
  return {
    counts: { open: counts.find((c) => !c.isResolved)?.n ?? 0, resolved: counts.find((c) => c.isResolved)?.n ?? 0 },
    items: page.map((r) => failedNotificationJson(r.f, r)),
    next_cursor,
  };
}
