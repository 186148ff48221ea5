import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { tickets } from '../db/schema';
import { enqueueMany } from '../jobs/send';
import type { TicketStatus } from './schemas';

/**
 * Changes a ticket's status and, in the same transaction, queues the status sync that tells HDTS
 * (`ticket_service.update_status`). No-op when the status is already that.
 */
export async function setTicketStatus(db: DbOrTx, ticketId: number, status: TicketStatus): Promise<boolean> {
  return (await setTicketsStatus(db, [ticketId], status)) > 0;
}

/**
 * setTicketStatus for many tickets at once (a routed batch): one update and one job insert. Returns
 * how many tickets changed (those already in `status` change nothing and send nothing).
 */
export async function setTicketsStatus(db: DbOrTx, ticketIds: number[], status: TicketStatus): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const rows = await db
    .update(tickets)
    .set({ status, updatedAt: sql`now()` })
    .where(and(inArray(tickets.id, ticketIds), ne(tickets.status, status)))
    .returning({ id: tickets.id, ticketNumber: tickets.ticketNumber });
  // In ticket order, so the syncs of one batch go out in the order the tickets came.
  rows.sort((a, b) => a.id - b.id);
  await queueStatusSyncs(db, rows.map((r) => r.ticketNumber), status);
  return rows.length;
}

/**
 * The status syncs for tickets whose status the caller has just changed to `status` in its own
 * update (routing sets the status together with the routing state, in one statement).
 */
export async function queueStatusSyncs(db: DbOrTx, ticketNumbers: string[], status: TicketStatus): Promise<void> {
  await enqueueMany(db, 'ticketStatusSync', ticketNumbers.map((ticketNumber) => ({ payload: { ticket_id: ticketNumber, status } })));
}

export async function findTicketById(db: DbOrTx, ticketId: number) {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  return row ?? null;
}
