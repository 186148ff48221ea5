/** Shorthand for the error responses most operations share. */
export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: errorText[c] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );

const errorText: Record<number, string> = {
  400: 'Invalid input; `issues` names each bad field',
  401: 'Missing, invalid or expired token',
  403: 'Not allowed (also: a cookie-identified request from another site)',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Body is not JSON',
  503: 'A dependency is down',
};

/** A ticket in brief (lib/tickets/ticket-json.ts ticketSummaryJson). */
export const ticketSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    ticket_number: { type: 'string' },
    subject: { type: 'string' },
    department: { type: 'string' },
    category: { type: 'string' },
    sub_category: { type: ['string', 'null'] },
    priority: { type: 'string', enum: ['Low', 'Medium', 'High', 'Critical'] },
    status: { type: 'string' },
  },
};

/** The whole ticket (ticketJson). */
export const ticketSchema = {
  allOf: [
    ticketSummarySchema,
    {
      type: 'object',
      properties: {
        description: { type: 'string' },
        routing_status: { type: 'string', enum: ['pending', 'routed', 'unrouted'] },
        routing_note: { type: ['string', 'null'], description: 'Why an unrouted ticket could not be routed' },
        source: { type: 'string', enum: ['http', 'amqp'] },
        submitted_by: { type: ['integer', 'null'] },
        created_at: { type: 'string', format: 'date-time' },
        updated_at: { type: 'string', format: 'date-time' },
        payload: { type: 'object', description: 'The payload as received' },
      },
    },
  ],
};
