import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveries } from '@/lib/db/schema';
import { createNotifications } from '@/lib/notifications/create-notifications';
import { deliverEmail } from '@/lib/notifications/email/deliver-email';
import { serviceToken } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';
import { POST as retryOne } from './failed-notifications/[id]/retry/route';
import { POST as retryAll } from './failed-notifications/retry/route';
import { GET as listFailed } from './failed-notifications/route';
import { GET as listOutbox } from './outbox/route';

/** The admin desk over HTTP: outbox and failed notifications (the delivery rules: deliver-email.test.ts). */
let t: TestDb;
let admin: string;
let agent: string;
const deliveryIds: number[] = [];

beforeAll(async () => {
  t = await openSeededRouteDb();
  admin = await serviceToken(101);
  agent = await serviceToken(131);
  const made = await createNotifications(
    t.db,
    [131, 132, 133].map((userId) => ({ type: 'task_assignment' as const, userId, event: 'desk', taskItemId: 7, context: { ticketNumber: 'TXDESK', ticketSubject: 'Desk <test>' } })),
  );
  for (const n of made) {
    const [d] = await t.db.select().from(emailDeliveries).where(eq(emailDeliveries.notificationId, n.id));
    deliveryIds.push(d.id);
  }
  // One in the outbox (tests run without RESEND_API_KEY), two failed.
  expect(await deliverEmail(t.db, deliveryIds[0])).toBe('outbox');
  for (const id of deliveryIds.slice(1)) {
    expect(await deliverEmail(t.db, id, { mailer: () => Promise.resolve({ kind: 'permanent', error: 'HTTP 422 validation_error: bad address' }) })).toBe('failed');
  }
});
afterAll(() => closeRouteDb(t));

describe('GET /api/v1/admin/outbox', () => {
  it('lists what would have been sent, with both bodies, a page at a time', async () => {
    const res = await callRoute(listOutbox, { token: admin, path: '/api/v1/admin/outbox?limit=1' });
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(1);
    expect(res.json.items[0]).toMatchObject({ id: deliveryIds[0], to: 'maya.asset@tts.local', subject: '[TXDESK] New task: Desk <test>', kind: 'notification' });
    expect(res.json.items[0].html).toContain('Desk &lt;test&gt;');
    expect(res.json.next_cursor).toBeNull();
  });
});

describe('the failed-notification desk', () => {
  it('lists open failures with error and retry count; retries one (202, then 409), then all the others', async () => {
    const listed = await callRoute(listFailed, { token: admin, path: '/api/v1/admin/failed-notifications' });
    expect(listed.status).toBe(200);
    expect(listed.json.counts).toEqual({ open: 2, resolved: 0 });
    expect(listed.json.items.map((i: { delivery_id: number }) => i.delivery_id)).toEqual([deliveryIds[2], deliveryIds[1]]);
    expect(listed.json.items[0]).toMatchObject({ delivery_status: 'failed', is_retryable: false, retry_count: 0, error_message: 'HTTP 422 validation_error: bad address', task_item_id: 7 });
    const [newest] = listed.json.items;
    const one = await callRoute(retryOne, { token: admin, params: { id: String(newest.id) } });
    expect(one.status).toBe(202);
    expect(one.json).toEqual({ retried: 1, delivery_ids: [deliveryIds[2]] });
    const again = await callRoute(retryOne, { token: admin, params: { id: String(newest.id) } });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe('This delivery is already queued again');
    const all = await callRoute(retryAll, { token: admin });
    expect(all.status).toBe(202);
    expect(all.json).toEqual({ retried: 1, delivery_ids: [deliveryIds[1]] });
    const now = await callRoute(listFailed, { token: admin, path: '/api/v1/admin/failed-notifications?state=all' });
    expect(now.json.items.map((i: { delivery_status: string }) => i.delivery_status)).toEqual(['pending', 'pending']);
  });

  it('is for admins only, names unknown ids and bad queries', async () => {
    expect((await callRoute(listFailed, { path: '/api/v1/admin/failed-notifications' })).status).toBe(401);
    expect((await callRoute(listFailed, { token: agent, path: '/api/v1/admin/failed-notifications' })).status).toBe(403);
    expect((await callRoute(retryAll, { token: agent })).status).toBe(403);
    expect((await callRoute(retryOne, { token: agent, params: { id: '1' } })).status).toBe(403);
    expect((await callRoute(listOutbox, { token: agent, path: '/api/v1/admin/outbox' })).status).toBe(403);
    const unknown = await callRoute(retryOne, { token: admin, params: { id: '999999' } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toBe('Failed notification not found');
    const bad = await callRoute(listFailed, { token: admin, path: '/api/v1/admin/failed-notifications?state=broken' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe('state');
  });
});
