import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { getEnv } from './env';

/** A route handler as app/**\/route.ts exports it: a Fetch Request in, a Response out. */
export type FetchHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * Serves one of the app's route handlers on a node:http request without Next's router, for the
 * few hot paths the web process (scripts/start-web.ts) answers itself: help-desk intake, where a
 * backlog or a burst sends hundreds of requests a second. Next spends about 2 ms of CPU on each
 * request before a handler runs (its request and response streams, the proxy, compression); here
 * the same handler function runs, with the same authentication, validation and error shape
 * (lib/http.ts `route`), on a Request built from the bytes already read.
 *
 * The body is read up to MAX_BODY_BYTES and one byte more, so the handler's own limit check
 * (readJsonBody) answers 413 for anything larger; the rest of such a body is dropped unread.
 */
export async function serveDirect(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req, getEnv().MAX_BODY_BYTES + 1);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const request = new Request(requestUrl(req), { method: req.method, headers, body: body as Uint8Array<ArrayBuffer> });
  const response = await handler(request, { params: Promise.resolve({}) });
  const answer = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    out[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  out['content-length'] = String(answer.length);
  res.writeHead(response.status, out);
  res.end(answer);
}

/**
 * The body, or its first `max` bytes. Past those, the rest still arrives and is dropped unread
 * (the stream keeps flowing), so the connection stays usable for the answer and the next request.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      const room = max - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (size >= max) done();
    };
    const done = () => {
      req.off('data', onData).off('end', done).off('error', reject);
      resolve(Buffer.concat(chunks, size));
    };
    req.on('data', onData).once('end', done).once('error', reject);
  });
}

/**
 * The request's URL as Next would show it to a handler: the scheme the client used (behind nginx,
 * X-Forwarded-Proto, which deploy/nginx.conf sets), the Host it named, the path and query as sent.
 * Only paths the caller matched exactly reach here, so `req.url` is origin-form.
 */
function requestUrl(req: IncomingMessage): string {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim();
  const scheme = forwarded === 'https' || (req.socket as TLSSocket | null)?.encrypted ? 'https' : 'http';
  const host = req.headers.host && /^[a-z0-9.:[\]-]+$/i.test(req.headers.host) ? req.headers.host : 'localhost';
  return `${scheme}://${host}${req.url ?? '/'}`;
}
