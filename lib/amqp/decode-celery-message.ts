import { inflateSync } from 'node:zlib';
import type { MessageProperties } from 'amqplib';

export interface DecodedCeleryTask {
  protocol: 1 | 2;
  task: string;
  /** The Celery task id: unique per send, the key for de-duplicating redeliveries and re-sends. */
  id: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  /** Celery's `expires`: after this time the task must not run (Celery revokes it); null: never. */
  expires: Date | null;
}

/**
 * A message that will fail the same way on every delivery. The consumer dead-letters it instead of
 * requeueing it. Carries what could be read before the failure, for the dead-letter record.
 */
export class PoisonMessageError extends Error {
  constructor(
    readonly reason: string,
    readonly partial: { task?: string; id?: string } = {},
  ) {
    super(reason);
    this.name = 'PoisonMessageError';
  }
}

interface RawMessage {
  content: Buffer;
  properties: Pick<MessageProperties, 'contentType' | 'contentEncoding' | 'headers' | 'correlationId'>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * Reads a Celery task message, protocol v2 (task and id in headers, body `[args, kwargs, embed]`)
 * or v1 (no task header, body `{task, id, args, kwargs, ...}`). Only JSON is accepted: a pickle or
 * yaml body would mean running a peer's serializer, which is both unsafe and never what HDTS or
 * the Auth Service send. Throws PoisonMessageError for anything unreadable.
 */
export function decodeCeleryMessage(msg: RawMessage, options: { maxBytes?: number } = {}): DecodedCeleryTask {
  const headers = isRecord(msg.properties.headers) ? msg.properties.headers : {};
  const headerTask = nonEmptyString(headers.task);
  const headerId = nonEmptyString(headers.id) ?? nonEmptyString(msg.properties.correlationId);
  const partial = { task: headerTask, id: headerId };
  const poison = (reason: string) => new PoisonMessageError(reason, partial);

  if (options.maxBytes !== undefined && msg.content.byteLength > options.maxBytes) {
    throw poison(`body of ${msg.content.byteLength} bytes exceeds the limit of ${options.maxBytes}`);
  }
  const contentType = String(msg.properties.contentType ?? '').toLowerCase();
  if (contentType && contentType !== 'application/json') {
    throw poison(`unsupported content type "${msg.properties.contentType}" (only application/json is accepted)`);
  }
  const encoding = String(msg.properties.contentEncoding ?? 'utf-8').toLowerCase();
  if (!['utf-8', 'utf8', 'binary'].includes(encoding)) {
    throw poison(`unsupported content encoding "${msg.properties.contentEncoding}"`);
  }

  let raw = msg.content;
  if (headers.compression !== undefined) {
    // kombu's "gzip" compression is zlib.compress, i.e. a zlib stream, not a gzip file.
    if (!['application/x-gzip', 'gzip', 'zlib'].includes(String(headers.compression))) {
      throw poison(`unsupported compression "${String(headers.compression)}"`);
    }
    try {
      // Bounded like an uncompressed body: a small "zip bomb" must not run the worker out of memory.
      raw = inflateSync(raw, options.maxBytes === undefined ? {} : { maxOutputLength: options.maxBytes });
    } catch (err) {
      throw poison(
        (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
          ? `body larger than ${options.maxBytes} bytes once decompressed`
          : `cannot decompress body: ${(err as Error).message}`,
      );
    }
  }

  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (err) {
    throw poison(`body is not valid UTF-8 JSON: ${(err as Error).message}`);
  }

  if (headerTask) {
    if (!headerId) throw poison('protocol v2 message without a task id (headers.id)');
    // Celery itself only accepts three elements; taking two as well costs nothing on the way in.
    if (!Array.isArray(body) || body.length < 2 || body.length > 3) {
      throw poison('protocol v2 body must be a JSON array [args, kwargs, embed]');
    }
    return { protocol: 2, task: headerTask, id: headerId, ...argsAndKwargs(body[0], body[1], poison), expires: expiry(headers.expires, poison) };
  }

  if (!isRecord(body)) throw poison('message has no task header and its body is not a protocol v1 task object');
  const task = nonEmptyString(body.task);
  const id = nonEmptyString(body.id);
  partial.task = task;
  partial.id = id;
  if (!task) throw poison('protocol v1 body without a task name');
  if (!id) throw poison('protocol v1 body without a task id');
  return { protocol: 1, task, id, ...argsAndKwargs(body.args, body.kwargs, poison), expires: expiry(body.expires, poison) };
}

/** Celery writes `expires` as an ISO 8601 time; one without a zone is UTC, as Celery's default. */
function expiry(value: unknown, poison: (reason: string) => PoisonMessageError): Date | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value.trim() : '';
  const at = Date.parse(/(?:z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
  if (!text || Number.isNaN(at)) throw poison(`expires ${JSON.stringify(value)} is not an ISO 8601 time`);
  return new Date(at);
}

function argsAndKwargs(args: unknown, kwargs: unknown, poison: (reason: string) => PoisonMessageError) {
  if (args !== null && args !== undefined && !Array.isArray(args)) throw poison('task args must be a JSON array');
  if (kwargs !== null && kwargs !== undefined && !isRecord(kwargs)) throw poison('task kwargs must be a JSON object');
  return { args: (args ?? []) as unknown[], kwargs: (kwargs ?? {}) };
}
