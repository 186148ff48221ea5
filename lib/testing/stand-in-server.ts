import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInServer {
  /** Base URL with a trailing slash. */
  url: string;
  /** Every request path (with query), in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for a service outside TTS (the Auth Service): answers with
 * `handle`, records what it was asked. The only kind of stand-in tests use.
 */
export async function startStandInServer(handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<StandInServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    // A handler that throws answers 500, as a broken service would, instead of leaving the request hanging.
    Promise.resolve()
      .then(() => handle(req, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
}
