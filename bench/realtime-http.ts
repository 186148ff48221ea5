/**
 * The HTTP side of bench/realtime.ts and of the sidecar-kill fault scenario: the real comments
 * route (app/api/v1/tickets/[ticket_number]/comments/route.ts, the same handlers Next runs, GET and
 * POST) behind a plain node:http server, so neither needs a `next build`. `GET /healthz` answers
 * 200. Listens on PORT (default: any free port) and prints the port.
 */
import http from 'node:http';

const route = await import('../app/api/v1/tickets/[ticket_number]/comments/route');
const PATH = /^\/api\/v1\/tickets\/([^/]+)\/comments$/;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => void answer());
  const answer = async () => {
    const url = new URL(req.url ?? '/', 'http://bench');
    if (url.pathname === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    const match = PATH.exec(url.pathname);
    const handler = req.method === 'POST' ? route.POST : req.method === 'GET' ? route.GET : undefined;
    if (!handler || !match) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const request = new Request(`http://bench${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
    const response = await handler(request, { params: Promise.resolve({ ticket_number: decodeURIComponent(match[1]) }) });
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
  };
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
