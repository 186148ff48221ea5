import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveries, failedNotifications, notificationPreferences, notificationSettings, notifications, users } from '../../db/schema';
import { resetEnvForTests } from '../../env';
import { seedDemoData } from '../../testing/fixtures';
import { createTestDb } from '../../testing/test-db';
import { startResendStandIn, type ResendStandIn } from '../../testing/resend-stand-in';
import type { TestDb } from '../../testing/test-db';
import { createNotifications, type NotificationInput } from '../create-notifications';
import { markNotificationsRead } from '../mark-notifications-read';
import { deliverEmail, idempotencyKeyOf } from './deliver-email';
import { queueDueDigests } from './queue-due-digests';
import { listFailedNotifications } from './list-failed-notifications';
import { listOutbox } from './list-outbox';
import { retryAllFailedNotifications, retryFailedNotification } from './retry-failed-notifications';

let t: TestDb;
let resend: ResendStandIn;
const ADMIN = 101;
const MAYA = 131; // maya.asset@tts.local
const MARCO = 132;
const T0 = new Date('2026-12-01T09:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let event = 0;

function useProvider(on: boolean) {
  if (on) {
    process.env.RESEND_API_KEY = 're_test_key';
    process.env.RESEND_BASE_URL = resend.url;
  } else {
    delete process.env.RESEND_API_KEY;
  }
  resetEnvForTests();
}

beforeAll(async () => {
  resend = await startResendStandIn();
  t = await createTestDb();
  await seedDemoData(t.db);
  useProvider(true);
});
afterEach(() => {
  resend.reset();
  useProvider(true);
});
afterAll(async () => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  resetEnvForTests();
  await t.drop();
  await resend.close();
});

/** One notification for `userId` at `when`, and its email delivery (if its preference makes one). */
async function notify(userId: number, over: Partial<NotificationInput> = {}, when = T0) {
  const id = ++event;
  const [n] = await createNotifications(t.db, [
    {
      type: 'task_assignment',
      userId,
      event: `test:${id}`,
      taskItemId: id,
      context: { ticketNumber: `TXMAIL${String(id).padStart(6, '0')}`, ticketSubject: `Mail test ${id}`, workflowName: 'Asset Check In', stepName: 'Triage', targetAt: at(7200) },
      at: when,
      ...over,
    },
  ]);
  const [d] = await t.db.select().from(emailDeliveries).where(eq(emailDeliveries.notificationId, n.id));
  return { n, d };
}

const delivery = async (id: number) => (await t.db.select().from(emailDeliveries).where(eq(emailDeliveries.id, id)))[0];
const failedRow = async (deliveryId: number) => (await t.db.select().from(failedNotifications).where(eq(failedNotifications.deliveryId, deliveryId)))[0];
async function jobsOf(deliveryId: number) {
  const rows = await t.db.execute(sql`
    select state::text, start_after from pgboss.job where name = 'email-deliver' and (data->>'delivery_id')::int = ${deliveryId} order by created_on, id`);
  return Array.from(rows as Iterable<{ state: string; start_after: Date | string }>).map((r) => ({ state: r.state, startAfter: new Date(r.start_after) }));
}

describe('sending through Resend', () => {
  it('sends once, from EMAIL_FROM to the address, with both bodies and the idempotency key; a duplicate job sends nothing', async () => {
    const { d } = await notify(MAYA);
    expect(d).toMatchObject({ status: 'pending', mode: 'immediate' });
    expect(await deliverEmail(t.db, d.id, { now: T0 })).toBe('sent');
    // The same job again (redelivered, or a second worker): nothing more is sent.
    expect(await deliverEmail(t.db, d.id, { now: at(1) })).toBe('nothing');
    await Promise.all([deliverEmail(t.db, d.id), deliverEmail(t.db, d.id)]);
    expect(resend.requests).toHaveLength(1);
    const [req] = resend.requests;
    expect(req.idempotencyKey).toBe(idempotencyKeyOf(d.id));
    expect(req.authorization).toBe('Bearer re_test_key');
    expect(req.body).toMatchObject({ from: 'TTS <notifications@tts.local>', to: ['maya.asset@tts.local'], subject: expect.stringMatching(/^\[TXMAIL\d+\] New task: Mail test/) });
    expect(req.body.html).toContain('Open the task');
    expect(req.body.text).toContain('/tasks/');
    expect(await delivery(d.id)).toMatchObject({ status: 'sent', providerId: 'stand-in-1', attempts: 1, toEmail: 'maya.asset@tts.local' });
  });

  it('two workers on one delivery at the same moment send it once', async () => {
    const { d } = await notify(MAYA);
    const results = await Promise.all([deliverEmail(t.db, d.id, { now: T0 }), deliverEmail(t.db, d.id, { now: T0 })]);
    expect(results.sort()).toEqual(['nothing', 'sent']);
    expect(resend.requests).toHaveLength(1);
  });

  it('an answer lost on the way back is retried under the same key, and the provider sends it once', async () => {
    const { d } = await notify(MAYA);
    resend.next('lose-answer');
    expect(await deliverEmail(t.db, d.id, { now: T0 })).toBe('retry-scheduled');
    expect(await deliverEmail(t.db, d.id, { now: at(60) })).toBe('sent');
    expect(resend.requests.map((r) => r.idempotencyKey)).toEqual([idempotencyKeyOf(d.id), idempotencyKeyOf(d.id)]);
    // Both attempts sent the very same request (rendered once, stored).
    expect(resend.requests[1].body).toEqual(resend.requests[0].body);
    expect(resend.sent).toHaveLength(1);
  });

  it('provider down: retried at 60, 120, 180 s, then failed with a record; an admin retry delivers it exactly once', async () => {
    const { n, d } = await notify(MAYA);
    resend.setDefault('drop');
    let now = T0;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await deliverEmail(t.db, d.id, { now })).toBe('retry-scheduled');
      const next = await delivery(d.id);
      waits.push((next.dueAt.getTime() - now.getTime()) / 1000);
      const jobs = await jobsOf(d.id);
      expect(jobs.at(-1)!.startAfter.getTime()).toBe(next.dueAt.getTime());
      now = next.dueAt;
    }
    expect(waits).toEqual([60, 120, 180]);
    expect(await deliverEmail(t.db, d.id, { now })).toBe('failed');
    expect(resend.requests).toHaveLength(4);
    expect(await delivery(d.id)).toMatchObject({ status: 'failed', attempts: 4 });
    expect(await failedRow(d.id)).toMatchObject({
      notificationId: n.id,
      userId: MAYA,
      notificationType: 'task_assignment',
      isRetryable: true,
      retryCount: 3,
      isResolved: false,
      errorMessage: expect.stringContaining('no answer'),
    });
    // Later jobs for it (a duplicate) do nothing now.
    expect(await deliverEmail(t.db, d.id, { now: at(3600) })).toBe('nothing');

    const listed = await listFailedNotifications(t.db, { actorUserId: ADMIN, state: 'open', limit: 100 });
    const item = listed.items.find((i: { delivery_id: number }) => i.delivery_id === d.id);
    expect(item).toMatchObject({ delivery_status: 'failed', retry_count: 3, is_retryable: true, to: 'maya.asset@tts.local', task_item_id: n.taskItemId });

    resend.setDefault('ok');
    const retried = await retryFailedNotification(t.db, { actorUserId: ADMIN, id: item!.id });
    expect(retried).toEqual({ retried: 1, delivery_ids: [d.id] });
    // Clicked twice, or "retry all" right after: queued once.
    await expect(retryFailedNotification(t.db, { actorUserId: ADMIN, id: item!.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await retryAllFailedNotifications(t.db, { actorUserId: ADMIN })).delivery_ids).not.toContain(d.id);
    // Run every job the delivery has, twice over: one email.
    for (let i = 0; i < 2; i++) for (const _ of await jobsOf(d.id)) await deliverEmail(t.db, d.id, { now: new Date() });
    expect(resend.sent.filter((r) => r.idempotencyKey === idempotencyKeyOf(d.id))).toHaveLength(1);
    expect(await failedRow(d.id)).toMatchObject({ isResolved: true });
    await expect(retryFailedNotification(t.db, { actorUserId: ADMIN, id: item!.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    const open = await listFailedNotifications(t.db, { actorUserId: ADMIN, state: 'open', limit: 100 });
    expect(open.items.map((i) => i.delivery_id)).not.toContain(d.id);
    const resolved = await listFailedNotifications(t.db, { actorUserId: ADMIN, state: 'resolved', limit: 100 });
    expect(resolved.items.find((i) => i.delivery_id === d.id)).toMatchObject({ is_resolved: true, delivery_status: 'sent' });
  });

  it('a worker that died mid-send: its delivery is taken over once a send cannot still be running, and sent once', async () => {
    const { d } = await notify(MAYA);
    // The first worker claimed it and died before recording anything.
    await t.db.update(emailDeliveries).set({ status: 'sending', claimedAt: T0, attempts: 1, roundAttempts: 1 }).where(eq(emailDeliveries.id, d.id));
    // While a send could still be running (3 x NOTIFY_SEND_TIMEOUT_MS), another job leaves it
    // alone, and queues a look for when the claim is stale.
    const before = (await jobsOf(d.id)).length;
    expect(await deliverEmail(t.db, d.id, { now: at(20) })).toBe('nothing');
    const jobs = await jobsOf(d.id);
    expect(jobs).toHaveLength(before + 1);
    expect(jobs.at(-1)!.startAfter).toEqual(at(31));
    // The dead worker's job is retried by pg-boss: it takes over and sends under the same key.
    expect(await deliverEmail(t.db, d.id, { now: at(31) })).toBe('sent');
    expect(await deliverEmail(t.db, d.id, { now: at(32) })).toBe('nothing');
    expect(resend.requests).toHaveLength(1);
    expect(await delivery(d.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a 429 waits as long as Retry-After says, without using up a retry', async () => {
    process.env.NOTIFY_RETRY_LIMIT = '0';
    resetEnvForTests();
    try {
      const { d } = await notify(MAYA);
      resend.next({ status: 429, name: 'rate_limit_exceeded', retryAfter: '7' }, { status: 429, name: 'rate_limit_exceeded', retryAfter: '2' });
      expect(await deliverEmail(t.db, d.id, { now: T0 })).toBe('retry-scheduled');
      expect((await delivery(d.id)).dueAt).toEqual(at(7));
      expect((await jobsOf(d.id)).at(-1)!.startAfter).toEqual(at(7));
      // Not due yet: its own job comes at due_at.
      expect(await deliverEmail(t.db, d.id, { now: at(3) })).toBe('nothing');
      expect(await deliverEmail(t.db, d.id, { now: at(7) })).toBe('retry-scheduled');
      expect((await delivery(d.id)).dueAt).toEqual(at(9));
      expect(await deliverEmail(t.db, d.id, { now: at(9) })).toBe('sent');
      expect(resend.requests).toHaveLength(3);
      expect(await delivery(d.id)).toMatchObject({ status: 'sent', attempts: 3 });
    } finally {
      delete process.env.NOTIFY_RETRY_LIMIT;
      resetEnvForTests();
    }
  });

  it('a permanent error (422 invalid address) is not retried: failed at once, marked not retryable', async () => {
    const { d } = await notify(MARCO);
    resend.next({ status: 422, name: 'validation_error' });
    expect(await deliverEmail(t.db, d.id, { now: T0 })).toBe('failed');
    expect(resend.requests).toHaveLength(1);
    expect(await jobsOf(d.id)).toHaveLength(1);
    expect(await failedRow(d.id)).toMatchObject({ isRetryable: false, retryCount: 0, errorMessage: expect.stringContaining('HTTP 422 validation_error') });
    // The address is fixed; "retry all" looks it up again and sends to the new one.
    await t.db.update(users).set({ email: 'marco.fixed@tts.local' }).where(eq(users.id, MARCO));
    const all = await retryAllFailedNotifications(t.db, { actorUserId: ADMIN });
    expect(all.delivery_ids).toContain(d.id);
    expect(await deliverEmail(t.db, d.id, { now: new Date() })).toBe('sent');
    expect(resend.sent.at(-1)!.body.to).toEqual(['marco.fixed@tts.local']);
    await t.db.update(users).set({ email: 'marco.asset@tts.local' }).where(eq(users.id, MARCO));
  });

  it('no address: skipped with the reason, not failed', async () => {
    const { d } = await notify(777_001);
    expect(await deliverEmail(t.db, d.id, { now: T0 })).toBe('skipped');
    expect(await delivery(d.id)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('no email address for user 777001') });
    expect(await failedRow(d.id)).toBeUndefined();
    expect(resend.requests).toHaveLength(0);
  });
});

describe('outbox mode (no RESEND_API_KEY)', () => {
  it('keeps the rendered email in the outbox, listed for admins, and sends nothing', async () => {
    useProvider(false);
    const { d } = await notify(MAYA, { context: { ticketNumber: 'TXOUTBOX0001', ticketSubject: 'Printer <jammed>' } });
    expect(await deliverEmail(t.db, d.id, { now: T0 })).toBe('outbox');
    expect(await deliverEmail(t.db, d.id, { now: T0 })).toBe('nothing');
    expect(resend.requests).toHaveLength(0);
    const res = await listOutbox(t.db, { actorUserId: ADMIN, limit: 5 });
    expect(res.items[0]).toMatchObject({
      id: d.id,
      kind: 'notification',
      to: 'maya.asset@tts.local',
      from: 'TTS <notifications@tts.local>',
      subject: '[TXOUTBOX0001] New task: Printer <jammed>',
    });
    expect(res.items[0].html).toContain('Printer &lt;jammed&gt;');
    expect(res.items[0].text).toContain('Printer <jammed>');
  });
});

describe('preferences decide what is mailed', () => {
  it('off: no delivery at all; immediate: one', async () => {
    await t.db.insert(notificationPreferences).values({ userId: MARCO, type: 'task_escalation', isInApp: true, email: 'off' });
    const { d: none } = await notify(MARCO, { type: 'task_escalation' });
    expect(none).toBeUndefined();
    const { d: one } = await notify(MAYA, { type: 'task_escalation' });
    expect(one).toMatchObject({ mode: 'immediate' });
  });

  it('unread_after: not sent when read in time; sent when still unread after NOTIFY_EMAIL_DELAY_SECONDS', async () => {
    const read = await notify(MAYA, { type: 'comment_added', actorUserId: MARCO });
    const unread = await notify(MAYA, { type: 'comment_added', actorUserId: MARCO, event: 'test:unread' });
    expect(read.d).toMatchObject({ mode: 'unread_after', dueAt: at(120) });
    expect(await jobsOf(read.d.id)).toHaveLength(1);
    await markNotificationsRead(t.db, { userId: MAYA, body: { ids: [read.n.id] }, now: at(60) });
    // Not before the delay, read or not.
    expect(await deliverEmail(t.db, unread.d.id, { now: at(30) })).toBe('nothing');
    expect(await deliverEmail(t.db, read.d.id, { now: at(120) })).toBe('cancelled');
    expect(await delivery(read.d.id)).toMatchObject({ status: 'cancelled', reason: 'read in time' });
    expect(await deliverEmail(t.db, unread.d.id, { now: at(120) })).toBe('sent');
    expect(resend.sent.map((r) => r.body.subject)).toEqual([unread.n.subject]);
  });

  it('digest: one email a day at the user\u2019s hour in their zone, listing what is unread, none listed twice', async () => {
    await t.db.insert(notificationSettings).values({ userId: MARCO, digestHour: 7, timeZone: 'Europe/Berlin' });
    // sla_warning is `digest` by default.
    const day = new Date('2026-12-02T03:00:00Z');
    const w1 = await notify(MARCO, { type: 'sla_warning' }, day);
    const w2 = await notify(MARCO, { type: 'sla_warning' }, day);
    const readOne = await notify(MARCO, { type: 'sla_warning' }, day);
    expect(w1.d).toBeUndefined();
    await markNotificationsRead(t.db, { userId: MARCO, body: { ids: [readOne.n.id] }, now: day });
    // 05:00 UTC is 06:00 in Berlin: not yet. 06:10 UTC is 07:10 there: due.
    expect(await queueDueDigests(t.db, new Date('2026-12-02T05:00:00Z'))).toEqual([]);
    const [digestId] = await queueDueDigests(t.db, new Date('2026-12-02T06:10:00Z'));
    expect(digestId).toBeGreaterThan(0);
    expect(await queueDueDigests(t.db, new Date('2026-12-02T06:20:00Z'))).toEqual([]);
    const digest = await delivery(digestId);
    expect(digest).toMatchObject({ kind: 'digest', userId: MARCO, digestKey: 'digest:132:2026-12-02', notificationIds: [w1.n.id, w2.n.id] });
    expect(await jobsOf(digestId)).toHaveLength(1);
    expect(await deliverEmail(t.db, digestId, { now: new Date('2026-12-02T06:10:00Z') })).toBe('sent');
    const [mail] = resend.sent;
    expect(mail.body).toMatchObject({ to: ['marco.asset@tts.local'], subject: 'TTS digest for 2026-12-02: 2 unread notifications' });
    expect(mail.body.text).toContain(w1.n.subject);
    expect(mail.body.text).toContain(w2.n.subject);
    expect(mail.body.text).not.toContain(readOne.n.subject);
    // A new one that afternoon waits for the next day's digest, which lists only it.
    const w3 = await notify(MARCO, { type: 'sla_warning' }, new Date('2026-12-02T12:00:00Z'));
    expect(await queueDueDigests(t.db, new Date('2026-12-02T13:00:00Z'))).toEqual([]);
    const [next] = await queueDueDigests(t.db, new Date('2026-12-03T06:05:00Z'));
    expect((await delivery(next)).notificationIds).toEqual([w3.n.id]);
    // The digest of a day whose items were all read before it went out is not sent.
    await markNotificationsRead(t.db, { userId: MARCO, body: { ids: [w3.n.id] }, now: new Date('2026-12-03T06:06:00Z') });
    expect(await deliverEmail(t.db, next, { now: new Date('2026-12-03T06:07:00Z') })).toBe('cancelled');
  });
});

// Notifications stay in-app after their email; the row itself is untouched by delivery.
it('delivery never changes the notification', async () => {
  const { n, d } = await notify(MAYA);
  await deliverEmail(t.db, d.id, { now: T0 });
  expect((await t.db.select().from(notifications).where(eq(notifications.id, n.id)))[0]).toEqual(n);
});

