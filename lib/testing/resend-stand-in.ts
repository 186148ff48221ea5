import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startStandInServer, type StandInServer } from './stand-in-server';

export interface ResendRequest {
  idempotencyKey: string | null;
  authorization: string | null;
  body: { from: string; to: string[]; subject: string; html: string; text: string } & Record<string, unknown>;
}

/**
 * What the stand-in does with the next request: accept it (`ok`, as Resend does, once per
 * idempotency key: a repeat of an accepted key gets the same id and sends nothing new), refuse it
 * with a status (`{status, name, retryAfter?}` in Resend's error shape), `drop` the connection
 * unanswered (provider unreachable), or `lose-answer`: accept and send it, then drop the connection
 * before answering (the answer lost on the way back).
 */
export type ResendBehaviour = 'ok' | 'drop' | 'lose-answer' | { status: number; name: string; retryAfter?: string };

export interface ResendStandIn {
  /** Base URL for RESEND_BASE_URL. */
  url: string;
  /** Every POST /emails, in arrival order. */
  requests: ResendRequest[];
  /** The emails actually "sent": one per accepted idempotency key. */
  sent: ResendRequest[];
  /** Behaviour for requests from now on (default `ok`); `next` queues one-off behaviours first. */
  setDefault(b: ResendBehaviour): void;
  next(...b: ResendBehaviour[]): void;
  reset(): void;
  close(): Promise<void>;
}

/** A local HTTP server standing in for the Resend API (POST /emails), recording what it received. */
export async function startResendStandIn(): Promise<ResendStandIn> {
  const requests: ResendRequest[] = [];
  const sent: ResendRequest[] = [];
  const accepted = new Map<string, string>();
  const queue: ResendBehaviour[] = [];
  let fallback: ResendBehaviour = 'ok';
  let counter = 0;

  const server: StandInServer = await startStandInServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/emails')) return sendJson(res, 404, { statusCode: 404, name: 'not_found', message: 'Not found' });
      const request: ResendRequest = {
        idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
        authorization: req.headers.authorization ?? null,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      };
      requests.push(request);
      const b = queue.shift() ?? fallback;
      if (b === 'drop') return res.socket?.destroy();
      if (typeof b === 'object') {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (b.retryAfter) headers['retry-after'] = b.retryAfter;
        res.writeHead(b.status, headers).end(JSON.stringify({ statusCode: b.status, name: b.name, message: `stand-in says ${b.name}` }));
        return;
      }
      const key = request.idempotencyKey;
      let id = key ? accepted.get(key) : undefined;
      if (!id) {
        id = `stand-in-${++counter}`;
        if (key) accepted.set(key, id);
        sent.push(request);
      }
      if (b === 'lose-answer') return res.socket?.destroy();
      sendJson(res, 200, { id });
    });
  });

  return {
    url: server.url.replace(/\/$/, ''),
    requests,
    sent,
    setDefault: (b) => {
      fallback = b;
    },
    next: (...b) => {
      queue.push(...b);
    },
    reset() {
      requests.length = 0;
      sent.length = 0;
      queue.length = 0;
      fallback = 'ok';
    },
    close: () => server.close(),
  };
}
