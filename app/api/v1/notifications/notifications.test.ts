import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationPreferences, notifications } from '@/lib/db/schema';
import { createNotifications, type NotificationInput } from '@/lib/notifications/create-notifications';
import { serviceToken } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';
import { GET as getPreferences, PUT as putPreferences } from './preferences/route';
import { POST as markRead } from './read/route';
import { GET as list } from './route';
import { POST as markUnread } from './[id]/unread/route';

let t: TestDb;
const MAYA = 131;
const MARCO = 132;
let maya: string;
let marco: string;

const context = { ticketNumber: 'TX20261201000007', ticketSubject: 'Monitor flickers', workflowName: 'Asset Check In', stepName: 'Resolve' };
const made = (userId: number, i: number, over: Partial<NotificationInput> = {}): NotificationInput => ({
  type: 'task_assignment',
  userId,
  event: `item:${i}`,
  taskItemId: i,
  context,
  ...over,
});

beforeAll(async () => {
  t = await openSeededRouteDb();
  maya = await serviceToken(MAYA);
  marco = await serviceToken(MARCO);
  // Marco hides transfers away from him in-app; the row exists for its email, but the list skips it.
  await t.db.insert(notificationPreferences).values({ userId: MARCO, type: 'task_transfer_out', isInApp: false, email: 'immediate' });
  await createNotifications(t.db, [
    ...Array.from({ length: 5 }, (_, i) => made(MAYA, i + 1)),
    made(MARCO, 100),
    made(MARCO, 101, { type: 'task_transfer_out', actorUserId: 101 }),
  ]);
});
afterAll(() => closeRouteDb(t));

const idsOf = (json: { notifications: Array<{ id: number }> }) => json.notifications.map((n) => n.id);

describe('GET /api/v1/notifications', () => {
  it("lists the caller's own, newest first, a page at a time, with the unread count", async () => {
    const first = await callRoute(list, { token: maya, path: '/api/v1/notifications?limit=2' });
    expect(first.status).toBe(200);
    expect(first.json.unread_count).toBe(5);
    expect(first.json.notifications).toHaveLength(2);
    expect(first.json.notifications[0]).toMatchObject({
      type: 'task_assignment',
      subject: '[TX20261201000007] New task: Monitor flickers',
      ticket_number: 'TX20261201000007',
      task_item_id: 5,
      read_at: null,
    });
    expect(first.json.notifications[0].message).toContain('http://localhost:3000/tasks/5');
    const rest: number[] = [];
    let cursor = first.json.next_cursor;
    while (cursor !== null) {
      const page = await callRoute(list, { token: maya, path: `/api/v1/notifications?limit=2&cursor=${cursor}` });
      rest.push(...idsOf(page.json));
      cursor = page.json.next_cursor;
    }
    const all = [...idsOf(first.json), ...rest];
    expect(all).toHaveLength(5);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
    const other = await callRoute(list, { token: marco, path: '/api/v1/notifications' });
    // Marco's in-app-off transfer is not listed, nor is anything of Maya's.
    expect(other.json.notifications.map((n: { type: string }) => n.type)).toEqual(['task_assignment']);
    expect(other.json.unread_count).toBe(1);
  });

  it('refuses a bad query naming the field, and a caller without credentials', async () => {
    const bad = await callRoute(list, { token: maya, path: '/api/v1/notifications?unread=yes' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toBe('unread');
    expect((await callRoute(list, { path: '/api/v1/notifications' })).status).toBe(401);
  });
});

describe('read and unread', () => {
  it('marks some read, then all; unread=true lists only what is left; someone else\u2019s ids change nothing', async () => {
    const all = idsOf((await callRoute(list, { token: maya, path: '/api/v1/notifications' })).json);
    const [marcosOwn] = idsOf((await callRoute(list, { token: marco, path: '/api/v1/notifications' })).json);
    const some = await callRoute(markRead, { token: maya, body: { ids: [all[0], all[1], marcosOwn, 999_999] } });
    expect(some.status).toBe(200);
    expect(some.json).toEqual({ updated: 2, unread_count: 3 });
    expect((await t.db.select().from(notifications).where(eq(notifications.id, marcosOwn)))[0].readAt).toBeNull();
    const unread = await callRoute(list, { token: maya, path: '/api/v1/notifications?unread=true' });
    expect(idsOf(unread.json)).toEqual(all.slice(2));
    expect((await callRoute(markRead, { token: maya, body: { ids: [all[0]] } })).json).toEqual({ updated: 0, unread_count: 3 });
    expect((await callRoute(markRead, { token: maya, body: { all: true } })).json).toEqual({ updated: 3, unread_count: 0 });
    const again = await callRoute(markUnread, { token: maya, params: { id: String(all[0]) } });
    expect(again.status).toBe(200);
    expect(again.json.notification).toMatchObject({ id: all[0], read_at: null });
    expect(again.json.unread_count).toBe(1);
  });

  it("another user's notification is a 404, and does not change", async () => {
    const [marcosOwn] = idsOf((await callRoute(list, { token: marco, path: '/api/v1/notifications' })).json);
    await callRoute(markRead, { token: marco, body: { ids: [marcosOwn] } });
    const res = await callRoute(markUnread, { token: maya, params: { id: String(marcosOwn) } });
    expect(res.status).toBe(404);
    expect(res.json.error).toEqual({ code: 'NOT_FOUND', message: 'Notification not found' });
    expect((await t.db.select().from(notifications).where(eq(notifications.id, marcosOwn)))[0].readAt).not.toBeNull();
    expect((await callRoute(markUnread, { token: maya, params: { id: 'abc' } })).status).toBe(400);
  });

  it('refuses a body that is neither ids nor all, naming the problem', async () => {
    for (const body of [{}, { ids: [] }, { ids: ['x'] }, { all: false }, { ids: [1], all: true }]) {
      const res = await callRoute(markRead, { token: maya, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe('INVALID_INPUT');
    }
  });
});

describe('preferences', () => {
  it('shows every type with its default until chosen, and keeps what was not changed', async () => {
    const before = await callRoute(getPreferences, { token: maya });
    expect(before.status).toBe(200);
    expect(before.json.preferences.map((p: { type: string; email: string }) => [p.type, p.email])).toEqual([
      ['task_assignment', 'immediate'],
      ['task_transfer_in', 'immediate'],
      ['task_transfer_out', 'digest'],
      ['task_escalation', 'immediate'],
      ['task_completed', 'unread_after'],
      ['sla_warning', 'digest'],
      ['sla_breach', 'immediate'],
      ['comment_added', 'unread_after'],
    ]);
    expect(before.json).toMatchObject({ digest_hour: 8, time_zone: 'UTC', email_delay_seconds: 120 });
    expect(before.json.preferences.every((p: { is_default: boolean }) => p.is_default)).toBe(true);

    const put = await callRoute(putPreferences, {
      token: maya,
      method: 'PUT',
      body: { preferences: [{ type: 'comment_added', in_app: false }, { type: 'sla_warning', email: 'off' }], digest_hour: 17, time_zone: 'Europe/Berlin' },
    });
    expect(put.status).toBe(200);
    const byType = new Map(put.json.preferences.map((p: { type: string }) => [p.type, p]));
    expect(byType.get('comment_added')).toMatchObject({ in_app: false, email: 'unread_after', is_default: false });
    expect(byType.get('sla_warning')).toMatchObject({ in_app: true, email: 'off', is_default: false });
    expect(byType.get('task_assignment')).toMatchObject({ in_app: true, email: 'immediate', is_default: true, in_app_required: true });
    expect(put.json).toMatchObject({ digest_hour: 17, time_zone: 'Europe/Berlin' });
    // Only the hour changes; the zone stays.
    const later = await callRoute(putPreferences, { token: maya, method: 'PUT', body: { digest_hour: 6 } });
    expect(later.json).toMatchObject({ digest_hour: 6, time_zone: 'Europe/Berlin' });
    expect((await callRoute(getPreferences, { token: marco })).json.preferences.find((p: { type: string }) => p.type === 'task_transfer_out')).toMatchObject({
      in_app: false,
      email: 'immediate',
    });
  });

  it('refuses turning off in-app what must show, and bad values, naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ preferences: [{ type: 'sla_breach', in_app: false }] }, 'preferences.0.in_app'],
      [{ preferences: [{ type: 'comment_added', email: 'weekly' }] }, 'preferences.0.email'],
      [{ preferences: [{ type: 'nope' }] }, 'preferences.0.type'],
      [{ preferences: [{ type: 'comment_added' }, { type: 'comment_added', email: 'off' }] }, 'preferences.1.type'],
      [{ digest_hour: 24 }, 'digest_hour'],
      [{ time_zone: 'Mars/Olympus' }, 'time_zone'],
      [{}, '(body)'],
      [{ colour: 'red' }, '(body)'],
    ];
    for (const [body, path] of cases) {
      const res = await callRoute(putPreferences, { token: marco, method: 'PUT', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.issues.map((i: { path: string }) => i.path), JSON.stringify(body)).toContain(path);
    }
    const after = await callRoute(getPreferences, { token: marco });
    expect(after.json.preferences.find((p: { type: string }) => p.type === 'sla_breach')).toMatchObject({ in_app: true, is_default: true });
  });
});
