/**
 * `npm run start:web`: one web process (UI and HTTP API) on the built app (`npm run build`), on
 * PORT. Scales by running more of it behind a load balancer (deploy/nginx.conf). It reads only its
 * environment (no .env file, no generated secrets: DATABASE_URL, JWT_SECRET and AUTH_SECRET must be
 * set) and never migrates: it refuses to start on a database `npm run db:migrate` has not brought
 * up to date.
 *
 * Help-desk intake (`POST /api/v1/tickets`, `POST /send/`) is answered by this process itself with
 * the app's own route handler (lib/http-direct.ts), not through Next's router, which costs more
 * CPU per request than the intake does; every other request goes to Next.
 *
 * Health: `GET /api/health` (database, broker, workers). On SIGTERM the process drains: the
 * listener closes at once (a load balancer's next connection attempt fails and goes to another
 * process, so nginx retries even a POST there), `/api/health` answers 503 `draining` on
 * connections still open, every response says `Connection: close`, and the process exits once the
 * requests in flight are answered, or after DRAIN_TIMEOUT_MS.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
(process.env as Record<string, string>).NODE_ENV = 'production';
// next-auth behind a proxy: the host of a request is the one the proxy forwarded (X-Forwarded-Host).
process.env.AUTH_TRUST_HOST ??= 'true';
const { logger } = await import('../lib/log');
const logs = logger('web');
const log = (m: string) => logs.info(m);

const { getEnv } = await import('../lib/env');
const { assertMigrated } = await import('../lib/db/assert-migrated');
let env: ReturnType<typeof getEnv>;
try {
  env = getEnv();
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set (a production process needs its database named)');
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('the app is not built: run `npm run build` first');
  await assertMigrated(env.DATABASE_URL);
} catch (err) {
  logs.fatal({ err }, 'cannot start');
  process.exit(1);
}

// Help-desk intake is answered here, not through Next's router (lib/http-direct.ts): the same
// route handler, at a fraction of the CPU, so a burst of tickets leaves room for everything else.
const { serveDirect } = await import('../lib/http-direct');
const intake = await import('../app/api/v1/tickets/route');
const DIRECT_POST = new Map(['/api/v1/tickets', '/api/v1/tickets/', '/send', '/send/'].map((p) => [p, intake.POST]));

const { default: next } = await import('next');
const app = next({ dev: false, dir: root, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

let isDraining = false;
let inFlight = 0;
let onIdle: (() => void) | undefined;
const server = http.createServer((req, res) => {
  inFlight++;
  res.once('close', () => {
    inFlight--;
    if (inFlight === 0) onIdle?.();
  });
  if (isDraining) {
    res.setHeader('connection', 'close');
    if (req.url?.split('?')[0] === '/api/health') {
      res.writeHead(503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: 'draining' }));
      return;
    }
  }
  const direct = req.method === 'POST' ? DIRECT_POST.get(req.url?.split('?')[0] ?? '') : undefined;
  (direct ? serveDirect(direct, req, res) : handle(req, res)).catch((err) => {
    logs.error({ err, method: req.method, path: req.url?.split('?')[0] }, 'request failed');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error' } }));
  });
});
// Longer than nginx's upstream keepalive_timeout (60 s), so nginx never reuses a connection this
// side has just closed.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(env.PORT, () => log(`listening on ${env.PORT}`));

const drain = async (signal: string) => {
  if (isDraining) return;
  isDraining = true;
  log(`${signal}: draining (${inFlight} requests in flight)`);
  server.close();
  server.closeIdleConnections();
  await new Promise<void>((resolve) => {
    if (inFlight === 0) return resolve();
    onIdle = resolve;
    setTimeout(() => {
      log(`drain timeout (${env.DRAIN_TIMEOUT_MS} ms): ${inFlight} requests cut off`);
      resolve();
    }, env.DRAIN_TIMEOUT_MS).unref();
  });
  server.closeAllConnections();
  await app.close().catch(() => {});
  log('stopped');
  process.exit(0);
};
process.on('SIGTERM', () => void drain('SIGTERM'));
process.on('SIGINT', () => void drain('SIGINT'));
