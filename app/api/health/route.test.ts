import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetBrokerHealthCache } from '@/lib/amqp/broker-health';
import { closeDb } from '@/lib/db/client';
import { workerHeartbeats } from '@/lib/db/schema';
import { resetEnvForTests } from '@/lib/env';
import { serviceToken } from '@/lib/testing/fixtures';
import { callRoute, openSeededRouteDb, useTestDbForRoutes } from '@/lib/testing/http';
import { TEST_AMQP_BASE } from '@/lib/testing/rabbitmq';
import type { TestDb } from '@/lib/testing/test-db';
import { recordWorkerHeartbeat } from '@/lib/health';
import { GET } from './route';

let t: TestDb;
beforeAll(async () => {
  t = await openSeededRouteDb();
});
const workerAlive = (bridge: 'connected' | 'disconnected' | 'disabled') =>
  recordWorkerHeartbeat(t.db, { workerId: 'w1', host: 'test', pid: 1, bridge, startedAt: new Date() });
afterAll(async () => {
  delete process.env.AMQP_URL;
  resetEnvForTests();
  await closeDb();
  await t.drop();
});

const withAmqp = (url: string | undefined) => {
  if (url === undefined) delete process.env.AMQP_URL;
  else process.env.AMQP_URL = url;
  resetEnvForTests();
  resetBrokerHealthCache();
};
/** A refused connection: nothing listens on port 1. */
const DOWN_BROKER = 'amqp://guest:secretpw@127.0.0.1:1';

// Each test starts from the same state, whatever ran before it (or whether it runs alone): no
// worker heard from, no broker configured, the routes on this file's database.
beforeEach(async () => {
  withAmqp(undefined);
  await useTestDbForRoutes(t);
  await t.db.delete(workerHeartbeats);
});

describe('GET /api/health', () => {
  it('is degraded while no worker runs, even with the database up', async () => {
    const res = await callRoute(GET);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'degraded', database: { status: 'up' }, workers: { status: 'down', running: 0 } });
  });

  it('reports the database up and the broker disabled when AMQP_URL is unset', async () => {
    await workerAlive('disabled');
    const res = await callRoute(GET);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', database: { status: 'up' }, broker: { status: 'disabled' }, workers: { running: 1 } });
  });

  it('reports the broker up when it accepts a connection, and the bridge as the worker sees it', async () => {
    withAmqp(TEST_AMQP_BASE);
    await workerAlive('connected');
    const res = await callRoute(GET);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', broker: { status: 'up' }, workers: { bridge: 'connected' } });

    await workerAlive('disconnected');
    const lost = await callRoute(GET);
    expect(lost.json).toMatchObject({ status: 'degraded', broker: { status: 'up' }, workers: { bridge: 'disconnected' } });
  });

  it('answers 200 degraded when the broker is down, naming the error (without its password) to admins only', async () => {
    withAmqp(DOWN_BROKER);
    // A worker is up with its bridge: the broker alone makes it degraded.
    await workerAlive('connected');
    const res = await callRoute(GET);
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('degraded');
    expect(res.json.broker).toEqual({ status: 'down' });
    const asAgent = await callRoute(GET, { token: await serviceToken(131) });
    expect(asAgent.json.broker).toEqual({ status: 'down' });
    const asAdmin = await callRoute(GET, { token: await serviceToken(101) });
    expect(asAdmin.json.broker.error).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(asAdmin.json)).not.toContain('secretpw');
  });

  it('answers 503 when the database is down', async () => {
    await closeDb();
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/nothing';
    resetEnvForTests();
    try {
      const res = await callRoute(GET);
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({ status: 'down', database: { status: 'down' } });
    } finally {
      await useTestDbForRoutes(t);
    }
  });
});
