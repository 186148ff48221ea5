import { z } from 'zod';
import { cursorParam, pageLimit, pageOffset } from '../validation';

export const listDeadLettersQuerySchema = z.object({
  queue: z.string().trim().min(1).max(200).optional(),
  state: z.enum(['open', 'discarded', 'all']).default('all'),
  limit: pageLimit(),
  cursor: cursorParam(),
});
export type ListDeadLettersQuery = z.infer<typeof listDeadLettersQuerySchema>;

export const listOutboundQuerySchema = z.object({
  state: z.enum(['waiting', 'failed', 'all']).default('all'),
  limit: pageLimit(),
  offset: pageOffset(),
});
export type ListOutboundQuery = z.infer<typeof listOutboundQuerySchema>;

// Response shapes (OpenAPI, lib/openapi/integration.ts).
export const deadLetterPageJsonSchema = z.object({
  items: z.array(
    z.object({
      id: z.int(),
      queue: z.string().meta({ examples: ['TICKET_TASKS_PRODUCTION', 'TTS_ROLE_SYNC_QUEUE'] }),
      task_name: z.string().nullable().meta({ examples: ['tickets.tasks.receive_ticket'] }),
      message_id: z.string().meta({ description: '`celery:<task id>`, or `sha256:<body hash>` when the message had no readable id' }),
      reason: z.string().meta({ description: 'Why it can never succeed' }),
      headers: z.record(z.string(), z.unknown()).nullable().meta({ description: 'The AMQP headers as received' }),
      body: z.string().meta({ description: 'The body as received (`base64:` prefixed when it was not UTF-8 text)' }),
      created_at: z.iso.datetime(),
      replayed_at: z.iso.datetime().nullable().meta({ description: 'When an admin replayed it (once only)' }),
      replayed_by: z.int().nullable(),
      replay_outcome: z.string().nullable().meta({ description: '`applied`, `already_applied` or `failed: <reason>`; null while running or never replayed' }),
      discarded_at: z.iso.datetime().nullable(),
      discarded_by: z.int().nullable(),
    }),
  ),
  next_cursor: z.int().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
});

export const outboundPageJsonSchema = z.object({
  counts: z.object({ waiting: z.int(), failed: z.int() }),
  items: z.array(
    z.object({
      id: z.string().meta({ description: 'pg-boss job id' }),
      celery_task_id: z.string().nullable().meta({ description: 'The Celery task id the message carries (stable across retries)' }),
      job_queue: z.string().meta({ examples: ['ticket-status-sync'] }),
      amqp_queue: z.string().nullable().meta({ examples: ['TICKET_STATUS_QUEUE'] }),
      task: z.string().nullable().meta({ examples: ['ticket_service.update_status'] }),
      state: z.enum(['waiting', 'failed']),
      job_state: z.string().meta({ examples: ['created', 'retry', 'active', 'failed'] }),
      retry_count: z.int(),
      retry_limit: z.int(),
      last_error: z.string().nullable(),
      kwargs: z.record(z.string(), z.unknown()).nullable().meta({ description: 'The Celery kwargs' }),
      created_at: z.iso.datetime().nullable(),
      next_attempt_at: z.iso.datetime().nullable(),
    }),
  ),
  limit: z.int(),
  offset: z.int(),
});
