import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';
import { routeTicketByHand } from '@/lib/tickets/route-ticket-by-hand';
import { routeByHandSchema, ticketNumberParamsSchema } from '@/lib/tickets/schemas';

/** Admins route an unrouted ticket to a deployed workflow by hand. */
export const POST = route<{ ticket_number: string }>(async ({ req, params, actor }) => {
  const { ticket_number } = parseWith(ticketNumberParamsSchema, params);
  const body = parseWith(routeByHandSchema, await readJsonBody(req));
  const ticket = await routeTicketByHand(getDb(), {
    ticketNumber: ticket_number,
    workflowId: body.workflow_id,
    actorUserId: actor.userId,
  });
  return Response.json(ticket);
});
