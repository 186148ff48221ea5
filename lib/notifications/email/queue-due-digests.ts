import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { emailDeliveries, notifications, notificationTypes } from '../../db/schema';
import { getEnv } from '../../env';
import { enqueue } from '../../jobs/send';
import { DEFAULT_EMAIL_MODE } from '../defaults';

/** How far back a digest looks: older unread notifications are not mailed again and again. */
const DIGEST_LOOKBACK = '7 days';

interface DueRow {
  user_id: number;
  ids: number[];
  local_date: string;
}

/**
 * Daily digests (run every few minutes by the housekeeping job): for every user whose digest
 * hour it is now in their time zone (NOTIFY_DIGEST_DEFAULT_HOUR in UTC when they chose none), one
 * email listing their unread notifications of the types they get by `digest` that no digest
 * listed yet. One per user per local day (`digest:<user>:<date>`, unique), however often or on
 * however many workers this runs; each digest delivery is queued with its job in one
 * transaction, and its notifications remember it, so none is listed twice. Returns the delivery
 * ids it queued.
 */
export async function queueDueDigests(db: Db, now = new Date()): Promise<number[]> {
  const env = getEnv();
  const at = now.toISOString();
  const defaultMode = sql.join(
    notificationTypes.map((t) => sql`when ${t} then ${DEFAULT_EMAIL_MODE[t]}`),
    sql` `,
  );
  const due = Array.from(
    (await db.execute(sql`
      with candidates as (
        select n.id, n.user_id
        from notifications n
        left join notification_preferences p on p.user_id = n.user_id and p.type = n.type
        where n.read_at is null and n.digest_delivery_id is null
          and n.created_at > ${at}::timestamptz - interval '${sql.raw(DIGEST_LOOKBACK)}' and n.created_at <= ${at}::timestamptz
          and coalesce(p.email, case n.type ${defaultMode} end) = 'digest'
      ), users_due as (
        select c.user_id, array_agg(c.id order by c.id) as ids,
               coalesce(s.digest_hour, ${env.NOTIFY_DIGEST_DEFAULT_HOUR}) as hour,
               coalesce(s.time_zone, 'UTC') as tz
        from candidates c left join notification_settings s on s.user_id = c.user_id
        group by c.user_id, s.digest_hour, s.time_zone
      )
      select user_id, ids, to_char(${at}::timestamptz at time zone tz, 'YYYY-MM-DD') as local_date
      from users_due
      where extract(hour from ${at}::timestamptz at time zone tz) = hour`)) as Iterable<DueRow>,
  );

  const queued: number[] = [];
  for (const row of due) {
    const id = await db.transaction(async (tx) => {
      const [delivery] = await tx
        .insert(emailDeliveries)
        .values({
          userId: row.user_id,
          kind: 'digest',
          digestKey: `digest:${row.user_id}:${row.local_date}`,
          notificationIds: row.ids,
          mode: 'digest',
          dueAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: emailDeliveries.id });
      if (!delivery) return null; // today's digest already went out: these wait for tomorrow's
      await tx
        .update(notifications)
        .set({ digestDeliveryId: delivery.id })
        .where(inArray(notifications.id, row.ids));
      await enqueue(tx, 'emailDeliver', { delivery_id: delivery.id });
      return delivery.id;
    });
    if (id !== null) queued.push(id);
  }
  return queued;
}
