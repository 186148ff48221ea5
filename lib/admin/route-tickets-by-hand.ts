import { requireAdmin } from '../auth/roles';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { routeTicketByHand } from '../tickets/route-ticket-by-hand';

export interface RouteTicketsResult {
  ticketNumber: string;
  outcome: 'routed' | 'refused';
  /** Why it was not routed (already routed, nobody in the start step's role, no such ticket). */
  reason: string | null;
}

/**
 * Routes one or many unrouted tickets by hand to one workflow: each ticket on its own (its own
 * transaction, through routeTicketByHand), so one that cannot be routed does not hold back the
 * others; the result says per ticket what happened.
 */
export async function routeTicketsByHand(
  db: Db,
  p: { actorUserId: number; ticketNumbers: string[]; workflowId: number; now?: Date },
): Promise<RouteTicketsResult[]> {
  await requireAdmin(db, p.actorUserId, 'Routing tickets by hand');
  const results: RouteTicketsResult[] = [];
  for (const ticketNumber of [...new Set(p.ticketNumbers)]) {
    try {
      await routeTicketByHand(db, { ticketNumber, workflowId: p.workflowId, actorUserId: p.actorUserId, now: p.now });
      results.push({ ticketNumber, outcome: 'routed', reason: null });
    } catch (err) {
      if (!(err instanceof AppError) || !err.isPermanent) throw err;
      results.push({ ticketNumber, outcome: 'refused', reason: err.message });
    }
  }
  return results;
}
