import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { tickets, workflows } from '../db/schema';
import { AppError } from '../errors';
import { type RouteTicketResult, routeLockedTickets } from './route-tickets';

export { COORDINATOR_ROLE, type RouteTicketResult } from './route-tickets';
export { matchWorkflow } from './match-workflow';

/**
 * Routes one ticket now (routing by hand, tests): locks it and routes it as a set of one, with the
 * same rules as the routing worker's batches (routeLockedTickets). Waits for a worker that holds
 * it; does nothing to a ticket already routed.
 */
export async function routeTicket(
  db: Db,
  ticketId: number,
  now = new Date(),
  /** Routing by hand: this deployed workflow instead of the matched one, and who chose it. */
  byHand?: { workflowId: number; actorUserId: number },
): Promise<RouteTicketResult> {
  return db.transaction(async (tx) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    if (!ticket) throw new Error(`routeTicket: ticket ${ticketId} does not exist`);
    let hand: { workflow: typeof workflows.$inferSelect; actorUserId: number } | undefined;
    if (byHand && ticket.routingStatus !== 'routed') {
      const [workflow] = await tx.select().from(workflows).where(and(eq(workflows.id, byHand.workflowId), eq(workflows.status, 'deployed')));
      if (!workflow) throw new AppError('NOT_FOUND', `No deployed workflow ${byHand.workflowId}`);
      hand = { workflow, actorUserId: byHand.actorUserId };
    }
    const results = await routeLockedTickets(tx, [ticket], { now, byHand: hand });
    return results.get(ticket.id)!;
  });
}
