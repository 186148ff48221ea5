import net from 'node:net';
import { expect, test } from '@playwright/test';

/**
 * The edges Next itself answers before any route handler runs, against the built app: they speak
 * the API's JSON error shape (proxy.ts, instrumentation.ts), never a plain-text 500 or HTML page.
 * Raw HTTP, so nothing normalises the method or the path on the way.
 */
function raw(port: number, method: string, path: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
    );
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('end', () => {
      const [head, ...rest] = out.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
  });
}

test('TRACE, unknown methods and paths, bad percent-encoding: JSON 405/404/400 from the running app', async ({ baseURL }) => {
  const port = Number(new URL(baseURL!).port);
  const cases: Array<[string, string, number]> = [
    ['TRACE', '/api/v1/tickets', 405],
    ['TRACE', '/tasks', 405],
    ['PROPFIND', '/api/health', 405],
    ['DELETE', '/api/v1/tickets', 405],
    ['GET', '/send/', 405],
    ['GET', '/api/no/such/path', 404],
    ['GET', '/api/v1/tickets/%E0%A4%A', 400],
    ['GET', '/api/v1/tickets/TX%00', 400],
    ['GET', '/api/v1/tickets?limit=%00', 400],
  ];
  for (const [method, path, status] of cases) {
    const res = await raw(port, method, path);
    expect(res.status, `${method} ${path}`).toBe(status);
    expect(res.headers, `${method} ${path}`).toContain('content-type: application/json');
    if (status === 405) expect(res.headers, `${method} ${path}`).toMatch(/\nallow: /);
    // Chunked or not, the error code is in the body.
    expect(res.body, `${method} ${path}`).toMatch(/"code":"(METHOD_NOT_ALLOWED|NOT_FOUND|INVALID_INPUT)"/);
  }
  const options = await raw(port, 'OPTIONS', '/api/v1/tickets');
  expect(options.status).toBe(204);
  expect(options.headers).toContain('allow: get, head, options, post');
});
