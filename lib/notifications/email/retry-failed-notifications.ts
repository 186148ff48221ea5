import { and, eq, inArray, sql } from 'drizzle-orm';
import { requireAdmin } from '../../auth/roles';
import type { Db, Tx } from '../../db/client';
import { emailDeliveries, failedNotifications } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { enqueueMany } from '../../jobs/send';

/**
 * Queues failed deliveries again, each with a fresh round of NOTIFY_RETRY_LIMIT retries. Only a
 * delivery that is `failed` right now is taken (a conditional update), so retrying twice, or
 * "retry all" next to a single retry, queues it once. A delivery that failed permanently (say
 * an invalid address) has its address looked up and its email rendered again, in case that was
 * fixed. The failed_notifications row stays open until an attempt succeeds.
 */
async function requeue(tx: Tx, deliveryIds: number[], now: Date): Promise<number[]> {
  if (deliveryIds.length === 0) return [];
  const permanent = tx
    .select({ id: failedNotifications.deliveryId })
    .from(failedNotifications)
    .where(and(inArray(failedNotifications.deliveryId, deliveryIds), eq(failedNotifications.isRetryable, false)));
  const requeued = await tx
    .update(emailDeliveries)
    .set({
      status: 'pending',
      roundAttempts: 0,
      dueAt: now,
      claimedAt: null,
      updatedAt: now,
      toEmail: sql`case when ${emailDeliveries.id} in (${permanent}) then null else ${emailDeliveries.toEmail} end`,
      subject: sql`case when ${emailDeliveries.id} in (${permanent}) then null else ${emailDeliveries.subject} end`,
    })
    .where(and(inArray(emailDeliveries.id, deliveryIds), eq(emailDeliveries.status, 'failed')))
    .returning({ id: emailDeliveries.id });
  const ids = requeued.map((r) => r.id).sort((a, b) => a - b);
  if (ids.length === 0) return [];
  await tx.update(failedNotifications).set({ lastRetryAt: now }).where(inArray(failedNotifications.deliveryId, ids));
  await enqueueMany(tx, 'emailDeliver', ids.map((id) => ({ payload: { delivery_id: id } })));
  return ids;
}

/** POST /api/v1/admin/failed-notifications/{id}/retry. 404 unknown; 409 resolved or already queued again. */
export async function retryFailedNotification(db: Db, p: { actorUserId: number; id: number; now?: Date }) {
  const now = p.now ?? new Date();
  return db.transaction(async (tx) => {
    await requireAdmin(tx, p.actorUserId, 'Retrying failed notifications');
    const [f] = await tx.select().from(failedNotifications).where(eq(failedNotifications.id, p.id)).for('update');
    if (!f) throw notFound('Failed notification');
    if (f.isResolved) throw new AppError('CONFLICT', 'This notification was delivered since; nothing to retry');
    const ids = await requeue(tx, [f.deliveryId], now);
    if (ids.length === 0) throw new AppError('CONFLICT', 'This delivery is already queued again');
    return { retried: ids.length, delivery_ids: ids };
  });
}

/** POST /api/v1/admin/failed-notifications/retry: every open one whose delivery is failed now. */
export async function retryAllFailedNotifications(db: Db, p: { actorUserId: number; now?: Date }) {
  const now = p.now ?? new Date();
  return db.transaction(async (tx) => {
    await requireAdmin(tx, p.actorUserId, 'Retrying failed notifications');
    const open = await tx
      .select({ deliveryId: failedNotifications.deliveryId })
      .from(failedNotifications)
      .where(eq(failedNotifications.isResolved, false));
    const ids: number[] = [];
    for (let i = 0; i < open.length; i += 1000) ids.push(...(await requeue(tx, open.slice(i, i + 1000).map((o) => o.deliveryId), now)));
    return { retried: ids.length, delivery_ids: ids };
  });
}
