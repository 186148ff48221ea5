import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { getTicket } from '@/lib/tickets/get-ticket';
import { ticketNumberParamsSchema } from '@/lib/tickets/schemas';

export const GET = route<{ ticket_number: string }>(async ({ params, actor }) => {
  const { ticket_number } = parseWith(ticketNumberParamsSchema, params);
  return Response.json(await getTicket(getDb(), ticket_number, actor.userId));
});
