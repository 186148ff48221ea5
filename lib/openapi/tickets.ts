import { errorResponses, ticketSchema } from './shared';

const ticketInput = {
  type: 'object',
  required: ['subject', 'department', 'category'],
  additionalProperties: true,
  description:
    'A ticket as HDTS sends it. Fields not listed (asset_name, serial_number, requested_budget, cost_items, ...) are kept in `payload` and used by end logic.',
  properties: {
    ticket_number: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: "HDTS's number; made (TX + date + 6 digits) when absent" },
    ticket_id: { type: ['string', 'integer'], description: 'Alias of ticket_number (the Ticket Service name)' },
    subject: { type: 'string', maxLength: 500 },
    description: { type: ['string', 'null'] },
    department: { type: 'string' },
    category: { type: 'string' },
    sub_category: { type: ['string', 'null'] },
    subcategory: { type: ['string', 'null'], description: 'Alias of sub_category' },
    priority: { type: 'string', enum: ['Low', 'Medium', 'High', 'Critical', 'Urgent'], default: 'Medium', description: 'Urgent is stored as Critical' },
    status: { type: 'string', enum: ['New', 'Open', 'In Progress', 'On Hold', 'Pending', 'Resolved', 'Rejected', 'Withdrawn', 'Closed'] },
    employee: { type: ['object', 'null'], properties: { id: { type: ['integer', 'string'] }, name: { type: 'string' }, email: { type: 'string' } } },
    source_service: { type: ['string', 'null'] },
  },
};

const ticketDetail = {
  allOf: [
    ticketSchema,
    {
      type: 'object',
      properties: {
        task: {
          type: ['object', 'null'],
          properties: {
            id: { type: 'integer' },
            status: { type: 'string', enum: ['pending', 'in_progress', 'on_hold', 'completed', 'cancelled'] },
            current_step: { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
            owner_user_id: { type: ['integer', 'null'], description: 'The Ticket Coordinator' },
            target_resolution: { type: 'string', format: 'date-time' },
            started_at: { type: 'string', format: 'date-time' },
            resolved_at: { type: ['string', 'null'], format: 'date-time' },
            workflow: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, version: { type: 'integer' } } },
          },
        },
        task_items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              user_id: { type: 'integer' },
              step: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
              status: { type: 'string', enum: ['new', 'in_progress', 'resolved', 'reassigned', 'escalated', 'breached'] },
              origin: { type: 'string', enum: ['system', 'transferred', 'escalated'] },
              assigned_at: { type: 'string', format: 'date-time' },
              target_at: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
  ],
};

const intake = (summary: string) => ({
  tags: ['tickets'],
  summary,
  description:
    'Idempotent: the same ticket number (or Idempotency-Key) again answers 200 with the stored ticket and creates nothing. ' +
    '409 when the number belongs to a ticket the caller may not read, or to a different ticket (other subject, department or category) that came over the broker.',
  parameters: [
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', maxLength: 200 },
      description: 'The same key again (from the same caller) returns the stored ticket and creates nothing',
    },
  ],
  requestBody: { required: true, content: { 'application/json': { schema: ticketInput } } },
  responses: {
    '201': { description: 'Stored; routing happens in the background', content: { 'application/json': { schema: ticketDetail } } },
    '200': { description: 'Already received (same ticket number or Idempotency-Key): the stored ticket', content: { 'application/json': { schema: ticketDetail } } },
    ...errorResponses(400, 401, 409, 413, 415, 503),
  },
});

/** Ticket intake and read-back (HDTS). */
export const ticketPaths: Record<string, unknown> = {
  '/api/v1/tickets': {
    post: intake('Submit a ticket (HDTS intake)'),
    get: {
      tags: ['tickets'],
      summary: 'List tickets, newest first: all for admins, else the caller\'s own',
      parameters: [
        { name: 'routed', in: 'query', schema: { type: 'string', enum: ['true', 'false'] }, description: '`false`: tickets that wait for an admin (admins only): unrouted, or pending for over 5 minutes' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        { name: 'cursor', in: 'query', schema: { type: 'integer' }, description: '`next_cursor` of the previous page' },
      ],
      responses: {
        '200': {
          description: 'A page of tickets',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { items: { type: 'array', items: ticketSchema }, next_cursor: { type: ['integer', 'null'] } } },
            },
          },
        },
        ...errorResponses(400, 401, 403),
      },
    },
  },
  '/send/': { post: intake("Submit a ticket: the Ticket Service's original path, same body and behaviour") },
  '/api/v1/tickets/{ticket_number}': {
    get: {
      tags: ['tickets'],
      summary: 'A ticket with its task and task items (submitter, participants and admins)',
      parameters: [{ name: 'ticket_number', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'The ticket', content: { 'application/json': { schema: ticketDetail } } }, ...errorResponses(401, 404) },
    },
  },
  '/api/v1/tickets/{ticket_number}/route': {
    post: {
      tags: ['tickets'],
      summary: 'Route a ticket by hand to a deployed workflow (admins); for tickets no workflow matched',
      parameters: [{ name: 'ticket_number', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', required: ['workflow_id'], properties: { workflow_id: { type: 'integer' } } } } },
      },
      responses: {
        '200': { description: 'Routed: the ticket with its new task', content: { 'application/json': { schema: ticketDetail } } },
        ...errorResponses(400, 401, 403, 404, 409, 413, 415),
      },
    },
  },
  '/api/health': {
    get: {
      tags: ['operations'],
      summary: 'Health: the database, the broker, and the worker processes with their RabbitMQ bridge',
      description:
        '`status` is `ok`, `degraded` (the broker is unreachable, no worker has been heard from for 30 s, or the workers\' bridge is disconnected: intake still works, jobs and outbound messages wait) or `down` (the database). Needs no credentials; the `error` text of a component that is down is shown only to an admin caller (Auth Service token or UI session).',
      security: [],
      responses: {
        '200': {
          description: 'The database is up (status ok or degraded)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
                  database: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] }, latency_ms: { type: 'integer' }, error: { type: 'string', description: 'Admins only' } } },
                  broker: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down', 'disabled'] }, error: { type: 'string', description: 'Admins only' } } },
                  workers: {
                    type: ['object', 'null'],
                    properties: {
                      status: { type: 'string', enum: ['up', 'down'] },
                      running: { type: 'integer' },
                      last_seen_at: { type: ['string', 'null'], format: 'date-time' },
                      bridge: { type: 'string', enum: ['connected', 'disconnected', 'disabled', 'unknown'] },
                    },
                  },
                },
              },
            },
          },
        },
        '503': { description: 'The database is down' },
      },
    },
  },
  '/api/openapi.json': {
    get: { tags: ['operations'], summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } },
  },
};
