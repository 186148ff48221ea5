import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveries } from '../../db/schema';
import { resetEnvForTests } from '../../env';
import { seedDemoData } from '../../testing/fixtures';
import { sendJson, startStandInServer, type StandInServer } from '../../testing/stand-in-server';
import { createTestDb, type TestDb } from '../../testing/test-db';
import { createNotifications } from '../create-notifications';
import { deliverEmail } from './deliver-email';

/**
 * Where the address comes from: the Auth Service's user info (through the shared client, with its
 * circuit breaker), TTS's users table when the Auth Service is down or gives none. Outbox mode
 * (no RESEND_API_KEY), so the chosen address is what the delivery row keeps.
 */
let t: TestDb;
let auth: StandInServer;
let authDown = false;
let event = 0;

beforeAll(async () => {
  auth = await startStandInServer((req, res) => {
    if (authDown) return sendJson(res, 503, { detail: 'maintenance' });
    const id = Number(/\/users\/internal\/(\d+)\//.exec(req.url ?? '')?.[1]);
    if (id === 131) return sendJson(res, 200, { id, first_name: 'Maya', last_name: 'Asset', email: 'maya@corp.example' });
    if (id === 132 || id === 778) return sendJson(res, 200, { id, first_name: 'No', last_name: 'Mail', email: null });
    return sendJson(res, 404, { detail: 'Not found' });
  });
  Object.assign(process.env, { AUTH_SERVICE_URL: auth.url, AUTH_SERVICE_CACHE_TTL_MS: '0', AUTH_SERVICE_BREAKER_THRESHOLD: '100' });
  delete process.env.RESEND_API_KEY;
  resetEnvForTests();
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => {
  for (const k of ['AUTH_SERVICE_URL', 'AUTH_SERVICE_CACHE_TTL_MS', 'AUTH_SERVICE_BREAKER_THRESHOLD']) delete process.env[k];
  resetEnvForTests();
  await t.drop();
  await auth.close();
});

async function deliverTo(userId: number) {
  const [n] = await createNotifications(t.db, [
    { type: 'task_assignment', userId, event: `addr:${++event}`, context: { ticketNumber: 'TXADDR', ticketSubject: 'Address test' } },
  ]);
  const [d] = await t.db.select().from(emailDeliveries).where(eq(emailDeliveries.notificationId, n.id));
  const result = await deliverEmail(t.db, d.id);
  const [after] = await t.db.select().from(emailDeliveries).where(eq(emailDeliveries.id, d.id));
  return { result, to: after.toEmail, reason: after.reason };
}

describe('the recipient address', () => {
  it("is the Auth Service's email when it has one, TTS's users table when it has none", async () => {
    expect(await deliverTo(131)).toMatchObject({ result: 'outbox', to: 'maya@corp.example' });
    expect(await deliverTo(132)).toMatchObject({ result: 'outbox', to: 'marco.asset@tts.local' });
    // Unknown to the Auth Service but a TTS user: the users table.
    expect(await deliverTo(133)).toMatchObject({ result: 'outbox', to: 'mina.asset@tts.local' });
    expect(auth.requests.filter((r) => r.includes('/users/internal/'))).toEqual([
      '/api/v1/users/internal/131/',
      '/api/v1/users/internal/132/',
      '/api/v1/users/internal/133/',
    ]);
  });

  it('comes from the users table while the Auth Service is down', async () => {
    authDown = true;
    try {
      expect(await deliverTo(131)).toMatchObject({ result: 'outbox', to: 'maya.asset@tts.local' });
    } finally {
      authDown = false;
    }
  });

  it('nobody knows one: skipped with the reason, not failed', async () => {
    expect(await deliverTo(778)).toMatchObject({ result: 'skipped', to: null, reason: expect.stringContaining('no email address for user 778') });
  });
});
