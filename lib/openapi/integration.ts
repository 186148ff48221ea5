import { errorResponses } from './shared';

const deadLetter = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    queue: { type: 'string', examples: ['TICKET_TASKS_PRODUCTION', 'TTS_ROLE_SYNC_QUEUE'] },
    task_name: { type: ['string', 'null'], examples: ['tickets.tasks.receive_ticket'] },
    message_id: { type: 'string', description: '`celery:<task id>`, or `sha256:<body hash>` when the message had no readable id' },
    reason: { type: 'string', description: 'Why it can never succeed' },
    headers: { type: ['object', 'null'], description: 'The AMQP headers as received' },
    body: { type: 'string', description: 'The body as received (`base64:` prefixed when it was not UTF-8 text)' },
    created_at: { type: 'string', format: 'date-time' },
  },
};

const outboundMessage = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid', description: 'pg-boss job id' },
    celery_task_id: { type: ['string', 'null'], description: 'The Celery task id the message carries (stable across retries)' },
    job_queue: { type: 'string', examples: ['ticket-status-sync'] },
    amqp_queue: { type: ['string', 'null'], examples: ['TICKET_STATUS_QUEUE'] },
    task: { type: ['string', 'null'], examples: ['ticket_service.update_status'] },
    state: { type: 'string', enum: ['waiting', 'failed'] },
    job_state: { type: 'string', enum: ['created', 'retry', 'active', 'failed'] },
    retry_count: { type: 'integer' },
    retry_limit: { type: 'integer' },
    last_error: { type: ['string', 'null'] },
    kwargs: { type: ['object', 'null'], description: 'The Celery kwargs' },
    created_at: { type: 'string', format: 'date-time' },
    next_attempt_at: { type: ['string', 'null'], format: 'date-time' },
  },
};

/** The RabbitMQ bridge's admin views: what was dead-lettered on the way in, what waits on the way out. */
export const integrationPaths: Record<string, unknown> = {
  '/api/v1/admin/dead-letters': {
    get: {
      tags: ['integration'],
      summary: 'Inbound broker messages that were dead-lettered, with their reasons, newest first (admins)',
      parameters: [
        { name: 'queue', in: 'query', schema: { type: 'string' }, description: 'Only this inbound queue' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        { name: 'cursor', in: 'query', schema: { type: 'integer' }, description: '`next_cursor` of the previous page' },
      ],
      responses: {
        '200': {
          description: 'A page of dead letters',
          content: {
            'application/json': {
              schema: { type: 'object', properties: { items: { type: 'array', items: deadLetter }, next_cursor: { type: ['integer', 'null'] } } },
            },
          },
        },
        ...errorResponses(400, 401, 403),
      },
    },
  },
  '/api/v1/admin/outbound': {
    get: {
      tags: ['integration'],
      summary: 'Outbound Celery messages waiting for the broker or failed, newest first (admins)',
      parameters: [
        { name: 'state', in: 'query', schema: { type: 'string', enum: ['waiting', 'failed', 'all'], default: 'all' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': {
          description: 'Counts and a page of messages',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  counts: { type: 'object', properties: { waiting: { type: 'integer' }, failed: { type: 'integer' } } },
                  items: { type: 'array', items: outboundMessage },
                  limit: { type: 'integer' },
                  offset: { type: 'integer' },
                },
              },
            },
          },
        },
        ...errorResponses(400, 401, 403),
      },
    },
  },
};
