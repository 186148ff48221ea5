import { eq } from 'drizzle-orm';
import { requireAdmin } from '../auth/roles';
import type { Db } from '../db/client';
import { tickets } from '../db/schema';
import { AppError, notFound } from '../errors';
import { getTicket } from './get-ticket';
import { routeTicket } from './route-ticket';

/**
 * An admin routes a ticket that matched no workflow (or is still waiting) to a deployed workflow of
 * their choice: the same task creation and round robin as automatic routing. 409 when the ticket is
 * already routed or nobody in the start step's role can take it.
 */
export async function routeTicketByHand(
  db: Db,
  p: { ticketNumber: string; workflowId: number; actorUserId: number; now?: Date },
) {
  await requireAdmin(db, p.actorUserId, 'Routing a ticket by hand');
  const [ticket] = await db.select().from(tickets).where(eq(tickets.ticketNumber, p.ticketNumber));
  if (!ticket) throw notFound('Ticket');
  const result = await routeTicket(db, ticket.id, p.now ?? new Date(), { workflowId: p.workflowId, actorUserId: p.actorUserId });
  if (result.outcome === 'already_done') throw new AppError('CONFLICT', `Ticket ${p.ticketNumber} is already routed`);
  if (result.outcome === 'unrouted') throw new AppError('CONFLICT', result.reason);
  return getTicket(db, p.ticketNumber, p.actorUserId);
}
