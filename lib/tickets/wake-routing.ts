import { type SQL, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { tickets } from '../db/schema';
import { enqueue, enqueueQuery } from '../jobs/send';

/**
 * Tells the routing workers that pending tickets wait: queues the `ticket-route` wake-up, in the
 * caller's transaction (a rolled-back intake wakes nobody). At most one wake-up is queued at a time
 * (queue policy `short`): while one waits, this is a no-op, so every intake of a burst shares it.
 * Call it last in the transaction: concurrent senders queue on that one row until commit.
 */
export async function wakeRouting(db: DbOrTx): Promise<void> {
  await enqueue(db, 'routeTickets', {});
}

let wakeQuery: Promise<SQL> | undefined;
/**
 * wakeRouting as part of a larger statement (a CTE), for an intake that is one statement. The
 * same every time: built by pg-boss once.
 */
export function wakeRoutingQuery(): Promise<SQL> {
  wakeQuery ??= enqueueQuery('routeTickets', {}).catch((err) => {
    wakeQuery = undefined;
    throw err;
  });
  return wakeQuery;
}

/**
 * The sweep: wakes routing when a pending ticket waits without a wake-up (one that committed just
 * as a worker found the queue empty, or whose worker was killed). Cheap when nothing waits: one
 * index probe.
 */
export async function wakeRoutingIfPending(db: DbOrTx): Promise<boolean> {
  const [pending] = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.routingStatus, 'pending')).limit(1);
  if (pending) await wakeRouting(db);
  return pending !== undefined;
}
