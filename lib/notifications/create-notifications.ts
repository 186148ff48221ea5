import { getTableColumns, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { insertRows } from '../db/insert-rows';
import { emailDeliveries, notificationPreferences, notifications, type NotificationType } from '../db/schema';
import { getEnv } from '../env';
import { enqueueMany } from '../jobs/send';
import { publishRealtime } from '../realtime/publish';
import { listDisplayNames } from '../users/list-display-names';
import { defaultPreference, type TypePreference } from './defaults';
import { composeNotification, type NotificationContext } from './notification-text';

export interface NotificationInput {
  type: NotificationType;
  /** The recipient. */
  userId: number;
  /**
   * The domain event that causes it, unique for that event (`item:42`, `task:7`, `comment:9`).
   * The stored dedupe key is `<type>:<event>:<user>`: one notification per recipient per event,
   * however often the effect runs.
   */
  event: string;
  /** Who caused it: never notified. Null or absent for the system (SLA scan, round robin). */
  actorUserId?: number | null;
  /** The task item the link points at (`APP_URL/tasks/{id}`). */
  taskItemId?: number | null;
  context: NotificationContext;
  at?: Date;
}

export type CreatedNotification = typeof notifications.$inferSelect;

// One jsonb parameter per statement (insertRows); chunks keep each statement's JSON a few hundred KB.
const CHUNK = 1000;
const NOTIFICATION_COLUMNS = Object.keys(getTableColumns(notifications)) as Array<keyof CreatedNotification>;

/** The task page of an item. */
export function taskLink(taskItemId: number | null | undefined): string | null {
  return taskItemId == null ? null : `${getEnv().APP_URL.replace(/\/+$/, '')}/tasks/${taskItemId}`;
}

/** Preferences of many users in one query; a missing row is the type's default. */
export async function loadPreferences(db: DbOrTx, userIds: number[]): Promise<(userId: number, type: NotificationType) => TypePreference> {
  const ids = [...new Set(userIds)];
  const rows = ids.length
    ? await db
        .select({ userId: notificationPreferences.userId, type: notificationPreferences.type, isInApp: notificationPreferences.isInApp, email: notificationPreferences.email })
        .from(notificationPreferences)
        .where(inArray(notificationPreferences.userId, ids))
    : [];
  const byKey = new Map(rows.map((r) => [`${r.userId}:${r.type}`, { isInApp: r.isInApp, email: r.email }]));
  return (userId, type) => byKey.get(`${userId}:${type}`) ?? defaultPreference(type);
}

/**
 * Creates notifications, any number at once, in the caller's transaction (`tx`), so they exist
 * exactly when the event that caused them committed:
 * - never to the person who caused the event (`actorUserId`), and one per recipient per event
 *   (dedupe key; a repeat in the batch or an earlier run of the same effect creates nothing);
 * - subject and message composed here, for every type alike (ticket number and subject, workflow
 *   and step, deadline, who did what, the task link), so the texts cannot drift apart per producer;
 * - each recipient's preferences applied: in-app off hides the row from the in-app list (it is
 *   still stored for its email and history); email `immediate` and `unread_after` get an
 *   email_deliveries row and its pg-boss job in this same transaction (a crash after commit
 *   cannot lose the email, a rollback leaves no job); `digest` is collected later by the digest
 *   run; `off` sends nothing;
 * - INAPP_NOTIFICATION_QUEUE messages for an external service, when enabled.
 * Cost is a fixed number of statements per 1,000 rows (names, preferences, the insert, the
 * deliveries, the jobs), not per row. Returns the notifications it created, in input order.
 */
export async function createNotifications(tx: DbOrTx, inputs: NotificationInput[]): Promise<CreatedNotification[]> {
  const seen = new Set<string>();
  const wanted: Array<NotificationInput & { dedupeKey: string }> = [];
  for (const input of inputs) {
    if (input.actorUserId != null && input.userId === input.actorUserId) continue;
    const dedupeKey = `${input.type}:${input.event}:${input.userId}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    wanted.push({ ...input, dedupeKey });
  }
  if (wanted.length === 0) return [];

  const env = getEnv();
  const people = wanted.flatMap((w) => [w.actorUserId, w.context.toUserId, w.context.fromUserId, w.context.assigneeUserId]);
  const names = await listDisplayNames(tx, people.filter((id): id is number => typeof id === 'number'));
  const preferenceOf = await loadPreferences(tx, wanted.map((w) => w.userId));

  // A row without its own time takes the others' (one statement sets the column for all rows or none).
  const fallbackAt = wanted.some((w) => w.at) && wanted.some((w) => !w.at) ? new Date() : undefined;
  const rows = wanted.map((w) => {
    const link = taskLink(w.taskItemId);
    const actorUserId = w.actorUserId ?? null;
    const { subject, message } = composeNotification({ type: w.type, recipientUserId: w.userId, context: w.context, names, actorUserId, link });
    const c = w.context;
    return {
      userId: w.userId,
      type: w.type,
      subject,
      message,
      taskItemId: w.taskItemId ?? null,
      ticketNumber: c.ticketNumber,
      actorUserId,
      isInApp: preferenceOf(w.userId, w.type).isInApp,
      dedupeKey: w.dedupeKey,
      metadata: stripNulls({
        ticket_subject: c.ticketSubject,
        priority: c.priority,
        workflow_name: c.workflowName,
        step_name: c.stepName,
        role_name: c.roleName,
        target_at: c.targetAt?.toISOString(),
        note: c.note,
        reassign_kind: c.reassignKind,
        to_user_id: c.toUserId,
        from_user_id: c.fromUserId,
        assignee_user_id: c.assigneeUserId,
        is_sla_escalation: c.isSlaEscalation,
        task_id: c.taskId,
        comment_id: c.commentId,
        is_mention: c.isMention || undefined,
        actor_user_id: actorUserId,
        actor_name: actorUserId === null ? null : (names.get(actorUserId) ?? null),
        link,
      }),
      ...(w.at || fallbackAt ? { createdAt: w.at ?? fallbackAt } : {}),
    };
  });

  const created: CreatedNotification[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    created.push(...((await insertRows(tx, notifications, rows.slice(i, i + CHUNK), { onConflictDoNothing: sql``, returning: NOTIFICATION_COLUMNS })) as CreatedNotification[]));
  }
  if (created.length === 0) return [];
  // RETURNING does not promise input order; callers (and tests) read them in the order they asked.
  const order = new Map(rows.map((r, i) => [r.dedupeKey, i]));
  created.sort((a, b) => order.get(a.dedupeKey!)! - order.get(b.dedupeKey!)!);

  // notification:new for the recipients' open pages (realtime sidecars), delivered on commit.
  await publishRealtime(tx, created.filter((n) => n.isInApp).map((n) => ({ k: 'notification' as const, id: n.id, user: n.userId })));

  const emails = created.flatMap((n) => {
    const mode = preferenceOf(n.userId, n.type).email;
    if (mode !== 'immediate' && mode !== 'unread_after') return [];
    const delay = mode === 'unread_after' ? env.NOTIFY_EMAIL_DELAY_SECONDS : 0;
    return [{ userId: n.userId, notificationId: n.id, mode, dueAt: new Date(n.createdAt.getTime() + delay * 1000), delay }];
  });
  for (let i = 0; i < emails.length; i += CHUNK) {
    const chunk = emails.slice(i, i + CHUNK);
    const deliveries = await insertRows(
      tx,
      emailDeliveries,
      chunk.map(({ delay: _delay, ...d }) => d),
      { onConflictDoNothing: sql``, returning: ['id', 'mode'] },
    );
    // unread_after waits in pg-boss (start_after, on the database's clock); the handler checks
    // due_at and the read state again when it runs.
    await enqueueMany(
      tx,
      'emailDeliver',
      deliveries.map((d) => ({
        payload: { delivery_id: d.id },
        startAfter: d.mode === 'unread_after' ? env.NOTIFY_EMAIL_DELAY_SECONDS : undefined,
      })),
    );
  }

  if (env.INAPP_NOTIFICATION_QUEUE_ENABLED) {
    // The reference producer's kwargs, field for field (send_assignment_notification).
    await enqueueMany(
      tx,
      'inappNotification',
      created.map((n) => ({
        payload: {
          user_id: n.userId,
          subject: n.subject,
          message: n.message,
          notification_type: n.type,
          related_task_item_id: n.taskItemId,
          related_ticket_number: n.ticketNumber,
          metadata: n.metadata,
        },
      })),
    );
  }
  return created;
}

function stripNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}
