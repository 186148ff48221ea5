/**
 * The HTTP side of bench/realtime.ts: the real comments route (app/api/v1/tickets/[ticket_number]/
 * comments/route.ts, the same handler Next runs) behind a plain node:http server, so the bench
 * needs no `next build`. Prints the port it listens on.
 */
import http from 'node:http';

const { POST } = await import('../app/api/v1/tickets/[ticket_number]/comments/route');
const PATH = /^\/api\/v1\/tickets\/([^/]+)\/comments$/;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => void answer());
  const answer = async () => {
    const match = PATH.exec(new URL(req.url ?? '/', 'http://bench').pathname);
    if (req.method !== 'POST' || !match) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const request = new Request(`http://bench${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) });
    const response = await POST(request, { params: Promise.resolve({ ticket_number: decodeURIComponent(match[1]) }) });
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(Buffer.from(await response.arrayBuffer()));
  };
});
server.keepAliveTimeout = 65_000;
server.listen(0, () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
