import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installMethodGuard } from './method-guard';

// A server made before the guard is installed, as `next start` makes its own: the guard must
// reach it too.
let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((req, res) => res.end(`handled ${req.method}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
  installMethodGuard();
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(raw));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('the method guard', () => {
  it('answers TRACE with the JSON 405 before the app sees it', async () => {
    for (const method of ['TRACE']) {
      const res = await send(`${method} /api/v1/tickets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(res, method).toMatch(/^HTTP\/1\.1 405/);
      expect(res).toMatch(/allow: GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE/i);
      expect(res).toContain('"code":"METHOD_NOT_ALLOWED"');
    }
  });

  it('leaves methods Node refuses itself to Node: a 4xx, or a closed connection for CONNECT', async () => {
    expect(await send('TRACK / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await send('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')).toBe('');
  });

  it('passes every other method through', async () => {
    const res = await send('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(res).toMatch(/^HTTP\/1\.1 200/);
    expect(res).toContain('handled GET');
  });
});
