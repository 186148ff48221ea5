import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as intakePost } from '@/app/api/v1/tickets/route';
import { GET as getTicket } from '@/app/api/v1/tickets/[ticket_number]/route';
import { POST as pausePost } from '@/app/api/v1/workflows/[id]/pause/route';
import { tickets, users, workflows } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
import { serviceToken, ticketPayload } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';


let t: TestDb;
beforeAll(async () => {
  t = await openSeededRouteDb();
});
afterAll(() => closeRouteDb(t));

const ticketCount = async (n: string) => (await t.db.select().from(tickets).where(eq(tickets.ticketNumber, n))).length;
/** A UI session cookie as next-auth sets it (http://, so not the __Secure- name). */
async function sessionCookie(userId: number) {
  const name = 'authjs.session-token';
  const value = await encode({ token: { uid: String(userId) }, secret: getEnv().AUTH_SECRET, salt: name });
  return `${name}=${value}`;
}

describe('cookie-identified callers and cross-site requests', () => {
  it('refuses a state change another site makes the browser send with the access_token cookie, storing nothing', async () => {
    const cookie = `access_token=${await serviceToken(501)}`;
    const fromEvil = await callRoute(intakePost, { cookie, headers: { origin: 'https://evil.example' }, body: ticketPayload({ ticket_number: 'TXCSRF000001' }) });
    expect(fromEvil.status).toBe(403);
    expect(fromEvil.json.error.code).toBe('FORBIDDEN');
    const crossSite = await callRoute(intakePost, { cookie, headers: { 'sec-fetch-site': 'cross-site' }, body: ticketPayload({ ticket_number: 'TXCSRF000001' }) });
    expect(crossSite.status).toBe(403);
    expect(await ticketCount('TXCSRF000001')).toBe(0);

    // Behind a proxy, Next's request URL names its own host and port, not the one the browser
    // used; what counts is the host the browser sent the request to.
    const proxied = { host: '127.0.0.1:3000', 'x-forwarded-host': 'tts.example.com' };
    const evilBehindProxy = await callRoute(intakePost, { cookie, headers: { ...proxied, origin: 'https://evil.example' }, body: ticketPayload({ ticket_number: 'TXCSRF000001' }) });
    expect(evilBehindProxy.status).toBe(403);
    const nullOrigin = await callRoute(intakePost, { cookie, headers: { origin: 'null' }, body: ticketPayload({ ticket_number: 'TXCSRF000001' }) });
    expect(nullOrigin.status).toBe(403);
    expect(await ticketCount('TXCSRF000001')).toBe(0);

    // The same from the app's own origin (however it is reached), or with a Bearer header, goes through.
    const sameOrigin = await callRoute(intakePost, { cookie, headers: { ...proxied, origin: 'https://tts.example.com' }, body: ticketPayload({ ticket_number: 'TXCSRF000001' }) });
    expect(sameOrigin.status).toBe(201);
    const modern = await callRoute(intakePost, { cookie, headers: { origin: 'https://tts.example.com', 'sec-fetch-site': 'same-origin' }, body: ticketPayload({ ticket_number: 'TXCSRF000003' }) });
    expect(modern.status).toBe(201);
    const bearer = await callRoute(intakePost, { token: await serviceToken(501), headers: { origin: 'https://evil.example' }, body: ticketPayload({ ticket_number: 'TXCSRF000002' }) });
    expect(bearer.status).toBe(201);
  });

  it('guards body-less admin actions too (a plain cross-site form post)', async () => {
    const cookie = `access_token=${await serviceToken(101)}`;
    const [wf] = await t.db.select().from(workflows).where(eq(workflows.name, 'Asset Check In'));
    const forged = await callRoute(pausePost, {
      method: 'POST',
      cookie,
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      params: { id: String(wf.id) },
    });
    expect(forged.status).toBe(403);
    expect((await t.db.select().from(workflows).where(eq(workflows.id, wf.id)))[0].status).toBe('deployed');
  });

  it('takes only application/json (or +json) as the media type, whatever the parameters say', async () => {
    const token = await serviceToken(501);
    for (const type of ['application/x-www-form-urlencoded;+json', 'text/plain; charset=json', 'application/jsonp']) {
      const res = await callRoute(intakePost, { token, headers: { 'content-type': type }, body: JSON.stringify(ticketPayload({ ticket_number: 'TXTYPE000001' })) });
      expect(res.status, type).toBe(415);
    }
    expect(await ticketCount('TXTYPE000001')).toBe(0);
    const ok = await callRoute(intakePost, { token, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(ticketPayload({ ticket_number: 'TXTYPE000001' })) });
    expect(ok.status).toBe(201);
  });

  it('answers a cookie that is not valid percent-encoding with 401, not a crash', async () => {
    const res = await callRoute(getTicket, { cookie: 'access_token=%E0%A4%A', params: { ticket_number: 'TXTYPE000001' } });
    expect(res.status).toBe(401);
  });

  it('a UI session stops working as soon as its user is deactivated', async () => {
    const cookie = await sessionCookie(501);
    await t.db.insert(users).values({ id: 501, email: 'jane.doe@company.com', fullName: 'Jane Doe' }).onConflictDoNothing();
    expect((await callRoute(getTicket, { cookie, params: { ticket_number: 'TXTYPE000001' } })).status).toBe(200);
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, 501));
    expect((await callRoute(getTicket, { cookie, params: { ticket_number: 'TXTYPE000001' } })).status).toBe(401);
  });
});
