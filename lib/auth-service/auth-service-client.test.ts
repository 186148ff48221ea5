import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { listRoleMemberIds } from '../roles/list-role-member-ids';
import { seedDemoData } from '../testing/fixtures';
import { sendJson, startStandInServer, type StandInServer } from '../testing/stand-in-server';
import { type TestDb, createTestDb } from '../testing/test-db';
import { createAuthServiceClient } from './auth-service-client';
import { CircuitOpenError } from './circuit-breaker';
import { findUserInfo } from './find-user-info';

/**
 * A stand-in Auth Service on a local port: answers like the real one, records every request, and
 * can be told to fail (500), hang, or go away, so the client's timeout, breaker and cache are
 * exercised over real HTTP.
 */
type Mode = 'ok' | 'error' | 'hang';
let mode: Mode = 'ok';
let standIn: StandInServer;
let baseUrl: string;
let t: TestDb;

function answer(req: IncomingMessage): { status: number; body?: unknown } {
  const url = new URL(req.url ?? '/', 'http://x');
  const user = /^\/api\/v1\/users\/internal\/(\d+)\/$/.exec(url.pathname);
  if (user) return Number(user[1]) === 404 ? { status: 404 } : { status: 200, body: { id: Number(user[1]), first_name: 'Maya', last_name: 'Asset', email: 'maya@x.test' } };
  const employee = /^\/api\/v1\/hdts\/employees\/internal\/(\d+)\/$/.exec(url.pathname);
  if (employee) return { status: 200, body: { id: Number(employee[1]), department: 'IT' } };
  if (url.pathname === '/api/v1/tts/round-robin/') {
    if (url.searchParams.get('system') !== 'tts') return { status: 400 };
    // Both shapes the Auth Service is known to answer with.
    return url.searchParams.get('role') === 'Asset Manager' ? { status: 200, body: [131, '132'] } : { status: 200, body: { user_ids: [141] } };
  }
  return { status: 404 };
}

beforeAll(async () => {
  standIn = await startStandInServer((req, res) => {
    if (mode === 'hang') return; // never answers; the client's timeout must end it
    if (mode === 'error') {
      res.writeHead(500).end('boom');
      return;
    }
    const a = answer(req);
    sendJson(res, a.status, a.body);
  });
  baseUrl = standIn.url;
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await standIn.close();
  await t.drop();
});
beforeEach(() => {
  mode = 'ok';
  standIn.requests.length = 0;
});

function client(o: { now?: () => number; timeoutMs?: number; cacheTtlMs?: number } = {}) {
  return createAuthServiceClient({ baseUrl, timeoutMs: o.timeoutMs ?? 500, failureThreshold: 3, cooldownMs: 10_000, cacheTtlMs: o.cacheTtlMs ?? 30_000, now: o.now });
}
async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a rejection').toBeInstanceOf(AppError);
  return err as AppError;
}

describe('Auth Service client', () => {
  it('reads user info, users by role in either answer shape, and employee info; not found is null', async () => {
    const c = client();
    expect(await c.getUserInfo(131)).toMatchObject({ id: 131, first_name: 'Maya' });
    expect(await c.getUserInfo(404)).toBeNull();
    expect(await c.getUsersByRole('Asset Manager')).toEqual([131, 132]);
    expect(await c.getUsersByRole('Budget Manager')).toEqual([141]);
    expect(await c.getEmployeeInfo(501)).toEqual({ id: 501, department: 'IT' });
    expect(standIn.requests).toEqual([
      '/api/v1/users/internal/131/',
      '/api/v1/users/internal/404/',
      '/api/v1/tts/round-robin/?role=Asset+Manager&system=tts',
      '/api/v1/tts/round-robin/?role=Budget+Manager&system=tts',
      '/api/v1/hdts/employees/internal/501/',
    ]);
    expect(c.breakerState()).toBe('closed');
  });

  it('caches answers for a short time, and shares one request between concurrent callers', async () => {
    let now = 0;
    const c = client({ now: () => now, cacheTtlMs: 1000 });
    await Promise.all([c.getUserInfo(131), c.getUserInfo(131), c.getUserInfo(131)]);
    await c.getUserInfo(131);
    expect(standIn.requests).toHaveLength(1);
    now += 1001;
    await c.getUserInfo(131);
    expect(standIn.requests).toHaveLength(2);
  });

  it('asks again, bypassing the cache, when told to (fresh), and caches that answer', async () => {
    const c = client({ now: () => 0, cacheTtlMs: 60_000 });
    expect(await c.getUsersByRole('Asset Manager')).toEqual([131, 132]);
    await c.getUsersByRole('Asset Manager');
    expect(standIn.requests).toHaveLength(1);
    expect(await c.getUsersByRole('Asset Manager', 'tts', { fresh: true })).toEqual([131, 132]);
    expect(standIn.requests).toHaveLength(2);
    await c.getUsersByRole('Asset Manager');
    expect(standIn.requests).toHaveLength(2);
  });

  it('gives up on a request that hangs after its timeout', async () => {
    mode = 'hang';
    const c = client({ timeoutMs: 150 });
    const started = Date.now();
    const err = await rejection(c.getUserInfo(131));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/no answer within 150 ms/);
  });

  it('opens the circuit after repeated failures, fails fast while open, half-opens after the cool-down, and recovers', async () => {
    let now = 1_000_000;
    // A long timeout: a request that got through while the circuit is open would show as seconds.
    const c = client({ now: () => now, timeoutMs: 5000 });
    mode = 'error';
    for (let i = 1; i <= 3; i++) expect((await rejection(c.getUserInfo(i))).message).toMatch(/HTTP 500/);
    expect(standIn.requests).toHaveLength(3);
    expect(c.breakerState()).toBe('open');

    // Open: no request reaches the service (which now hangs), and the answer is immediate.
    mode = 'hang';
    const started = performance.now();
    const fast = await rejection(c.getUserInfo(4));
    expect(performance.now() - started).toBeLessThan(1000);
    mode = 'error';
    expect(fast).toBeInstanceOf(CircuitOpenError);
    expect(fast.code).toBe('UNAVAILABLE');
    expect(standIn.requests).toHaveLength(3);

    // Cool-down over, still failing: exactly one trial call, then open again.
    now += 10_000;
    expect(c.breakerState()).toBe('half-open');
    expect((await rejection(c.getUserInfo(5))).message).toMatch(/HTTP 500/);
    expect(standIn.requests).toHaveLength(4);
    expect(await rejection(c.getUserInfo(6))).toBeInstanceOf(CircuitOpenError);
    expect(standIn.requests).toHaveLength(4);

    // Cool-down over, service back: while the one trial is in flight others still fail fast;
    // its success closes the circuit.
    now += 10_000;
    mode = 'ok';
    const trial = c.getUserInfo(7);
    expect(await rejection(c.getUserInfo(8))).toBeInstanceOf(CircuitOpenError);
    expect(await trial).toMatchObject({ id: 7 });
    expect(c.breakerState()).toBe('closed');
    expect(await c.getUserInfo(9)).toMatchObject({ id: 9 });
    expect(standIn.requests.slice(4)).toEqual(['/api/v1/users/internal/7/', '/api/v1/users/internal/9/']);
  });

  it('counts an Auth Service that is not there at all as a failure', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const gone = createAuthServiceClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 500, failureThreshold: 2, cooldownMs: 10_000, cacheTtlMs: 0 });
    expect((await rejection(gone.getUserInfo(1))).message).toMatch(/ECONNREFUSED/);
    await rejection(gone.getUserInfo(1));
    expect(gone.breakerState()).toBe('open');
  });
});

describe('TTS without the Auth Service', () => {
  it('answers users by role and user info from its synced copy while the Auth Service is down', async () => {
    const c = client({ cacheTtlMs: 0 });
    expect(await listRoleMemberIds(t.db, { roleName: 'Asset Manager', authService: c })).toEqual({ userIds: [131, 132], source: 'auth-service' });

    mode = 'error';
    for (let i = 0; i < 3; i++) await rejection(c.getUserInfo(1000 + i));
    expect(c.breakerState()).toBe('open');
    const before = standIn.requests.length;
    expect(await listRoleMemberIds(t.db, { roleName: 'Asset Manager', authService: c })).toEqual({ userIds: [131, 132, 133], source: 'synced' });
    expect(await findUserInfo(t.db, 131, c)).toMatchObject({ id: 131, fullName: 'Maya Asset', email: 'maya.asset@tts.local', source: 'synced' });
    expect(standIn.requests.length).toBe(before);

    expect(await listRoleMemberIds(t.db, { roleName: 'Asset Manager', authService: null })).toMatchObject({ source: 'synced' });
  });
});
