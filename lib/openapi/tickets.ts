import { ticketDetailJsonSchema, ticketPageJsonSchema } from '../tickets/ticket-json';
import {
  intakeHeadersSchema,
  listTicketsQuerySchema,
  routeByHandSchema,
  ticketInputSchema,
  ticketNumberParamsSchema,
} from '../tickets/schemas';
import { authErrors, bodyErrors, defineOperation } from './registry';

const intake = (path: string, summary: string) =>
  defineOperation({
    method: 'post',
    path,
    tags: ['tickets'],
    summary,
    description:
      'A ticket as HDTS sends it; fields not listed (asset_name, serial_number, requested_budget, cost_items, ...) are kept in `payload` and used by end logic. ' +
      'Idempotent: the same ticket number (or Idempotency-Key) again answers 200 with the stored ticket and creates nothing. ' +
      '409 when the number belongs to a ticket the caller may not read, or to a different ticket (other subject, department or category) that came over the broker.',
    headers: intakeHeadersSchema,
    body: ticketInputSchema,
    responses: {
      201: { description: 'Stored; routing happens in the background', schema: ticketDetailJsonSchema },
      200: { description: 'Already received (same ticket number or Idempotency-Key): the stored ticket', schema: ticketDetailJsonSchema },
    },
    errors: bodyErrors(409, 503),
  });

/** Ticket intake and read-back (HDTS). */
export const ticketOperations = [
  intake('/api/v1/tickets', 'Submit a ticket (HDTS intake)'),
  intake('/send/', "Submit a ticket: the Ticket Service's original path, same body and behaviour"),
  defineOperation({
    method: 'get',
    path: '/api/v1/tickets',
    tags: ['tickets'],
    summary: "List tickets, newest first: all for admins, else the caller's own",
    query: listTicketsQuerySchema,
    responses: { 200: { description: 'A page of tickets', schema: ticketPageJsonSchema } },
    errors: authErrors(403),
  }),
  defineOperation({
    method: 'get',
    path: '/api/v1/tickets/{ticket_number}',
    tags: ['tickets'],
    summary: 'A ticket with its task and task items (submitter, participants and admins)',
    params: ticketNumberParamsSchema,
    responses: { 200: { description: 'The ticket', schema: ticketDetailJsonSchema } },
    errors: authErrors(404),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/tickets/{ticket_number}/route',
    tags: ['tickets'],
    summary: 'Route a ticket by hand to a deployed workflow (admins); for tickets no workflow matched',
    params: ticketNumberParamsSchema,
    body: routeByHandSchema,
    responses: { 200: { description: 'Routed: the ticket with its new task', schema: ticketDetailJsonSchema } },
    errors: bodyErrors(403, 404, 409),
  }),
];
