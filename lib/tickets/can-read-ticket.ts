import { and, eq, or, sql } from 'drizzle-orm';
import { isAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { taskItems, tasks } from '../db/schema';

/**
 * Who may see a ticket: the identity that submitted it, its participants (the coordinator and
 * everyone who held one of its task items) and admins.
 */
export async function canReadTicket(
  db: DbOrTx,
  ticket: { id: number; submittedBy: number | null },
  userId: number,
): Promise<boolean> {
  if (ticket.submittedBy === userId) return true;
  const [participant] = await db
    .select({ one: sql<number>`1` })
    .from(tasks)
    .leftJoin(taskItems, eq(taskItems.taskId, tasks.id))
    .where(and(eq(tasks.ticketId, ticket.id), or(eq(tasks.ownerUserId, userId), eq(taskItems.userId, userId))))
    .limit(1);
  return canReadTicketAmong(db, ticket, participant ? [userId] : [], userId);
}

/**
 * canReadTicket for a caller that already read the ticket's participants (the coordinator and
 * everyone who held one of its items) with other things in one statement: only an outsider
 * costs a query (the admin check).
 */
export async function canReadTicketAmong(
  db: DbOrTx,
  ticket: { submittedBy: number | null },
  participants: readonly number[],
  userId: number,
): Promise<boolean> {
  if (ticket.submittedBy === userId || participants.includes(userId)) return true;
  return isAdmin(db, userId);
}
