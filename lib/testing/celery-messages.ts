import { randomUUID } from 'node:crypto';
import type { Options } from 'amqplib';
import { pythonRepr } from '../amqp/python-repr';

/**
 * Python's `json.dumps` with its defaults (", " and ": " separators, ensure_ascii), which is what
 * kombu puts on the wire; used to build messages byte for byte as a Celery 5 producer sends them.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`)
    .join(', ')}}`;
}

export interface ProducedMessage {
  id: string;
  content: Buffer;
  options: Options.Publish;
}

/**
 * A task message exactly as `app.send_task(name, args=..., kwargs=..., queue=...)` of Celery 5.2
 * publishes it (shared/reference/celery-wire.md): every property and header, the Python reprs, and
 * the three-element body in Python's JSON formatting.
 */
export function celeryProducerMessage(
  task: string,
  kwargs: Record<string, unknown>,
  o: { id?: string; args?: unknown[]; origin?: string } = {},
): ProducedMessage {
  const id = o.id ?? randomUUID();
  const args = o.args ?? [];
  const body = `[${pythonJsonDumps(args)}, ${pythonJsonDumps(kwargs)}, {"callbacks": null, "errbacks": null, "chain": null, "chord": null}]`;
  return {
    id,
    content: Buffer.from(body, 'utf8'),
    options: {
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      deliveryMode: 2,
      priority: 0,
      correlationId: id,
      replyTo: randomUUID(),
      headers: {
        lang: 'py',
        task,
        id,
        shadow: null,
        eta: null,
        expires: null,
        group: null,
        group_index: null,
        retries: 0,
        timelimit: [null, null],
        root_id: id,
        parent_id: null,
        argsrepr: pythonRepr(args, { asTuple: true }),
        kwargsrepr: pythonRepr(kwargs),
        origin: o.origin ?? 'gen4242@hdts-worker',
        ignore_result: false,
      },
    },
  };
}

/** A protocol v1 message (Celery 3 style): no headers, everything in the body. */
export function celeryV1Message(task: string, kwargs: Record<string, unknown>, o: { id?: string; args?: unknown[] } = {}): ProducedMessage {
  const id = o.id ?? randomUUID();
  const body = { task, id, args: o.args ?? [], kwargs, retries: 0, eta: null, expires: null };
  return { id, content: Buffer.from(pythonJsonDumps(body)), options: { contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 2 } };
}
