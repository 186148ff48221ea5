import type { DbOrTx } from '../db/client';
import { deadLetters } from '../db/schema';

export interface RecordDeadLetterParams {
  queue: string;
  taskName?: string | null;
  /** `celery:<task id>`, or `sha256:<body hash>` when the message has no readable id. */
  messageId: string;
  reason: string;
  headers?: Record<string, unknown> | null;
  body: Buffer | string;
}

const MAX_STORED_BODY = 1024 * 1024;

/**
 * Keeps an inbound message that can never succeed, with its reason, for the admin listing.
 * Idempotent on (queue, message id): the same poison message delivered again is recorded once.
 * Returns false when it was already there.
 */
export async function recordDeadLetter(db: DbOrTx, p: RecordDeadLetterParams): Promise<boolean> {
  const rows = await db
    .insert(deadLetters)
    .values({
      queue: p.queue,
      taskName: p.taskName ? clean(p.taskName).slice(0, 255) : null,
      messageId: clean(p.messageId).slice(0, 300),
      reason: clean(p.reason).slice(0, 4000),
      headers: p.headers ? (jsonSafe(p.headers) as Record<string, unknown>) : null,
      body: storableBody(p.body),
    })
    .onConflictDoNothing()
    .returning({ id: deadLetters.id });
  return rows.length > 0;
}

/**
 * Postgres text holds neither NUL nor invalid UTF-8, and poison messages are exactly where those
 * turn up; such a body is kept as base64 so the record can still be written.
 */
function storableBody(body: Buffer | string): string {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const cut = buf.byteLength > MAX_STORED_BODY ? buf.subarray(0, MAX_STORED_BODY) : buf;
  const suffix = cut === buf ? '' : `\n[truncated: ${buf.byteLength} bytes in all]`;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(cut);
    if (!text.includes('\u0000')) return text + suffix;
  } catch {
    // not UTF-8: fall through
  }
  return `base64:${cut.toString('base64')}${suffix}`;
}

/** Text columns take no NUL; poison messages are where one turns up (a task name, a reason quoting it). */
const clean = (text: string) => text.replaceAll('\u0000', '');

/** AMQP header tables may hold Buffers, bigints and NULs, none of which jsonb takes as they are. */
export function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Buffer.isBuffer(value)) return `base64:${value.toString('base64')}`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.replaceAll('\u0000', ''), jsonSafe(v)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
