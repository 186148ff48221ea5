import type { DbOrTx } from '../db/client';
import { type NotificationType, notifications } from '../db/schema';
import { getEnv } from '../env';
import { enqueue } from '../jobs/send';

export interface CreateNotificationParams {
  userId: number;
  type: NotificationType;
  subject: string;
  message: string;
  taskItemId?: number | null;
  ticketNumber?: string | null;
  metadata?: Record<string, unknown>;
  /** Same key twice = one notification: makes effects that may run twice notify once. */
  dedupeKey?: string;
  at?: Date;
}

/**
 * Stores an in-app notification and, in the same transaction, queues its onward delivery (the
 * external notification service over the broker, when INAPP_NOTIFICATION_QUEUE_ENABLED).
 * Returns the new id, or null when the dedupe key had already been used.
 */
export async function createNotification(db: DbOrTx, p: CreateNotificationParams): Promise<number | null> {
  const [row] = await db
    .insert(notifications)
    .values({
      userId: p.userId,
      type: p.type,
      subject: p.subject,
      message: p.message,
      taskItemId: p.taskItemId ?? null,
      ticketNumber: p.ticketNumber ?? null,
      metadata: p.metadata ?? {},
      dedupeKey: p.dedupeKey ?? null,
      ...(p.at ? { createdAt: p.at } : {}),
    })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  if (!row) return null;
  if (getEnv().INAPP_NOTIFICATION_QUEUE_ENABLED) {
    await enqueue(db, 'inappNotification', {
      user_id: p.userId,
      subject: p.subject,
      message: p.message,
      notification_type: p.type,
      related_task_item_id: p.taskItemId ?? null,
      related_ticket_number: p.ticketNumber ?? null,
      metadata: p.metadata ?? {},
    });
  }
  return row.id;
}
