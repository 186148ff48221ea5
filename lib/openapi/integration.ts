import {
  deadLetterPageJsonSchema,
  listDeadLettersQuerySchema,
  listOutboundQuerySchema,
  outboundPageJsonSchema,
} from '../integration/schemas';
import { authErrors, defineOperation } from './registry';

/** The RabbitMQ bridge's admin views: what was dead-lettered on the way in, what waits on the way out. */
export const integrationOperations = [
  defineOperation({
    method: 'get',
    path: '/api/v1/admin/dead-letters',
    tags: ['integration'],
    summary: 'Inbound broker messages that were dead-lettered, with their reasons, newest first (admins)',
    query: listDeadLettersQuerySchema,
    responses: { 200: { description: 'A page of dead letters', schema: deadLetterPageJsonSchema } },
    errors: authErrors(403),
  }),
  defineOperation({
    method: 'get',
    path: '/api/v1/admin/outbound',
    tags: ['integration'],
    summary: 'Outbound Celery messages waiting for the broker or failed, newest first (admins)',
    query: listOutboundQuerySchema,
    responses: { 200: { description: 'Counts and a page of messages', schema: outboundPageJsonSchema } },
    errors: authErrors(403),
  }),
];
