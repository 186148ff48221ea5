import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import postgres from 'postgres';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { POST as postComment, GET as listComments } from '@/app/api/v1/tickets/[ticket_number]/comments/route';
import { taskItems, tasks, users } from '@/lib/db/schema';
import { actOnTaskItem } from '@/lib/tasks/act-on-task-item';
import { startTicket } from '@/lib/testing/engine';
import { serviceToken } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';

/**
 * The realtime sidecar as it runs: two real sidecar processes (workers/realtime/index.ts) on one
 * real database, real socket.io and WebSocket clients, comments posted through the real route.
 */

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const APP_URL = 'http://app.tts.test:3800';
let t: TestDb;
let ticketNumber: string;
let foreignTicket: string;
let assignee: number;
let coordinator: number;
let itemId: number;
const SUBMITTER = 501;
const OUTSIDER = 142;

interface Sidecar {
  name: string;
  child: ChildProcess;
  port: number;
  url: string;
  output: string[];
}
const sidecars: Sidecar[] = [];
const sockets: Socket[] = [];
const wsClients: WebSocket[] = [];

async function startSidecar(name: string, port = 0): Promise<Sidecar> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/realtime/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: `${t.url}?application_name=${name}`,
      REALTIME_PORT: String(port),
      APP_URL,
      REALTIME_ALLOWED_ORIGINS: 'https://other.tts.test',
      DRAIN_TIMEOUT_MS: '3000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const listening = new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output.push(d.toString());
      const m = /listening on (\d+)/.exec(output.join(''));
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}): ${output.join('')}`)));
  });
  const got = await listening;
  const sidecar = { name, child, port: got, url: `http://127.0.0.1:${got}`, output };
  sidecars.push(sidecar);
  return sidecar;
}

async function stopSidecar(s: Sidecar): Promise<number | null> {
  if (s.child.exitCode !== null) return s.child.exitCode;
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
  s.child.kill('SIGTERM');
  return exited;
}

function client(s: Sidecar, options: Record<string, unknown>): Socket {
  const socket = connect(s.url, { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500, ...options });
  sockets.push(socket);
  return socket;
}

const tokens = new Map<number, string>();
const token = async (userId: number) => {
  if (!tokens.has(userId)) tokens.set(userId, await serviceToken(userId));
  return tokens.get(userId)!;
};

async function connected(s: Sidecar, userId: number, extra: Record<string, unknown> = {}): Promise<Socket> {
  const socket = client(s, { auth: { token: await token(userId) }, ...extra });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the handshake's refusal (connect_error), or fails when it connects. */
function refused(socket: Socket): Promise<Error & { data?: { code?: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected')));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve(err);
    });
  });
}

const emit = (socket: Socket, event: string, payload?: unknown): Promise<any> =>
  payload === undefined ? socket.timeout(10_000).emitWithAck(event) : socket.timeout(10_000).emitWithAck(event, payload);

/**
 * Every `event` the socket receives from now on. Tests share one ticket room, and a sidecar under
 * load may deliver an earlier test's comment after the next test joined: assertions look at the
 * comments a test posted itself (by id), never at counts alone.
 */
function record(socket: Socket, event: string) {
  const got: any[] = [];
  socket.on(event, (payload) => got.push(payload));
  return got;
}

const httpPost = async (userId: number, body: unknown, number = ticketNumber) =>
  callRoute(postComment, { token: await token(userId), params: { ticket_number: number }, body });

beforeAll(async () => {
  t = await openSeededRouteDb();
  const started = await startTicket(t.db, { ticket_number: 'TXREALTIME001', subject: 'Live' });
  ticketNumber = started.ticket.ticketNumber;
  itemId = started.itemId;
  [{ userId: assignee }] = await t.db.select().from(taskItems).where(eq(taskItems.id, started.itemId));
  coordinator = (await t.db.select().from(tasks).where(eq(tasks.id, started.taskId)))[0].ownerUserId!;
  foreignTicket = (await startTicket(t.db, { ticket_number: 'TXREALTIME002', department: 'Budget Department', category: 'New Budget Proposal' })).ticket
    .ticketNumber;
  await Promise.all([startSidecar('tts-rt-a'), startSidecar('tts-rt-b')]);
}, 90_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const w of wsClients) w.terminate();
  await Promise.all(sidecars.map(stopSidecar));
  await closeRouteDb(t);
});

describe('two realtime sidecars on one database', () => {
  it('both deliver a comment posted over HTTP and one posted over the socket, to everyone in the room', async () => {
    const [a, b] = sidecars;
    const onA = await connected(a, SUBMITTER);
    const onB = await connected(b, assignee);
    expect(await emit(onA, 'ticket:join', { ticket_number: ticketNumber })).toEqual({ ok: true, ticket_number: ticketNumber });
    expect(await emit(onB, 'ticket:join', { ticket_number: ticketNumber })).toEqual({ ok: true, ticket_number: ticketNumber });
    const gotA = record(onA, 'comment:created');
    const gotB = record(onB, 'comment:created');

    const posted = await httpPost(coordinator, { body: 'Posted over HTTP' });
    expect(posted.status).toBe(201);
    await expect.poll(() => [gotA.length, gotB.length], { timeout: 10_000 }).toEqual([1, 1]);
    expect(gotA[0]).toEqual({ comment: posted.json.comment });
    expect(gotB[0]).toEqual({ comment: posted.json.comment });

    const ack = await emit(onA, 'comment:create', { ticket_number: ticketNumber, body: 'Posted over the socket', client_id: 'sock-1', user_id: 999 });
    expect(ack).toMatchObject({ ok: true, is_new: true, comment: { body: 'Posted over the socket', author: { user_id: SUBMITTER } } });
    await expect.poll(() => [gotA.length, gotB.length], { timeout: 10_000 }).toEqual([2, 2]);
    expect(gotB[1]).toEqual({ comment: ack.comment });
    // The same client_id again (a resend after a dropped connection) posts nothing twice.
    const again = await emit(onA, 'comment:create', { ticket_number: ticketNumber, body: 'Posted over the socket', client_id: 'sock-1' });
    expect(again).toEqual({ ok: true, is_new: false, comment: ack.comment });

    // Edits and deletes reach the room too.
    const updated = record(onB, 'comment:updated');
    const deleted = record(onB, 'comment:deleted');
    const { PATCH, DELETE } = await import('@/app/api/v1/comments/[id]/route');
    await callRoute(PATCH, { method: 'PATCH', token: await token(SUBMITTER), params: { id: String(ack.comment.id) }, body: { body: 'Edited' } });
    await callRoute(DELETE, { method: 'DELETE', token: await token(SUBMITTER), params: { id: String(ack.comment.id) } });
    await expect.poll(() => [updated.length, deleted.length], { timeout: 10_000 }).toEqual([1, 1]);
    expect(updated[0].comment).toMatchObject({ id: ack.comment.id, body: 'Edited' });
    expect(deleted[0].comment).toMatchObject({ id: ack.comment.id, body: '', is_deleted: true });
    expect(gotA.length).toBe(2);

    // After leaving, nothing more arrives.
    expect(await emit(onB, 'ticket:leave', { ticket_number: ticketNumber })).toEqual({ ok: true, ticket_number: ticketNumber });
    await httpPost(coordinator, { body: 'After B left' });
    await expect.poll(() => gotA.length, { timeout: 10_000 }).toBe(3);
    expect(gotB.length).toBe(2);
  });

  it('refuses a join of a foreign ticket and any event that does not validate, with an ack saying why', async () => {
    const outsider = await connected(sidecars[0], OUTSIDER);
    expect(await emit(outsider, 'ticket:join', { ticket_number: ticketNumber })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Ticket not found' } });
    const got = record(outsider, 'comment:created');
    const create = await emit(outsider, 'comment:create', { ticket_number: ticketNumber, body: 'sneaky', client_id: 'x1' });
    expect(create).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await emit(outsider, 'ticket:join', { ticket_number: '../etc' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'ticket_number' }] } });
    expect(await emit(outsider, 'ticket:join')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await emit(outsider, 'comment:create', { ticket_number: foreignTicket, body: '', client_id: 'x2' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', issues: [{ path: 'body' }] },
    });
    expect(await emit(outsider, 'no:such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await httpPost(SUBMITTER, { body: 'not for the outsider' });
    // A member of the room (on the other sidecar) hears it; the outsider does not.
    const member = await connected(sidecars[1], SUBMITTER);
    await emit(member, 'ticket:join', { ticket_number: ticketNumber });
    const memberGot = record(member, 'comment:created');
    const second = await httpPost(SUBMITTER, { body: 'second, for members' });
    await expect.poll(() => memberGot.map((e) => e.comment.id), { timeout: 10_000 }).toContain(second.json.comment.id);
    expect(got).toEqual([]);
  });

  it('refuses a handshake without a token, with a bad one, with one in the query string, or from a foreign Origin', async () => {
    const [a] = sidecars;
    expect((await refused(client(a, {}))).data).toEqual({ code: 'UNAUTHENTICATED' });
    const wrongSecret = await serviceToken(SUBMITTER, { secret: 'another-secret-0123456789abcdef' });
    expect((await refused(client(a, { auth: { token: wrongSecret } }))).data).toEqual({ code: 'UNAUTHENTICATED' });
    expect((await refused(client(a, { auth: { token: await serviceToken(SUBMITTER, { expiresIn: '-1m' }) } }))).data).toEqual({ code: 'UNAUTHENTICATED' });
    expect((await refused(client(a, { auth: { token: 'not.a.jwt' } }))).data).toEqual({ code: 'UNAUTHENTICATED' });
    expect((await refused(client(a, { query: { token: await token(SUBMITTER) } }))).data).toEqual({ code: 'UNAUTHENTICATED' });
    // alg none: the algorithm is pinned to HS256.
    const [h, p] = (await token(SUBMITTER)).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    void h;
    expect((await refused(client(a, { auth: { token: none } }))).data).toEqual({ code: 'UNAUTHENTICATED' });

    const foreign = await refused(client(a, { auth: { token: await token(SUBMITTER) }, extraHeaders: { origin: 'https://evil.example' } }));
    expect(foreign.message).not.toBe('connected');
    for (const origin of [APP_URL, 'https://other.tts.test']) {
      const ok = await connected(a, SUBMITTER, { extraHeaders: { origin } });
      expect(ok.connected).toBe(true);
    }
    // Polling (no WebSocket) from a foreign origin is refused as well.
    const polled = await fetch(`${a.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
    expect(polled.status).toBe(403);
  });

  it('accepts the UI session cookie (next-auth JWT) in the handshake', async () => {
    const cookieName = 'authjs.session-token';
    const session = await encode({ token: { uid: String(assignee), name: 'x' }, secret: process.env.AUTH_SECRET!, salt: cookieName });
    const socket = await connected(sidecars[1], 0, { auth: {}, extraHeaders: { cookie: `${cookieName}=${session}`, origin: APP_URL } });
    expect(await emit(socket, 'ticket:join', { ticket_number: ticketNumber })).toMatchObject({ ok: true });
    const forged = await encode({ token: { uid: String(assignee) }, secret: 'some-other-secret-0123456789abcdef', salt: cookieName });
    expect((await refused(client(sidecars[1], { extraHeaders: { cookie: `${cookieName}=${forged}` } }))).data).toEqual({ code: 'UNAUTHENTICATED' });
    // A deactivated user's session ends at once.
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, assignee));
    try {
      expect((await refused(client(sidecars[1], { extraHeaders: { cookie: `${cookieName}=${session}` } }))).data).toEqual({ code: 'UNAUTHENTICATED' });
    } finally {
      await t.db.update(users).set({ isActive: true }).where(eq(users.id, assignee));
    }
  });

  it("serves the seed's plain WebSocket path with the access_token cookie: comment_message out, new_comment in", async () => {
    const [a, b] = sidecars;
    const open = (s: Sidecar, number: string, headers: Record<string, string>) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws/comments/${number}/`, { headers });
        wsClients.push(ws);
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
        ws.once('error', reject);
      });
    const wsA = await open(a, ticketNumber, { cookie: `access_token=${await token(assignee)}` });
    const wsB = await open(b, ticketNumber, { authorization: `Bearer ${await token(coordinator)}` });
    const messages = (ws: WebSocket) => {
      const got: any[] = [];
      ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString())));
      return got;
    };
    const allA = messages(wsA);
    const allB = messages(wsB);
    const posted = await httpPost(SUBMITTER, { body: 'To the seed clients' });
    // Only what came after this test's first comment (see `record`).
    const since = (got: any[]) => got.filter((m) => m.type !== 'comment_message' || m.comment.id >= posted.json.comment.id);
    const gotA = () => since(allA);
    const gotB = () => since(allB);
    await expect.poll(() => [gotA().length, gotB().length], { timeout: 10_000 }).toEqual([1, 1]);
    expect(gotA()[0]).toEqual({ type: 'comment_message', comment: posted.json.comment });

    // The seed's client sends its own user_id; identity comes from the token instead.
    wsA.send(JSON.stringify({ type: 'new_comment', content: '<script>alert(1)</script>', user_id: SUBMITTER }));
    await expect.poll(() => gotB().length, { timeout: 10_000 }).toBe(2);
    expect(gotB()[1]).toMatchObject({ type: 'comment_message', comment: { body: '<script>alert(1)</script>', author: { user_id: assignee } } });
    await expect.poll(() => gotA().length, { timeout: 10_000 }).toBe(2);

    wsA.send(JSON.stringify({ type: 'new_comment', content: '' }));
    wsA.send('not json');
    await expect.poll(() => gotA().filter((m) => m.type === 'error').length, { timeout: 10_000 }).toBe(2);
    expect(gotA().filter((m) => m.type === 'error').map((m) => m.error.code)).toEqual(['INVALID_INPUT', 'INVALID_INPUT']);

    await expect(open(a, ticketNumber, {})).rejects.toMatchObject({ status: 401 });
    await expect(open(a, ticketNumber, { cookie: 'access_token=garbage' })).rejects.toMatchObject({ status: 401 });
    await expect(open(a, ticketNumber, { cookie: `access_token=${await token(OUTSIDER)}` })).rejects.toMatchObject({ status: 404 });
    await expect(open(a, ticketNumber, { cookie: `access_token=${await token(assignee)}`, origin: 'https://evil.example' })).rejects.toMatchObject({ status: 403 });
    await expect(open(a, 'TX%2F..', { cookie: `access_token=${await token(assignee)}` })).rejects.toMatchObject({ status: 400 });
  });

  it("pushes notification:new and task-item:changed to the user's own room", async () => {
    const coord = await connected(sidecars[1], coordinator);
    const holder = await connected(sidecars[0], assignee);
    const notified = record(coord, 'notification:new');
    const changed = record(holder, 'task-item:changed');
    const posted = await httpPost(assignee, { body: 'For the coordinator' });
    await expect.poll(() => notified.find((n) => n.notification.metadata.comment_id === posted.json.comment.id), { timeout: 10_000 }).toMatchObject({
      notification: { type: 'comment_added', ticket_number: ticketNumber, read_at: null },
    });
    // The ticket's room hears it too (the submitter's ticket page), and the holder, in both their
    // own room and the ticket's, hears it once.
    const reader = await connected(sidecars[0], SUBMITTER);
    expect(await emit(reader, 'ticket:join', { ticket_number: ticketNumber })).toMatchObject({ ok: true });
    expect(await emit(holder, 'ticket:join', { ticket_number: ticketNumber })).toMatchObject({ ok: true });
    const onTicket = record(reader, 'task-item:changed');
    const holderComments = record(holder, 'comment:created');
    await actOnTaskItem(t.db, { itemId, actorUserId: assignee, action: { action: 'open' } });
    const event = { task_item_id: itemId, status: 'in_progress', ticket_number: ticketNumber };
    await expect.poll(() => changed, { timeout: 10_000 }).toContainEqual(event);
    await expect.poll(() => onTicket, { timeout: 10_000 }).toContainEqual(event);
    // A later event on the same socket as a barrier: a second copy would have arrived before it.
    const barrier = await httpPost(coordinator, { body: 'Barrier' });
    await expect.poll(() => holderComments.some((c) => c.comment.id === barrier.json.comment.id), { timeout: 10_000 }).toBe(true);
    expect(changed.filter((e) => e.task_item_id === itemId && e.status === 'in_progress')).toHaveLength(1);
  });

  it('keeps to one LISTEN connection and a small pool per sidecar', async () => {
    const admin = postgres(t.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin<{ name: string; n: number }[]>`
        select application_name as name, count(*)::int as n from pg_stat_activity
        where datname = current_database() and application_name like 'tts-rt-%' group by 1`;
      expect(rows.length).toBe(2);
      for (const r of rows) expect(r.n).toBeLessThanOrEqual(4);
    } finally {
      await admin.end();
    }
  });

  it('survives losing its LISTEN connection: it listens again and tells clients to catch up', async () => {
    const b = sidecars[1];
    const socket = await connected(b, SUBMITTER);
    await emit(socket, 'ticket:join', { ticket_number: ticketNumber });
    const resyncs = record(socket, 'realtime:resync');
    const seen = record(socket, 'comment:created');
    const admin = postgres(t.url, { max: 1, onnotice: () => {} });
    try {
      const killed = await admin<{ ok: boolean }[]>`
        select pg_terminate_backend(pid) as ok from pg_stat_activity
        where datname = current_database() and application_name = ${b.name} and query ilike 'listen%'`;
      expect(killed.map((k) => k.ok)).toEqual([true]);
    } finally {
      await admin.end();
    }
    await expect.poll(() => resyncs.length, { timeout: 15_000 }).toBe(1);
    const after = await httpPost(coordinator, { body: 'after the LISTEN connection came back' });
    await expect.poll(() => seen.map((e) => e.comment.id), { timeout: 10_000 }).toContain(after.json.comment.id);
  });

  it('answers /healthz, and on SIGTERM drains: clients reconnect and catch up over HTTP on what they missed', async () => {
    const a = sidecars[0];
    const health = await fetch(`${a.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const socket = await connected(a, SUBMITTER);
    await emit(socket, 'ticket:join', { ticket_number: ticketNumber });
    const seen = record(socket, 'comment:created');
    const first = await httpPost(coordinator, { body: 'before the restart' });
    await expect.poll(() => seen.map((e) => e.comment.id), { timeout: 10_000 }).toContain(first.json.comment.id);
    let lastId = first.json.comment.id as number;
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    expect(await stopSidecar(a)).toBe(0);
    // A drain closes the transport: the client reconnects by itself (not "io server disconnect").
    expect(await disconnected).toBe('transport close');
    const missed = await httpPost(coordinator, { body: 'said while it was away' });

    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    sidecars.splice(sidecars.indexOf(a), 1);
    const restarted = await startSidecar('tts-rt-a', a.port);
    await reconnected;
    expect(socket.connected).toBe(true);
    // The client's catch-up: rejoin, then fetch after its last id over HTTP.
    await emit(socket, 'ticket:join', { ticket_number: ticketNumber });
    const caught = await callRoute(listComments, {
      token: await token(SUBMITTER),
      path: `/api/v1/tickets/${ticketNumber}/comments?after=${lastId}`,
      params: { ticket_number: ticketNumber },
    });
    expect(caught.json.comments.map((c: { id: number }) => c.id)).toEqual([missed.json.comment.id]);
    lastId = missed.json.comment.id;
    const live = await httpPost(coordinator, { body: 'after the restart' });
    // Live: what came before the restart and after it; the comment said while it was away came by HTTP.
    await expect
      .poll(() => seen.map((e) => e.comment.id).filter((id) => id >= first.json.comment.id), { timeout: 10_000 })
      .toEqual([first.json.comment.id, live.json.comment.id]);
    expect(restarted.port).toBe(a.port);
    expect(a.output.join('')).toMatch(/SIGTERM: draining[\s\S]*stopped/);
  });
});
