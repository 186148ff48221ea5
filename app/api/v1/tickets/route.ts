import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';
import { getTicket, newTicketJson } from '@/lib/tickets/get-ticket';
import { intakeTicket } from '@/lib/tickets/intake-ticket';
import { listTickets } from '@/lib/tickets/list-tickets';
import { intakeHeadersSchema, listTicketsQuerySchema } from '@/lib/tickets/schemas';

/**
 * HDTS intake (also mounted at POST /send/). 201 with the new ticket; 200 with the stored one when
 * the ticket number or Idempotency-Key was seen before. The production web process
 * (scripts/start-web.ts) calls this handler itself, without Next's router, for both paths.
 */
export const POST = route(async ({ req, actor }) => {
  const body = await readJsonBody(req);
  const { 'idempotency-key': key } = parseWith(intakeHeadersSchema, { 'idempotency-key': req.headers.get('idempotency-key') ?? undefined });
  const db = getDb();
  const { ticket, isNew } = await intakeTicket(db, {
    payload: body,
    source: 'http',
    submittedBy: actor.userId,
    messageId: key === undefined ? undefined : `http:${actor.userId}:${key}`,
  });
  // A new ticket is answered as stored (no task yet: routing follows the commit); a repeat with
  // what it has become.
  if (isNew) return Response.json(newTicketJson(ticket), { status: 201 });
  return Response.json(await getTicket(db, ticket.ticketNumber, actor.userId), { status: 200 });
});

export const GET = route(async ({ req, actor }) => {
  const query = parseWith(listTicketsQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listTickets(getDb(), actor.userId, query));
});
