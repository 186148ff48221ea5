import { count, eq } from 'drizzle-orm';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundMessages, taskItems, tasks, tickets, workflows } from '@/lib/db/schema';
import { routeTicket } from '@/lib/tickets/route-ticket';
import { serviceToken, ticketPayload } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';
import { POST as sendPost } from '../../../send/route';
import { GET as getOne } from './[ticket_number]/route';
import { POST as routeByHand } from './[ticket_number]/route/route';
import { GET as list, POST } from './route';

let t: TestDb;
const submitter = 501;
let token: string;

beforeAll(async () => {
  t = await openSeededRouteDb();
  token = await serviceToken(submitter);
});
afterAll(() => closeRouteDb(t));

const ticketCount = async () => (await t.db.select({ n: count() }).from(tickets))[0].n;

describe('POST /api/v1/tickets', () => {
  it('creates a ticket (201) that the submitter reads back, and routes it to an agent', async () => {
    const res = await callRoute(POST, { token, body: ticketPayload({ ticket_number: 'TX20260101000001' }) });
    expect(res.status).toBe(201);
    expect(res.json.ticket_number).toBe('TX20260101000001');
    expect(res.json.status).toBe('New');
    expect(res.json.payload.asset_name).toBe('Dell Latitude 7440');

    const [stored] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20260101000001'));
    await routeTicket(t.db, stored.id);
    const read = await callRoute(getOne, { token, params: { ticket_number: 'TX20260101000001' } });
    expect(read.status).toBe(200);
    expect(read.json.status).toBe('Open');
    expect(read.json.task.status).toBe('pending');
    expect(read.json.task.current_step.name).toBe('Triage');
    expect([121, 122]).toContain(read.json.task.owner_user_id);
    expect(read.json.task_items).toHaveLength(1);
    expect([101, 102]).toContain(read.json.task_items[0].user_id);
    expect(read.json.task_items[0].step.name).toBe('Triage');
    expect(read.json.task_items[0].status).toBe('new');
    // High priority: 8 h for the task.
    const started = Date.parse(read.json.task.started_at);
    expect(Date.parse(read.json.task.target_resolution) - started).toBe(8 * 3600 * 1000);
  });

  it('takes the same ticket number three times as one ticket and one task', async () => {
    const body = ticketPayload({ ticket_number: 'TX20260101000002' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await callRoute(POST, { token, body })).status);
    expect(statuses).toEqual([201, 200, 200]);
    const rows = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20260101000002'));
    expect(rows).toHaveLength(1);
    await Promise.all([routeTicket(t.db, rows[0].id), routeTicket(t.db, rows[0].id), routeTicket(t.db, rows[0].id)]);
    expect(await t.db.select().from(tasks).where(eq(tasks.ticketId, rows[0].id))).toHaveLength(1);
    const items = await t.db.select().from(taskItems).innerJoin(tasks, eq(tasks.id, taskItems.taskId)).where(eq(tasks.ticketId, rows[0].id));
    expect(items).toHaveLength(1);
  });

  it('treats a repeated Idempotency-Key as the same ticket, even without a ticket number', async () => {
    const before = await ticketCount();
    const body = ticketPayload({ subject: 'Idempotent' });
    const headers = { 'idempotency-key': 'hdts-req-42' };
    const first = await callRoute(POST, { token, body, headers });
    const again = await Promise.all([callRoute(POST, { token, body, headers }), callRoute(POST, { token, body, headers })]);
    expect(first.status).toBe(201);
    expect(again.map((r) => r.status)).toEqual([200, 200]);
    expect(again.map((r) => r.json.ticket_number)).toEqual([first.json.ticket_number, first.json.ticket_number]);
    expect(await ticketCount()).toBe(before + 1);
    expect(await t.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, `http:${submitter}:hdts-req-42`))).toHaveLength(1);
  });

  it('accepts the reference body on POST /send/ (subcategory, Urgent)', async () => {
    const res = await callRoute(sendPost, {
      token,
      path: '/send/',
      body: {
        subject: 'Cannot access email',
        description: 'Getting authentication errors',
        category: 'IT Support',
        subcategory: 'Access Request',
        department: 'IT Department',
        priority: 'Urgent',
        employee: { id: 101, name: 'Jane Doe', email: 'jane.doe@company.com' },
        source_service: 'hdts',
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.ticket_number).toMatch(/^TX\d{14}$/);
    expect(res.json.sub_category).toBe('Access Request');
    expect(res.json.priority).toBe('Critical');
  });

  it('refuses a ticket number already used by someone else with 409, revealing nothing', async () => {
    const other = await serviceToken(777);
    const res = await callRoute(POST, { token: other, body: ticketPayload({ ticket_number: 'TX20260101000001', subject: 'x' }) });
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.json)).not.toContain('Laptop');
  });

  it('a refused repeat does not use up the Idempotency-Key it came with', async () => {
    const other = await serviceToken(778);
    const headers = { 'idempotency-key': 'hdts-req-778' };
    const refused = await callRoute(POST, { token: other, headers, body: ticketPayload({ ticket_number: 'TX20260101000001', subject: 'x' }) });
    expect(refused.status).toBe(409);
    const retried = await callRoute(POST, { token: other, headers, body: ticketPayload({ ticket_number: 'TX20260101000778', subject: 'Mine' }) });
    expect(retried.status).toBe(201);
    expect(retried.json.ticket_number).toBe('TX20260101000778');
  });
});

describe('bad input stores nothing', () => {
  const cases: Array<[string, () => Promise<{ status: number; json: any }>, number, string[]]> = [
    ['malformed JSON', () => callRoute(POST, { token, body: '{"subject": "x",' }), 400, ['(body)']],
    ['an empty body', () => callRoute(POST, { token, body: '' , headers: { 'content-type': 'application/json' } }), 400, ['(body)']],
    ['a JSON array', () => callRoute(POST, { token, body: [1, 2] }), 400, ['(body)']],
    ['missing fields', () => callRoute(POST, { token, body: { description: 'no subject' } }), 400, ['subject', 'department', 'category']],
    [
      'mistyped fields',
      () => callRoute(POST, { token, body: ticketPayload({ subject: 42, priority: 'Huge', employee: 'Jane', ticket_number: 'bad number!' }) }),
      400,
      ['subject', 'priority', 'employee', 'ticket_number'],
    ],
    ['text instead of JSON', () => callRoute(POST, { token, body: 'subject=x', headers: { 'content-type': 'text/plain' } }), 415, []],
    ['a form post (as a cross-site form would send)', () => callRoute(POST, { token, body: 'subject=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, []],
    ['an oversized body', () => callRoute(POST, { token, body: ticketPayload({ description: 'x'.repeat(300 * 1024) }) }), 413, []],
  ];
  for (const [name, call, status, fields] of cases) {
    it(`${name} -> ${status}`, async () => {
      const before = await ticketCount();
      const res = await call();
      expect(res.status).toBe(status);
      expect(res.json.error.code).toBe(({ 400: 'INVALID_INPUT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' } as Record<number, string>)[status]);
      const paths = (res.json.error.issues ?? []).map((i: { path: string }) => i.path);
      for (const f of fields) expect(paths).toContain(f);
      expect(await ticketCount()).toBe(before);
    });
  }

  const secret = new TextEncoder().encode(process.env.JWT_SECRET);
  const tokens: Array<[string, () => Promise<string | undefined>]> = [
    ['no token', async () => undefined],
    ['a token signed with another secret', () => serviceToken(submitter, { secret: 'another-secret-0123456789abcdef' })],
    ['an expired token', () => new SignJWT({ user_id: submitter }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret)],
    ['a token without exp', () => new SignJWT({ user_id: submitter }).setProtectedHeader({ alg: 'HS256' }).sign(secret)],
    ['an alg:none token', async () => new UnsecuredJWT({ user_id: submitter }).setExpirationTime('1h').encode()],
    ['an HS512 token', () => new SignJWT({ user_id: submitter }).setProtectedHeader({ alg: 'HS512' }).setExpirationTime('1h').sign(new TextEncoder().encode(process.env.JWT_SECRET!.padEnd(64, 'x')))],
    ['a token without a numeric user', () => new SignJWT({ user_id: 'alice' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(secret)],
    ['garbage', async () => 'not.a.jwt'],
    ['a refresh token', () => new SignJWT({ user_id: submitter, token_type: 'refresh' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(secret)],
  ];
  for (const [name, make] of tokens) {
    it(`${name} -> 401`, async () => {
      const before = await ticketCount();
      const bad = await make();
      const res = await callRoute(POST, { token: bad, body: ticketPayload() });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('UNAUTHENTICATED');
      expect(await ticketCount()).toBe(before);
    });
  }

  it('accepts an access token that says so (SimpleJWT token_type)', async () => {
    const access = await new SignJWT({ user_id: submitter, token_type: 'access' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(secret);
    expect((await callRoute(POST, { token: access, body: ticketPayload({ ticket_number: 'TX20260101000005' }) })).status).toBe(201);
  });

  it('accepts the token from the access_token cookie', async () => {
    const res = await callRoute(POST, { cookie: `access_token=${token}`, body: ticketPayload({ ticket_number: 'TX20260101000003' }) });
    expect(res.status).toBe(201);
  });
});

describe('reading tickets', () => {
  it('shows a ticket to its submitter, its agent and admins, and 404 to anyone else', async () => {
    const created = await callRoute(POST, { token, body: ticketPayload({ ticket_number: 'TX20260101000004' }) });
    const [row] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, created.json.ticket_number));
    await routeTicket(t.db, row.id);
    const read = await callRoute(getOne, { token, params: { ticket_number: 'TX20260101000004' } });
    const agent = read.json.task_items[0].user_id;
    const as = async (uid: number) =>
      (await callRoute(getOne, { token: await serviceToken(uid), params: { ticket_number: 'TX20260101000004' } })).status;
    expect(await as(agent)).toBe(200);
    expect(await as(read.json.task.owner_user_id)).toBe(200);
    expect(await as(111)).toBe(200); // Super Admin
    expect(await as(141)).toBe(404); // a Budget Manager with no part in it
    expect(await as(9999)).toBe(404);
    expect((await callRoute(getOne, { token, params: { ticket_number: 'TX00000000000000' } })).status).toBe(404);
  });

  it('keeps an unmatched ticket as unrouted and lists it for admins only', async () => {
    const created = await callRoute(POST, { token, body: ticketPayload({ department: 'Facilities', category: 'Broken Chair' }) });
    const [row] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, created.json.ticket_number));
    expect(await routeTicket(t.db, row.id)).toMatchObject({ outcome: 'unrouted' });

    const admin = await callRoute(list, { token: await serviceToken(101), path: '/api/v1/tickets?routed=false' });
    expect(admin.status).toBe(200);
    const numbers = admin.json.items.map((i: { ticket_number: string }) => i.ticket_number);
    expect(numbers).toContain(created.json.ticket_number);
    expect(admin.json.items.every((i: { routing_status: string }) => i.routing_status === 'unrouted')).toBe(true);
    expect(admin.json.items.find((i: { ticket_number: string }) => i.ticket_number === created.json.ticket_number).routing_note).toContain('Facilities');

    // A ticket whose ingestion never happened (job dead-lettered, no worker) shows up once overdue.
    const stuck = await callRoute(POST, { token, body: ticketPayload({ subject: 'Stuck' }) });
    const listedNow = async () =>
      (await callRoute(list, { token: await serviceToken(101), path: '/api/v1/tickets?routed=false' })).json.items.map(
        (i: { ticket_number: string }) => i.ticket_number,
      );
    expect(await listedNow()).not.toContain(stuck.json.ticket_number);
    await t.db.update(tickets).set({ createdAt: new Date(Date.now() - 10 * 60 * 1000) }).where(eq(tickets.ticketNumber, stuck.json.ticket_number));
    expect(await listedNow()).toContain(stuck.json.ticket_number);

    const agent = await callRoute(list, { token: await serviceToken(131), path: '/api/v1/tickets?routed=false' });
    expect(agent.status).toBe(403);
    // The submitter still sees it among their own tickets.
    const mine = await callRoute(list, { token, path: '/api/v1/tickets' });
    expect(mine.json.items.map((i: { ticket_number: string }) => i.ticket_number)).toContain(created.json.ticket_number);
  });

  it('lets an admin route an unrouted ticket by hand, and no one else', async () => {
    const created = await callRoute(POST, { token, body: ticketPayload({ department: 'Facilities', category: 'Laptop swap' }) });
    const number = created.json.ticket_number;
    const [row] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, number));
    await routeTicket(t.db, row.id);
    const [wf] = await t.db.select().from(workflows).where(eq(workflows.name, 'Asset Check Out'));

    const byAgent = await callRoute(routeByHand, { token: await serviceToken(131), params: { ticket_number: number }, body: { workflow_id: wf.id } });
    expect(byAgent.status).toBe(403);
    const bad = await callRoute(routeByHand, { token: await serviceToken(101), params: { ticket_number: number }, body: { workflow_id: 'one' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe('workflow_id');
    const missing = await callRoute(routeByHand, { token: await serviceToken(101), params: { ticket_number: number }, body: { workflow_id: 99999 } });
    expect(missing.status).toBe(404);

    const res = await callRoute(routeByHand, { token: await serviceToken(101), params: { ticket_number: number }, body: { workflow_id: wf.id } });
    expect(res.status).toBe(200);
    expect(res.json.routing_status).toBe('routed');
    expect(res.json.task.workflow.name).toBe('Asset Check Out');
    expect([101, 102]).toContain(res.json.task_items[0].user_id);

    const again = await callRoute(routeByHand, { token: await serviceToken(101), params: { ticket_number: number }, body: { workflow_id: wf.id } });
    expect(again.status).toBe(409);
    expect(await t.db.select().from(tasks).where(eq(tasks.ticketId, row.id))).toHaveLength(1);
  });
});
