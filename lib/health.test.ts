import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { workerHeartbeats } from './db/schema';
import { createTestDb, type TestDb } from './testing/test-db';
import { checkWorkers, recordWorkerHeartbeat, removeWorkerHeartbeat } from './health';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());
// No heartbeat is left from another test (or another file's worker): each test says what it needs.
beforeEach(async () => {
  await t.db.delete(workerHeartbeats);
});

describe('worker heartbeats', () => {
  it('report running workers and their bridge', async () => {
    const t0 = new Date('2026-11-26T12:00:00Z');
    expect(await checkWorkers(t.db, t0)).toEqual({ status: 'down', running: 0, last_seen_at: null, bridge: 'unknown' });

    await recordWorkerHeartbeat(t.db, { workerId: 'a', host: 'h', pid: 1, bridge: 'disconnected', startedAt: t0 }, t0);
    await recordWorkerHeartbeat(t.db, { workerId: 'b', host: 'h', pid: 2, bridge: 'connected', startedAt: t0 }, t0);
    expect(await checkWorkers(t.db, new Date(t0.getTime() + 5_000))).toMatchObject({ status: 'up', running: 2, bridge: 'connected' });

    await removeWorkerHeartbeat(t.db, 'b');
    expect(await checkWorkers(t.db, new Date(t0.getTime() + 5_000))).toMatchObject({ running: 1, bridge: 'disconnected' });
  });

  it('is down, with when a worker was last seen, once nothing was heard for a minute', async () => {
    const t0 = new Date('2026-11-26T12:00:00Z');
    await recordWorkerHeartbeat(t.db, { workerId: 'a', host: 'h', pid: 1, bridge: 'disconnected', startedAt: t0 }, t0);
    expect(await checkWorkers(t.db, new Date(t0.getTime() + 5_000))).toMatchObject({ status: 'up', running: 1 });
    expect(await checkWorkers(t.db, new Date(t0.getTime() + 60_000))).toEqual({
      status: 'down',
      running: 0,
      last_seen_at: t0.toISOString(),
      bridge: 'unknown',
    });
  });
});
