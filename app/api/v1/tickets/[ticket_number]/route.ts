import { getDb } from '@/lib/db/client';
import { route } from '@/lib/http';
import { getTicket } from '@/lib/tickets/get-ticket';

export const GET = route<{ ticket_number: string }>(async ({ params, actor }) =>
  Response.json(await getTicket(getDb(), params.ticket_number, actor.userId)),
);
