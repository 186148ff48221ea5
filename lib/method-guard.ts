import http from 'node:http';

/**
 * Methods Node's HTTP parser accepts but the Fetch `Request` that Next builds for every request
 * refuses (undici's forbidden methods): Next answers them with a plain-text 500 before any proxy
 * or route code runs. The guard answers them at the HTTP server itself with the API's 405.
 * (TRACK is not an HTTP method to Node's parser, which answers it 400 itself; CONNECT with no
 * 'connect' listener has its connection closed by Node. Neither reaches Next.)
 */
export const UNFETCHABLE_METHODS = new Set(['TRACE', 'TRACK']);

const ALLOW = 'GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE';
const body = (method: string) =>
  JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: `${method} is not allowed here; use ${ALLOW}` } });

let installed = false;

/**
 * Installs the guard on every HTTP server of this process (the one `next start` made included),
 * by wrapping `http.Server.prototype.emit`: a 'request' with such a method is answered here and
 * never reaches Next. Called from instrumentation.ts, which Next runs once at server start.
 */
export function installMethodGuard(): void {
  if (installed) return;
  installed = true;
  // Unbound on purpose: called below as emit.apply(this, ...), on each server.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      if (UNFETCHABLE_METHODS.has((req.method ?? '').toUpperCase())) {
        const text = body(req.method!);
        res.writeHead(405, { 'content-type': 'application/json', allow: ALLOW, 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
