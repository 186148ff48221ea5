import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { addDays, utcDay } from './schemas';
import { durationBucketDays, itemEventDays, taskEventDays } from './item-event-days';

/**
 * Stores the dashboard's daily totals (dashboard_item_days, dashboard_task_days,
 * dashboard_duration_days) for every UTC day
 * up to the day before yesterday that is not stored yet, and returns the first day not stored: the
 * dashboard reads days before it from the totals and the days from it live. Yesterday stays live
 * one more day, so an action that committed a little after midnight with an earlier time still
 * counts. Cheap when there is nothing to do (one row read); the first call on a database with a
 * long history rolls all of it up, once. Concurrent callers serialise on an advisory lock and the
 * later ones find the work done.
 */
export async function rollUpDashboardDays(db: Db, now = new Date()): Promise<string> {
  const until = addDays(utcDay(now), -1);
  const state = await readState(db);
  if (state !== null && state >= until) return state;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('tts.dashboard-rollup'))`);
    const [row] = Array.from((await tx.execute(sql`select rolled_until::text as d from dashboard_rollup_state where id = 1`)) as Iterable<{ d: string }>);
    const from = row?.d ?? (await firstDay(tx)) ?? until;
    if (from < until) {
      const start = new Date(`${from}T00:00:00Z`);
      const end = new Date(`${until}T00:00:00Z`);
      await tx.execute(sql`delete from dashboard_item_days where day >= ${from}::date and day < ${until}::date`);
      await tx.execute(sql`delete from dashboard_task_days where day >= ${from}::date and day < ${until}::date`);
      await tx.execute(sql`delete from dashboard_duration_days where day >= ${from}::date and day < ${until}::date`);
      await tx.execute(sql`
        insert into dashboard_item_days (day, workflow_id, step_key, priority, resolved, resolved_in_sla, breached, warned)
        select day, workflow_id, step_key, priority, sum(resolved), sum(resolved_in_sla), sum(breached), sum(warned)
          from (${itemEventDays(start, end, null)}) e
         group by 1, 2, 3, 4`);
      await tx.execute(sql`
        insert into dashboard_task_days (day, workflow_id, priority, started, resolved, resolved_in_sla)
        select day, workflow_id, priority, sum(started), sum(resolved), sum(resolved_in_sla)
          from (${taskEventDays(start, end, null)}) e
         group by 1, 2, 3`);
      await tx.execute(sql`
        insert into dashboard_duration_days (day, workflow_id, step_key, bucket, items)
        ${durationBucketDays(start, end, null)}`);
    }
    const rolled = from < until ? until : from;
    await tx.execute(sql`
      insert into dashboard_rollup_state (id, rolled_until, updated_at) values (1, ${rolled}::date, now())
      on conflict (id) do update set rolled_until = excluded.rolled_until, updated_at = now()`);
    return rolled;
  });
}

async function readState(db: Db): Promise<string | null> {
  const [row] = Array.from((await db.execute(sql`select rolled_until::text as d from dashboard_rollup_state where id = 1`)) as Iterable<{ d: string }>);
  return row?.d ?? null;
}

/** The first day anything happened (the earliest task start), or null on an empty database. */
async function firstDay(db: Pick<Db, 'execute'>): Promise<string | null> {
  const [row] = Array.from(
    (await db.execute(sql`select (min(started_at) at time zone 'UTC')::date::text as d from tasks`)) as Iterable<{ d: string | null }>,
  );
  return row?.d ?? null;
}
