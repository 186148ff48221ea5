/**
 * The Resend API stood in for during the local e2e run (playwright.config.ts starts it next to the
 * layout and points RESEND_BASE_URL at it): `POST /emails` as Resend answers it, once per
 * idempotency key. A journey can make it refuse what comes next, as the real provider does when it
 * rejects a message, and read what it accepted:
 * - `PUT /__stand-in/behaviour` with `"ok"` or `{"status": 422, "name": "validation_error"}`;
 * - `GET /__stand-in/sent`: the accepted emails (`to`, `subject`), oldest first;
 * - `GET /__stand-in/health`: 200 once listening.
 * Port: RESEND_STAND_IN_PORT.
 */
import { createServer, type ServerResponse } from 'node:http';

type Behaviour = 'ok' | { status: number; name: string };

const port = Number(process.env.RESEND_STAND_IN_PORT);
if (!Number.isInteger(port) || port < 1) throw new Error('RESEND_STAND_IN_PORT must be a port number');

let behaviour: Behaviour = 'ok';
const accepted = new Map<string, string>();
const sent: Array<{ id: string; to: string[]; subject: string; idempotency_key: string | null }> = [];
let counter = 0;

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = (req.url ?? '').split('?')[0];
    const text = Buffer.concat(chunks).toString('utf8');
    if (path === '/__stand-in/health') return json(res, 200, { ok: true });
    if (path === '/__stand-in/sent' && req.method === 'GET') return json(res, 200, sent);
    if (path === '/__stand-in/behaviour' && req.method === 'PUT') {
      try {
        const b = JSON.parse(text) as Behaviour;
        if (b !== 'ok' && !(typeof b === 'object' && b && Number.isInteger(b.status) && typeof b.name === 'string')) throw new Error('bad behaviour');
        behaviour = b;
        return json(res, 200, { behaviour });
      } catch {
        return json(res, 400, { message: 'behaviour must be "ok" or {"status": 422, "name": "validation_error"}' });
      }
    }
    if (path === '/emails' && req.method === 'POST') {
      if (behaviour !== 'ok') return json(res, behaviour.status, { statusCode: behaviour.status, name: behaviour.name, message: `The stand-in refused this email (${behaviour.name})` });
      let body: { to?: string | string[]; subject?: string };
      try {
        body = JSON.parse(text);
      } catch {
        return json(res, 400, { statusCode: 400, name: 'invalid_request', message: 'body is not JSON' });
      }
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      let id = key ? accepted.get(key) : undefined;
      if (!id) {
        id = `stand-in-${++counter}`;
        if (key) accepted.set(key, id);
        sent.push({ id, to: Array.isArray(body.to) ? body.to : [String(body.to)], subject: String(body.subject ?? ''), idempotency_key: key });
      }
      return json(res, 200, { id });
    }
    return json(res, 404, { statusCode: 404, name: 'not_found', message: 'Not found' });
  });
});
server.listen(port, '127.0.0.1', () => console.log(`[resend-stand-in] listening on ${port}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
