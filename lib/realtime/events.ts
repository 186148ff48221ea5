import { z } from 'zod';

/**
 * The fan-out channel. Whatever writes something a page shows (a comment, a notification, a task
 * item change) calls `pg_notify(REALTIME_CHANNEL, payload)` in the transaction that writes it, so
 * the event goes out only on commit and never for a rollback; every sidecar LISTENs on it and
 * emits to its own sockets. Payloads are ids only: NOTIFY stops at 8,000 bytes, and a page
 * refetches what it shows anyway (events are hints, not the record).
 */
export const REALTIME_CHANNEL = 'tts_realtime';

const id = z.number().int().positive();

export const realtimeEventSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('comment'), op: z.enum(['created', 'updated', 'deleted']), id, ticket: z.string() }),
  z.object({ k: z.literal('notification'), id, user: id }),
  // `ticket`: the item's ticket number, so a ticket's room hears it too (optional: an announcement
  // from a process of an earlier version has none).
  z.object({ k: z.literal('task_item'), id, status: z.string(), users: z.array(id), ticket: z.string().optional() }),
]);
export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;
