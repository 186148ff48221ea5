import http from 'node:http';

export interface ProbeResult {
  ok: boolean;
  [detail: string]: unknown;
}

export interface ProbeServer {
  port: number;
  /** From now on the probe answers 503 `draining`, so a supervisor stops sending work here. */
  setDraining(): void;
  close(): Promise<void>;
}

/**
 * The health probe of a process that serves no HTTP of its own (the worker): `GET /healthz`
 * answers 200 with `check()`'s result while it says ok, 503 otherwise or once the process drains.
 * Bound to `host` (127.0.0.1 by default: a supervisor on the same host probes it, nobody else).
 */
export async function startProbeServer(options: {
  port: number;
  host?: string;
  name: string;
  check: () => Promise<ProbeResult>;
}): Promise<ProbeServer> {
  let isDraining = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://probe');
    if (req.method !== 'GET' || (url.pathname !== '/healthz' && url.pathname !== '/')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'GET /healthz' } }));
      return;
    }
    const answer = (status: number, body: object) =>
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    if (isDraining) return answer(503, { status: 'draining', process: options.name, pid: process.pid });
    options.check().then(
      (r) => answer(r.ok ? 200 : 503, { status: r.ok ? 'ok' : 'down', process: options.name, pid: process.pid, ...r, ok: undefined }),
      (err) => answer(503, { status: 'down', process: options.name, pid: process.pid, error: (err as Error).message }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    setDraining: () => {
      isDraining = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
