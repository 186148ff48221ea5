import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from './route';
import { tickets } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
import { serveDirect } from '@/lib/http-direct';
import { serviceToken, ticketPayload } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';

/**
 * The intake route served without Next (scripts/start-web.ts answers POST /api/v1/tickets and
 * /send/ this way) behaves as the route handler does: the same statuses, bodies and headers, the
 * same limits, over a real socket.
 */
let t: TestDb;
let server: http.Server;
let base: string;
let token: string;
const seen: Array<{ url: string; proto: string }> = [];

beforeAll(async () => {
  t = await openSeededRouteDb();
  token = await serviceToken(501);
  server = http.createServer((req, res) => {
    void serveDirect(async (request, ctx) => {
      seen.push({ url: request.url, proto: new URL(request.url).protocol });
      return POST(request, ctx);
    }, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await closeRouteDb(t);
});

const post = (body: string, headers: Record<string, string> = {}, path = '/api/v1/tickets') =>
  fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body });

describe('serveDirect', () => {
  it('answers as the route handler does: 201 with the stored ticket, then 200 for the repeat', async () => {
    const body = JSON.stringify(ticketPayload({ ticket_number: 'TX20260301000001' }));
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const created = await res.json();
    expect(created).toMatchObject({ ticket_number: 'TX20260301000001', status: 'New' });
    const [stored] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20260301000001'));
    expect(stored.submittedBy).toBe(501);

    const again = await post(body);
    const inProcess = await callRoute(POST, { token, body: JSON.parse(body) });
    expect(again.status).toBe(200);
    expect(inProcess.status).toBe(200);
    expect(await again.json()).toEqual(inProcess.json);
  });

  it('keeps the caller checks and error shapes: 401, 415, 400 and 413', async () => {
    const body = JSON.stringify(ticketPayload());
    const noToken = await fetch(`${base}/send/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(noToken.status).toBe(401);
    expect((await noToken.json()).error.code).toBe('UNAUTHENTICATED');

    const notJson = await post(body, { 'content-type': 'text/plain' });
    expect(notJson.status).toBe(415);

    const invalid = await post(JSON.stringify({ subject: 'no department' }));
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.code).toBe('INVALID_INPUT');

    // Larger than MAX_BODY_BYTES: refused whole, in chunks the server reads only part of.
    const limit = getEnv().MAX_BODY_BYTES;
    const big = JSON.stringify(ticketPayload({ description: 'x'.repeat(limit) }));
    const tooLarge = await post(big);
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    // A body of exactly the limit is read whole (its JSON is then judged on its content).
    const exact = JSON.stringify({ ...ticketPayload({ ticket_number: 'TX20260301000002' }), description: '' });
    const padded = exact.slice(0, -1) + ' '.repeat(limit - Buffer.byteLength(exact)) + '}';
    expect(Buffer.byteLength(padded)).toBe(limit);
    expect((await post(padded)).status).toBe(201);
  });

  it('shows the handler the URL the client used: query, and the scheme nginx forwarded', async () => {
    seen.length = 0;
    await post(JSON.stringify(ticketPayload({ ticket_number: 'TX20260301000003' })), { 'x-forwarded-proto': 'https' }, '/api/v1/tickets?from=hdts');
    expect(seen).toEqual([{ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/api\/v1\/tickets\?from=hdts$/), proto: 'https:' }]);
    const badQuery = await post(JSON.stringify(ticketPayload()), {}, '/api/v1/tickets?x=%00');
    expect(badQuery.status).toBe(400);
  });
});
