import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { insertRowsQuery } from '../db/insert-rows';
import { rowFromJson } from '../db/row-from-json';
import { notificationPreferences, notifications, type NotificationType } from '../db/schema';
import { getEnv } from '../env';
import { enqueueMany } from '../jobs/send';
import { REALTIME_CHANNEL, type RealtimeEvent } from '../realtime/events';
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

// Rows per insert statement.
const CHUNK = 1000;

/** The task page of an item. */
export function taskLink(taskItemId: number | null | undefined): string | null {
  return taskItemId == null ? null : `${getEnv().APP_URL.replace(/\/+$/, '')}/tasks/${taskItemId}`;
}

export type PreferenceOf = (userId: number, type: NotificationType) => TypePreference;
type PreferenceRow = Pick<typeof notificationPreferences.$inferSelect, 'userId' | 'type' | 'isInApp' | 'email'>;

/** Preferences of many users in one query; a missing row is the type's default. */
export async function loadPreferences(db: DbOrTx, userIds: number[]): Promise<PreferenceOf> {
  const ids = [...new Set(userIds)];
  const rows = ids.length
    ? await db
        .select({ userId: notificationPreferences.userId, type: notificationPreferences.type, isInApp: notificationPreferences.isInApp, email: notificationPreferences.email })
        .from(notificationPreferences)
        .where(inArray(notificationPreferences.userId, ids))
    : [];
  return preferenceLookup(rows);
}

/** The preferences in stored rows (every row of the users concerned); a missing row is the type's default. */
export function preferenceLookup(rows: PreferenceRow[]): PreferenceOf {
  const byKey = new Map(rows.map((r) => [`${r.userId}:${r.type}`, { isInApp: r.isInApp, email: r.email }]));
  return (userId, type) => byKey.get(`${userId}:${type}`) ?? defaultPreference(type);
}

/** What a caller already read in the same transaction, so createNotifications need not read it again. */
export interface KnownForNotifications {
  /** Names of people; anyone the texts need who is neither in it nor in `namesLookedUp` is looked up. */
  names?: Map<number, string>;
  /** Ids whose names the caller looked up, found or not (someone TTS knows no name of is not looked up again). */
  namesLookedUp?: number[];
  /** The stored preference rows of EVERY recipient (preferenceLookup). */
  preferences?: PreferenceRow[];
  /** More realtime events of the caller's transaction, sent in the same statement as the notifications'. */
  announce?: RealtimeEvent[];
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
 * announcement, the deliveries, the jobs), not per row; names and preferences the caller already
 * has (`known`) are not read again. Returns the notifications it created, in input order.
 */
export async function createNotifications(tx: DbOrTx, inputs: NotificationInput[], known: KnownForNotifications = {}): Promise<CreatedNotification[]> {
  const announce = known.announce ?? [];
  const seen = new Set<string>();
  const wanted: Array<NotificationInput & { dedupeKey: string }> = [];
  for (const input of inputs) {
    if (input.actorUserId != null && input.userId === input.actorUserId) continue;
    const dedupeKey = `${input.type}:${input.event}:${input.userId}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    wanted.push({ ...input, dedupeKey });
  }
  if (wanted.length === 0) {
    await publishRealtime(tx, announce);
    return [];
  }

  const env = getEnv();
  const people = wanted
    .flatMap((w) => [w.actorUserId, w.context.toUserId, w.context.fromUserId, w.context.assigneeUserId])
    .filter((id): id is number => typeof id === 'number');
  const names = new Map(known.names ?? []);
  const lookedUp = new Set(known.namesLookedUp ?? []);
  const unnamed = people.filter((id) => !names.has(id) && !lookedUp.has(id));
  if (unnamed.length) for (const [id, name] of await listDisplayNames(tx, unnamed)) names.set(id, name);
  const preferenceOf = known.preferences ? preferenceLookup(known.preferences) : await loadPreferences(tx, wanted.map((w) => w.userId));

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

  // Per 1,000 rows, ONE statement: the notifications; notification:new for the in-app ones (and
  // the caller's own events) to the realtime sidecars, delivered on commit; and for those whose
  // recipient wants an email (immediate, or unread_after: due after the delay), its delivery row.
  // Then the deliveries' pg-boss jobs in a second one.
  const emailOf = (r: (typeof rows)[number]) => {
    const mode = preferenceOf(r.userId, r.type).email;
    if (mode !== 'immediate' && mode !== 'unread_after') return null;
    return { dedupe_key: r.dedupeKey, mode, delay: mode === 'unread_after' ? env.NOTIFY_EMAIL_DELAY_SECONDS : 0 };
  };
  const created: CreatedNotification[] = [];
  const deliveries: Array<{ id: number; mode: string }> = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const emails = chunk.flatMap((r) => emailOf(r) ?? []);
    const [result] = Array.from(
      (await tx.execute(sql`
        with n as (${insertRowsQuery(notifications, chunk, { onConflictDoNothing: sql``, returning: '*' })}),
        announced as (
          select pg_notify(${REALTIME_CHANNEL}, e.p) from (
            select json_build_object('k', 'notification', 'id', n.id, 'user', n.user_id)::text as p from n where n.is_in_app
            union all select p from json_array_elements_text(${JSON.stringify(i === 0 ? announce.map((e) => JSON.stringify(e)) : [])}::json) as p
          ) e
        ),
        d as (
          insert into email_deliveries (user_id, notification_id, mode, due_at)
          select n.user_id, n.id, m.mode, n.created_at + m.delay * interval '1 second'
          from n join jsonb_to_recordset(${JSON.stringify(emails)}::jsonb) as m(dedupe_key text, mode text, delay int) on m.dedupe_key = n.dedupe_key
          on conflict do nothing
          returning id, mode
        )
        select
          (select coalesce(json_agg(row_to_json(n)), '[]') from n) as created,
          (select coalesce(json_agg(json_build_object('id', d.id, 'mode', d.mode)), '[]') from d) as deliveries,
          (select count(*) from announced)::int as announced
      `)) as Iterable<{ created: Array<Record<string, unknown>>; deliveries: Array<{ id: number; mode: string }> }>,
    );
    created.push(...result.created.map((r) => rowFromJson(notifications, r)));
    deliveries.push(...result.deliveries);
  }
  // RETURNING does not promise input order; callers (and tests) read them in the order they asked.
  const order = new Map(rows.map((r, i) => [r.dedupeKey, i]));
  created.sort((a, b) => order.get(a.dedupeKey!)! - order.get(b.dedupeKey!)!);
  if (created.length === 0) return [];

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
