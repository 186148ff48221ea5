import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { emailDeliveries, failedNotifications, notifications, users, type EmailDeliveryStatus } from '../../db/schema';
import { findUserInfo } from '../../auth-service/find-user-info';
import { getAuthServiceClient } from '../../auth-service/auth-service-client';
import { getMailer, type Mailer, type SendOutcome } from '../../email/send-email';
import { renderDigestEmail, renderNotificationEmail } from '../../email/render-email';
import { getEnv } from '../../env';
import { enqueue } from '../../jobs/send';

type Delivery = typeof emailDeliveries.$inferSelect;

export type DeliveryResult =
  | 'sent'
  | 'outbox'
  | 'skipped'
  | 'cancelled'
  | 'retry-scheduled'
  | 'failed'
  /** Nothing to do: already finished, not due yet, or another worker is sending it right now. */
  | 'nothing';

/** The provider's idempotency key of a delivery: the same on every attempt. */
export const idempotencyKeyOf = (deliveryId: number) => `tts-email-${deliveryId}`;

const FINISHED: EmailDeliveryStatus[] = ['sent', 'outbox', 'skipped', 'cancelled', 'failed'];

/**
 * Delivers one email (the `email-deliver` job). Safe to run any number of times for one delivery,
 * at once or one after another: only a `pending` delivery that is due is claimed (a row lock and
 * the `sending` status keep a second worker out), so a duplicate job sends nothing. Then:
 * - `unread_after`: a notification read in the meantime cancels it (`cancelled`, "read in time");
 * - the address comes from the Auth Service's user info, else TTS's users table; none: `skipped`
 *   with the reason (not a failure);
 * - subject and bodies are rendered at the first attempt and stored, so every retry sends the
 *   very same request under the same idempotency key, and a retry after a lost answer cannot
 *   send twice;
 * - no RESEND_API_KEY: `outbox` (GET /api/v1/admin/outbox shows it);
 * - provider errors: a timeout, no answer or 5xx is retried as a new job after
 *   NOTIFY_RETRY_DELAY_SECONDS x attempt, up to NOTIFY_RETRY_LIMIT retries; a 429 waits as long as
 *   the provider says and does not use up a retry; a permanent error (invalid address, any other
 *   4xx) fails at once. A failure is kept in failed_notifications with its error and retry count;
 *   a later success marks that row resolved.
 * A `sending` delivery whose worker died (claimed longer ago than a send can take) is taken over by
 * the job's own retry and sent again under the same key, which the provider answers once.
 */
export async function deliverEmail(db: Db, deliveryId: number, o: { now?: Date; mailer?: Mailer | null } = {}): Promise<DeliveryResult> {
  const env = getEnv();
  const now = o.now ?? new Date();
  const staleMs = env.NOTIFY_SEND_TIMEOUT_MS * 3;

  const claim = await db.transaction(async (tx): Promise<Delivery | 'cancelled' | 'nothing'> => {
    const [d] = await tx.select().from(emailDeliveries).where(eq(emailDeliveries.id, deliveryId)).for('update');
    if (!d || FINISHED.includes(d.status)) return 'nothing';
    if (d.status === 'sending' && d.claimedAt && now.getTime() - d.claimedAt.getTime() < staleMs) {
      // Another worker is sending it, or died doing so: look again once a send cannot still be
      // running, so a dead worker's delivery is never left `sending` (a live one will have
      // finished it by then, and that look does nothing).
      await enqueue(tx, 'emailDeliver', { delivery_id: d.id }, { startAfter: new Date(d.claimedAt.getTime() + staleMs + 1000) });
      return 'nothing';
    }
    if (d.status === 'pending' && d.dueAt.getTime() > now.getTime() + 1000) return 'nothing'; // its own job comes at due_at
    const cancel = await reasonToCancel(tx, d);
    if (cancel) {
      await finish(tx, d.id, now, { status: 'cancelled', reason: cancel });
      return 'cancelled';
    }
    const [row] = await tx
      .update(emailDeliveries)
      .set({ status: 'sending', claimedAt: now, attempts: d.attempts + 1, roundAttempts: d.roundAttempts + 1, updatedAt: now })
      .where(eq(emailDeliveries.id, d.id))
      .returning();
    return row;
  });
  if (typeof claim === 'string') return claim;

  let d = claim;
  if (d.subject === null || d.toEmail === null || d.html === null || d.textBody === null) {
    const prepared = await prepare(db, d);
    if ('skip' in prepared) {
      await finish(db, d.id, now, { status: 'skipped', reason: prepared.skip });
      return 'skipped';
    }
    if ('cancel' in prepared) {
      await finish(db, d.id, now, { status: 'cancelled', reason: prepared.cancel });
      return 'cancelled';
    }
    [d] = await db
      .update(emailDeliveries)
      .set({ toEmail: prepared.to, subject: prepared.subject, html: prepared.html, textBody: prepared.text, updatedAt: now })
      .where(eq(emailDeliveries.id, d.id))
      .returning();
  }

  const mailer = o.mailer === undefined ? getMailer() : o.mailer;
  if (!mailer) {
    await finish(db, d.id, now, { status: 'outbox', reason: 'RESEND_API_KEY is not set: kept in the outbox' });
    return 'outbox';
  }

  let outcome: SendOutcome;
  try {
    outcome = await mailer({ from: env.EMAIL_FROM, to: d.toEmail!, subject: d.subject!, html: d.html!, text: d.textBody!, idempotencyKey: idempotencyKeyOf(d.id) });
  } catch (err) {
    outcome = { kind: 'retry', error: `send failed: ${(err as Error).message}` };
  }
  return recordOutcome(db, d, outcome, now);
}

/** Why the email is no longer wanted, if it is not. */
async function reasonToCancel(db: DbOrTx, d: Delivery): Promise<string | null> {
  if (d.kind === 'digest') {
    if (d.notificationIds.length === 0) return 'nothing to list';
    const unread = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(inArray(notifications.id, d.notificationIds), sql`${notifications.readAt} is null`))
      .limit(1);
    return unread.length ? null : 'everything it lists was read before it went out';
  }
  if (d.notificationId === null) return 'the notification was deleted';
  const [n] = await db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, d.notificationId));
  if (!n) return 'the notification was deleted';
  if (d.mode === 'unread_after' && n.readAt) return 'read in time';
  return null;
}

/** The recipient's address and the rendered email; or why there is no one to send it to. */
async function prepare(db: Db, d: Delivery): Promise<{ to: string; subject: string; html: string; text: string } | { skip: string } | { cancel: string }> {
  const info = await findUserInfo(db, d.userId, getAuthServiceClient());
  let to = info?.email ?? null;
  if (!to) {
    // The Auth Service gave no address (or does not know the user): TTS's users table may have one.
    const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, d.userId));
    to = u?.email ?? null;
  }
  if (!to) return { skip: `no email address for user ${d.userId} (Auth Service user info and TTS users table)` };
  const name = info?.fullName ?? null;
  if (d.kind === 'digest') {
    const listed = await db.select().from(notifications).where(inArray(notifications.id, d.notificationIds)).orderBy(asc(notifications.id));
    const date = (d.digestKey ?? '').split(':')[2] ?? d.createdAt.toISOString().slice(0, 10);
    return { to, ...(await renderDigestEmail({ recipientName: name, date, notifications: listed })) };
  }
  const [n] = d.notificationId === null ? [] : await db.select().from(notifications).where(eq(notifications.id, d.notificationId));
  if (!n) return { cancel: 'the notification was deleted' }; // pruned since the claim
  return { to, ...(await renderNotificationEmail(n, name)) };
}

async function finish(db: DbOrTx, id: number, now: Date, set: { status: EmailDeliveryStatus; reason: string }) {
  await db.update(emailDeliveries).set({ ...set, claimedAt: null, updatedAt: now }).where(eq(emailDeliveries.id, id));
}

async function recordOutcome(db: Db, d: Delivery, outcome: SendOutcome, now: Date): Promise<DeliveryResult> {
  const env = getEnv();
  return db.transaction(async (tx) => {
    if (outcome.kind === 'sent') {
      await tx
        .update(emailDeliveries)
        .set({ status: 'sent', providerId: outcome.providerId, sentAt: now, lastError: null, claimedAt: null, updatedAt: now })
        .where(eq(emailDeliveries.id, d.id));
      await tx
        .update(failedNotifications)
        .set({ isResolved: true, resolvedAt: now })
        .where(and(eq(failedNotifications.deliveryId, d.id), eq(failedNotifications.isResolved, false)));
      return 'sent';
    }
    // A 429 is the provider pacing us, not a failure of this email: it does not use up a retry.
    const round = outcome.kind === 'retry' && outcome.isRateLimit ? d.roundAttempts - 1 : d.roundAttempts;
    if (outcome.kind === 'retry' && round <= env.NOTIFY_RETRY_LIMIT) {
      const wait = outcome.waitSeconds ?? env.NOTIFY_RETRY_DELAY_SECONDS * Math.max(1, round);
      await tx
        .update(emailDeliveries)
        .set({ status: 'pending', roundAttempts: round, lastError: outcome.error, dueAt: new Date(now.getTime() + wait * 1000), claimedAt: null, updatedAt: now })
        .where(eq(emailDeliveries.id, d.id));
      await enqueue(tx, 'emailDeliver', { delivery_id: d.id }, { startAfter: new Date(now.getTime() + wait * 1000) });
      return 'retry-scheduled';
    }
    await tx
      .update(emailDeliveries)
      .set({ status: 'failed', roundAttempts: round, lastError: outcome.error, claimedAt: null, updatedAt: now })
      .where(eq(emailDeliveries.id, d.id));
    const [n] = d.notificationId
      ? await tx.select({ type: notifications.type, taskItemId: notifications.taskItemId }).from(notifications).where(eq(notifications.id, d.notificationId))
      : [];
    const row = {
      deliveryId: d.id,
      notificationId: d.notificationId,
      userId: d.userId,
      taskItemId: n?.taskItemId ?? null,
      notificationType: d.kind === 'digest' ? 'digest' : (n?.type ?? 'unknown'),
      channel: 'email',
      errorMessage: outcome.error,
      isRetryable: outcome.kind === 'retry',
      retryCount: d.attempts - 1,
      lastRetryAt: now,
      isResolved: false,
      resolvedAt: null,
    };
    await tx
      .insert(failedNotifications)
      .values(row)
      .onConflictDoUpdate({
        target: failedNotifications.deliveryId,
        set: { errorMessage: row.errorMessage, isRetryable: row.isRetryable, retryCount: row.retryCount, lastRetryAt: now, isResolved: false, resolvedAt: null },
      });
    return 'failed';
  });
}
