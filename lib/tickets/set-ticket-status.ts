import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { tickets } from '../db/schema';
import { enqueue } from '../jobs/send';
import type { TicketStatus } from './schemas';

/**
 * Changes a ticket's status and, in the same transaction, queues the status sync that tells HDTS
 * (`ticket_service.update_status`). No-op when the status is already that.
 */
export async function setTicketStatus(db: DbOrTx, ticketId: number, status: TicketStatus): Promise<boolean> {
  const [row] = await db
    .update(tickets)
    .set({ status, updatedAt: sql`now()` })
    .where(sql`${tickets.id} = ${ticketId} and ${tickets.status} is distinct from ${status}`)
    .returning({ ticketNumber: tickets.ticketNumber });
  if (!row) return false;
  await enqueue(db, 'ticketStatusSync', { ticket_id: row.ticketNumber, status });
  return true;
}

export async function findTicketById(db: DbOrTx, ticketId: number) {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  return row ?? null;
}

