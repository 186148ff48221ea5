import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { executePrepared } from '../db/execute-prepared';
import { REALTIME_CHANNEL, type RealtimeEvent } from './events';

/**
 * Announces changes to the realtime sidecars, in the caller's transaction (delivered on commit,
 * dropped on rollback; Postgres also folds identical payloads of one transaction into one). One
 * statement for any number of events.
 */
export async function publishRealtime(tx: DbOrTx, events: RealtimeEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads = JSON.stringify(events.map((e) => JSON.stringify(e)));
  await executePrepared(tx, sql`select pg_notify(${REALTIME_CHANNEL}, p) from json_array_elements_text(${payloads}::json) as p`);
}

/**
 * Announces a task item change to the pages that show it: those of the item's holder and the
 * task's coordinator (their own rooms), and every page open on its ticket (the ticket's room:
 * the ticket page and its items' task pages, whoever reads them). Holder, coordinator and ticket
 * number are read in the same statement, so the caller need not know them.
 */
export async function publishTaskItemChanged(tx: DbOrTx, taskItemId: number, status: string): Promise<void> {
  await tx.execute(sql`
    select pg_notify(${REALTIME_CHANNEL}, json_build_object(
      'k', 'task_item', 'id', ti.id, 'status', ${status}::text,
      'users', (select coalesce(json_agg(distinct u), '[]'::json) from unnest(array[ti.user_id, t.owner_user_id]) as u where u is not null),
      'ticket', tk.ticket_number
    )::text)
    from task_items ti join tasks t on t.id = ti.task_id join tickets tk on tk.id = t.ticket_id
    where ti.id = ${taskItemId}`);
}
