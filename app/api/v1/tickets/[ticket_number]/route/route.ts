import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';
import { routeByHandSchema, routeTicketByHand } from '@/lib/tickets/route-ticket-by-hand';

/** Admins route an unrouted ticket to a deployed workflow by hand. */
export const POST = route<{ ticket_number: string }>(async ({ req, params, actor }) => {
  const body = parseWith(routeByHandSchema, await readJsonBody(req));
  const ticket = await routeTicketByHand(getDb(), {
    ticketNumber: params.ticket_number,
    workflowId: body.workflow_id,
    actorUserId: actor.userId,
  });
  return Response.json(ticket);
});
