import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { getEnv } from '../env';

const BATCH = 5000;

/**
 * Deletes notifications read more than NOTIFY_PRUNE_READ_AFTER_DAYS ago (unread ones are kept
 * however old), and finished email deliveries of the same age that no open failure record
 * needs (sent, outbox, skipped, cancelled). In batches, so a large backlog never holds long locks.
 * Returns how many of each went.
 */
export async function pruneNotifications(db: Db, now = new Date()): Promise<{ notifications: number; deliveries: number }> {
  const days = getEnv().NOTIFY_PRUNE_READ_AFTER_DAYS;
  const before = new Date(now.getTime() - days * 86_400_000).toISOString();
  let removed = 0;
  for (;;) {
    const rows = Array.from(
      (await db.execute(sql`
        delete from notifications where id in (
          select id from notifications where read_at is not null and read_at < ${before}::timestamptz limit ${BATCH})
        returning id`)) as Iterable<unknown>,
    );
    removed += rows.length;
    if (rows.length < BATCH) break;
  }
  let deliveries = 0;
  for (;;) {
    const rows = Array.from(
      (await db.execute(sql`
        delete from email_deliveries where id in (
          select d.id from email_deliveries d
          where d.status in ('sent', 'outbox', 'skipped', 'cancelled') and d.updated_at < ${before}::timestamptz
            and not exists (select 1 from failed_notifications f where f.delivery_id = d.id)
            and not exists (select 1 from notifications n where n.digest_delivery_id = d.id)
          limit ${BATCH})
        returning id`)) as Iterable<unknown>,
    );
    deliveries += rows.length;
    if (rows.length < BATCH) break;
  }
  return { notifications: removed, deliveries };
}
