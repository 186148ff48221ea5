import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDeadLetter } from '@/lib/integration/record-dead-letter';
import { enqueue } from '@/lib/jobs/send';
import { serviceToken } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';
import { GET as listDeadLetters } from './dead-letters/route';
import { GET as listOutbound } from './outbound/route';

let t: TestDb;
let admin: string;
let agent: string;
let statusJob: string;

beforeAll(async () => {
  t = await openSeededRouteDb();
  admin = await serviceToken(101);
  agent = await serviceToken(131);
  for (let i = 1; i <= 3; i++) {
    await recordDeadLetter(t.db, {
      queue: i === 3 ? 'TTS_ROLE_SYNC_QUEUE' : 'TICKET_TASKS_PRODUCTION',
      taskName: 'tickets.tasks.receive_ticket',
      messageId: `celery:dl-${i}`,
      reason: `reason ${i}`,
      headers: { task: 'tickets.tasks.receive_ticket', id: `dl-${i}` },
      body: `[[], {"n": ${i}}, {}]`,
    });
  }
  statusJob = (await enqueue(t.db, 'ticketStatusSync', { ticket_id: 'TX20260601000001', status: 'Resolved' }))!;
  await enqueue(t.db, 'routeTickets', {}); // not outbound: must not be listed
});
afterAll(() => closeRouteDb(t));

describe('GET /api/v1/admin/dead-letters', () => {
  it('lists dead letters with their reasons, newest first, a page at a time', async () => {
    const first = await callRoute(listDeadLetters, { token: admin, path: '/api/v1/admin/dead-letters?limit=2' });
    expect(first.status).toBe(200);
    expect(first.json.items.map((i: { message_id: string }) => i.message_id)).toEqual(['celery:dl-3', 'celery:dl-2']);
    expect(first.json.items[0]).toMatchObject({ queue: 'TTS_ROLE_SYNC_QUEUE', reason: 'reason 3', task_name: 'tickets.tasks.receive_ticket', body: '[[], {"n": 3}, {}]' });
    const next = await callRoute(listDeadLetters, { token: admin, path: `/api/v1/admin/dead-letters?limit=2&cursor=${first.json.next_cursor}` });
    expect(next.json.items.map((i: { message_id: string }) => i.message_id)).toEqual(['celery:dl-1']);
    expect(next.json.next_cursor).toBeNull();
    const byQueue = await callRoute(listDeadLetters, { token: admin, path: '/api/v1/admin/dead-letters?queue=TTS_ROLE_SYNC_QUEUE' });
    expect(byQueue.json.items).toHaveLength(1);
  });

  it('is for admins only', async () => {
    expect((await callRoute(listDeadLetters, { path: '/api/v1/admin/dead-letters' })).status).toBe(401);
    const res = await callRoute(listDeadLetters, { token: agent, path: '/api/v1/admin/dead-letters' });
    expect(res.status).toBe(403);
    expect(res.json.error).toEqual({ code: 'FORBIDDEN', message: 'Listing dead letters needs the Admin or Super Admin role' });
    expect((await callRoute(listDeadLetters, { token: admin, path: '/api/v1/admin/dead-letters?limit=0' })).status).toBe(400);
  });
});

describe('GET /api/v1/admin/outbound', () => {
  it('lists outbound messages that wait, with their Celery task and queue, and nothing else', async () => {
    const res = await callRoute(listOutbound, { token: admin, path: '/api/v1/admin/outbound?state=waiting' });
    expect(res.status).toBe(200);
    expect(res.json.counts).toEqual({ waiting: 1, failed: 0 });
    expect(res.json.items).toEqual([
      expect.objectContaining({
        id: statusJob,
        celery_task_id: statusJob,
        amqp_queue: 'TICKET_STATUS_QUEUE',
        task: 'ticket_service.update_status',
        state: 'waiting',
        kwargs: { ticket_id: 'TX20260601000001', status: 'Resolved' },
      }),
    ]);
    const failed = await callRoute(listOutbound, { token: admin, path: '/api/v1/admin/outbound?state=failed' });
    expect(failed.json.items).toEqual([]);
  });

  it('is for admins only and validates its query', async () => {
    const refused = await callRoute(listOutbound, { token: agent, path: '/api/v1/admin/outbound' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toEqual({ code: 'FORBIDDEN', message: 'Listing outbound messages needs the Admin or Super Admin role' });
    expect((await callRoute(listOutbound, { token: admin, path: '/api/v1/admin/outbound?state=lost' })).status).toBe(400);
  });
});
