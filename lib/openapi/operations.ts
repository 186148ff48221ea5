import { z } from 'zod';
import { defineOperation } from './registry';

const component = (status: string[]) =>
  z.object({
    status: z.enum(status as [string, ...string[]]),
    latency_ms: z.int().optional(),
    error: z.string().optional().meta({ description: 'Admins only' }),
  });

/** GET /api/health (app/api/health/route.ts). */
export const healthJsonSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  database: component(['up', 'down']),
  broker: component(['up', 'down', 'disabled']),
  workers: z
    .object({
      status: z.enum(['up', 'down']),
      running: z.int(),
      last_seen_at: z.iso.datetime().nullable(),
      bridge: z.enum(['connected', 'disconnected', 'disabled', 'unknown']),
    })
    .nullable(),
});

/** Health and this document. */
export const operationsOperations = [
  defineOperation({
    method: 'get',
    path: '/api/health',
    tags: ['operations'],
    summary: 'Health: the database, the broker, and the worker processes with their RabbitMQ bridge',
    description:
      "`status` is `ok`, `degraded` (the broker is unreachable, no worker has been heard from for 30 s, or the workers' bridge is disconnected: intake still works, jobs and outbound messages wait) or `down` (the database). " +
      'Needs no credentials; the `error` text of a component that is down is shown only to an admin caller (Auth Service token or UI session).',
    isPublic: true,
    responses: {
      200: { description: 'The database is up (status ok or degraded)', schema: healthJsonSchema },
      503: { description: 'The database is down', schema: healthJsonSchema },
    },
    errors: { 400: 'A query parameter holds text storage cannot (NUL, an unpaired surrogate)' },
  }),
  defineOperation({
    method: 'get',
    path: '/api/openapi.json',
    tags: ['operations'],
    summary: 'This document (OpenAPI 3.1)',
    isPublic: true,
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.object({ openapi: z.literal('3.1.0') }).loose() } },
    errors: {},
  }),
];
