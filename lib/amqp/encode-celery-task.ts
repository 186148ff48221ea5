import os from 'node:os';
import type { Options } from 'amqplib';
import { pythonRepr } from './python-repr';

export interface CeleryTaskToSend {
  task: string;
  /** The Celery task id; keep it the same across retries so the consumer can de-duplicate. */
  id: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
}

export interface EncodedCeleryMessage {
  content: Buffer;
  options: Options.Publish & { headers: Record<string, unknown> };
}

const ORIGIN = `tts@${os.hostname()}`;

/**
 * A Celery protocol v2 message in the layout a Celery 5 worker executes (celery-wire.md, "Safe
 * layout to publish"). Two traps decide the shape: a body that is not the three-element
 * `[args, kwargs, embed]` array, or a message without contentType, crashes the whole Python worker
 * and stays at the head of its queue; so both are always set here, never left to the caller.
 */
export function encodeCeleryTask(t: CeleryTaskToSend): EncodedCeleryMessage {
  const args = t.args ?? [];
  const kwargs = t.kwargs ?? {};
  const body = [args, kwargs, { callbacks: null, errbacks: null, chain: null, chord: null }];
  return {
    content: Buffer.from(JSON.stringify(body), 'utf8'),
    options: {
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      deliveryMode: 2,
      priority: 0,
      correlationId: t.id,
      headers: {
        lang: 'py',
        task: t.task,
        id: t.id,
        shadow: null,
        eta: null,
        expires: null,
        group: null,
        group_index: null,
        retries: 0,
        timelimit: [null, null],
        root_id: t.id,
        parent_id: null,
        argsrepr: pythonRepr(args, { asTuple: true }),
        kwargsrepr: pythonRepr(kwargs),
        origin: ORIGIN,
        ignore_result: false,
      },
    },
  };
}
