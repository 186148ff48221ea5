import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveries, failedNotifications, notifications, tasks, users } from '@/lib/db/schema';
import { resetEnvForTests } from '@/lib/env';
import { scanSla } from '@/lib/sla/scan-sla';
import { actOnTaskItem } from '@/lib/tasks/act-on-task-item';
import { openItemOf, startTicket, transitionIdOf } from '@/lib/testing/engine';
import { seedDemoData } from '@/lib/testing/fixtures';
import { startResendStandIn, type ResendStandIn } from '@/lib/testing/resend-stand-in';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { createNotifications } from '@/lib/notifications/create-notifications';
import { queueDueDigests } from '@/lib/notifications/email/queue-due-digests';
import { retryAllFailedNotifications } from '@/lib/notifications/email/retry-failed-notifications';
import { emailDeliverJob } from './email-deliver';
import { startWorker, type Worker } from '../worker';
import { waitFor } from '@/lib/testing/wait-for';

/**
 * Email end to end: the real worker process's email-deliver job against the Resend stand-in, on
 * what the workflow engine produced. The workflow runs on a fake clock three days back (so the
 * SLA warning and breach fall where the test puts them) while the worker sends on the real one.
 */

let t: TestDb;
let resend: ResendStandIn;
let worker: Worker;
const DAY = 86_400_000;
// 09:00 UTC three days ago.
const T0 = new Date(Math.floor(Date.now() / DAY) * DAY - 3 * DAY + 9 * 3600_000);
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeAll(async () => {
  resend = await startResendStandIn();
  Object.assign(process.env, {
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: resend.url,
    NOTIFY_EMAIL_DELAY_SECONDS: '1',
    NOTIFY_RETRY_DELAY_SECONDS: '1',
    NOTIFY_RETRY_LIMIT: '3',
    APP_URL: 'https://tts.example.com',
  });
  resetEnvForTests();
  t = await createTestDb();
  await seedDemoData(t.db);
  worker = await startWorker({ databaseUrl: t.url, modules: [emailDeliverJob], isMaintenanceEnabled: false });
});
afterAll(async () => {
  await worker?.stop();
  for (const k of ['RESEND_API_KEY', 'RESEND_BASE_URL', 'NOTIFY_EMAIL_DELAY_SECONDS', 'NOTIFY_RETRY_DELAY_SECONDS', 'NOTIFY_RETRY_LIMIT', 'APP_URL']) delete process.env[k];
  resetEnvForTests();
  await t?.drop();
  await resend.close();
});

/** Deliveries take a few retries: a longer wait than the shared default. */
const waitLong = (what: string, check: () => Promise<boolean>, timeoutMs = 40_000) => waitFor(what, check, timeoutMs, 100);

/** Every delivery is finished (sent, failed, skipped, cancelled): nothing more will go out. */
const allSettled = async () => {
  const rows = Array.from((await t.db.execute(sql`select count(*)::int as n from email_deliveries where status in ('pending', 'sending')`)) as Iterable<{ n: number }>);
  return rows[0].n === 0;
};

const emailOf = async (userId: number) => (await t.db.select({ email: users.email }).from(users).where(eq(users.id, userId)))[0].email;

describe('a whole workflow by email', () => {
  it('Submit, Reject, Submit, Approve, an SLA warning and breach, Complete: exactly the expected emails, none to the actor', async () => {
    const { ticket, taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXFLOWMAIL01', subject: 'Laptop <return> & swap' }, at(0));
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    const coordinator = task.ownerUserId!;
    const expected: Array<[number, string]> = [];
    const actors: Array<{ actor: number; afterItem: number }> = [];

    const act = async (name: string, minutes: number) => {
      const item = await openItemOf(t.db, taskId);
      await actOnTaskItem(t.db, {
        itemId: item.id,
        actorUserId: item.userId,
        action: { action: 'transition', transition_id: await transitionIdOf(t.db, item.stepId, name), note: `${name} <done>` },
        now: at(minutes),
      });
      actors.push({ actor: item.userId, afterItem: item.id });
      return item;
    };

    let item = await openItemOf(t.db, taskId);
    expect(item.id).toBe(itemId);
    expected.push([item.userId, 'New task']); // Triage
    for (const [name, minutes] of [['Submit', 10], ['Reject', 20], ['Submit', 30], ['Approve', 40]] as const) {
      await act(name, minutes);
      item = await openItemOf(t.db, taskId);
      expected.push([item.userId, 'New task']); // Resolve, Triage again, Resolve, Finalize
    }
    const finalize = item;

    // The SLA scan on the fake clock: a warning (digest by default: no email now), then a breach
    // (immediate, to the holder and the coordinator) with an escalation to the Admin role.
    expect((await scanSla(t.db, { now: new Date(finalize.warnAt.getTime() + 1000) })).warned).toBe(1);
    expect((await scanSla(t.db, { now: new Date(finalize.targetAt.getTime() + 1000) })).breached).toBe(1);
    expected.push([finalize.userId, 'SLA breached'], [coordinator, 'SLA breached']);
    const escalated = await openItemOf(t.db, taskId);
    expect(escalated.origin).toBe('escalated');
    expected.push([escalated.userId, 'Escalated to you']);

    const completeAt = new Date(finalize.targetAt.getTime() + 10 * 60_000);
    await actOnTaskItem(t.db, {
      itemId: escalated.id,
      actorUserId: escalated.userId,
      action: { action: 'transition', transition_id: await transitionIdOf(t.db, escalated.stepId, 'Complete'), note: 'done' },
      now: completeAt,
    });
    actors.push({ actor: escalated.userId, afterItem: escalated.id });
    // task_completed is unread_after: the coordinator does not read it, so it is mailed after the delay.
    expected.push([coordinator, 'Completed']);

    await waitLong('every workflow email delivered', allSettled);
    // The warnings go out in the next morning's digest (08:00 UTC by default), to holder and coordinator.
    const digestMorning = new Date(Math.floor(completeAt.getTime() / DAY) * DAY + DAY + 8 * 3600_000 + 5 * 60_000);
    expect((await queueDueDigests(t.db, digestMorning)).length).toBe(2);
    expected.push([finalize.userId, 'TTS digest'], [coordinator, 'TTS digest']);
    await waitLong('the digests delivered', allSettled);

    const got = resend.sent.map((r) => [r.body.to[0], r.body.subject] as const);
    const want = await Promise.all(expected.map(async ([userId, kind]) => [await emailOf(userId), kind] as const));
    const norm = (list: ReadonlyArray<readonly [string, string]>) =>
      list.map(([to, s]) => `${to} ${s.startsWith('TTS digest') ? 'TTS digest' : s.replace(/^\[TXFLOWMAIL01\] /, '').split(':')[0]}`).sort();
    expect(norm(got)).toEqual(norm(want));
    expect(resend.requests).toHaveLength(resend.sent.length);

    // Never to the actor: no email about an action went to who took it.
    const all = await t.db.select().from(notifications).where(eq(notifications.ticketNumber, ticket.ticketNumber));
    for (const n of all) expect(n.userId, `${n.type} to ${n.userId}`).not.toBe(n.actorUserId);
    for (const { actor, afterItem } of actors) {
      const told = all.filter((n) => n.actorUserId === actor && (n.metadata as { link?: string }).link?.endsWith(`/tasks/${afterItem}`));
      expect(told.filter((n) => n.userId === actor)).toEqual([]);
    }

    // What a person can act on: ticket number and subject, workflow and step, deadline, who, the link.
    const reject = resend.sent.find((r) => r.body.text.includes('chose "Reject" on ticket TXFLOWMAIL01'));
    const resolveAfterSubmit = resend.sent.find((r) => r.body.text.includes('chose "Submit" on ticket TXFLOWMAIL01'));
    expect(reject).toBeDefined();
    expect(resolveAfterSubmit).toBeDefined();
    for (const mail of [resolveAfterSubmit, reject]) {
      expect(mail!.body.text).toContain('TXFLOWMAIL01');
      expect(mail!.body.text).toContain('Laptop <return> & swap');
      expect(mail!.body.html).toContain('Laptop &lt;return&gt; &amp; swap');
      expect(mail!.body.text).toMatch(/Workflow: Asset Check In/);
      expect(mail!.body.text).toMatch(/Step: (Triage|Resolve|Finalize)/);
      expect(mail!.body.text).toMatch(/Due: \w{3} \d+ \w{3} \d{4}, \d\d:\d\d UTC/);
      expect(mail!.body.text).toMatch(/By: \w+ \w+/);
      expect(mail!.body.text).toMatch(/https:\/\/tts\.example\.com\/tasks\/\d+/);
    }
    // Who did what: the transition taken and its note.
    expect(reject!.body.text).toContain('Note: "Reject <done>"');
    expect(reject!.body.html).toContain('Note: &quot;Reject &lt;done&gt;&quot;');
  });
});

describe('the provider down for a while', () => {
  it('every email is delivered once when it is back: after retries, or after an admin retry of those that failed', async () => {
    resend.reset();
    resend.setDefault('drop');
    const make = (n: number, prefix: string) =>
      createNotifications(
        t.db,
        Array.from({ length: n }, (_, i) => ({
          type: 'task_assignment' as const,
          userId: 131 + (i % 3),
          event: `${prefix}:${i}`,
          taskItemId: 1000 + i,
          context: { ticketNumber: `TXDOWN${prefix}${i}`, ticketSubject: 'Outage test' },
        })),
      );
    // Down past every retry (1 + 3 attempts, 1, 2 and 3 s apart): failed, recorded.
    const failing = await make(3, 'A');
    await waitLong('three failed records', async () => (await t.db.select().from(failedNotifications)).length === 3);
    expect(resend.requests.length).toBe(12);
    expect(resend.sent).toHaveLength(0);

    // Back for good: new emails go at once; the failed ones after an admin retry; none twice.
    resend.setDefault('ok');
    const fresh = await make(2, 'B');
    const retried = await retryAllFailedNotifications(t.db, { actorUserId: 101 });
    expect(retried.retried).toBe(3);
    expect((await retryAllFailedNotifications(t.db, { actorUserId: 101 })).retried).toBe(0);
    await waitLong('all delivered', allSettled);
    const keys = resend.sent.map((r) => r.idempotencyKey).sort();
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(5);
    const ids = [...failing, ...fresh].map((n) => n.id);
    const deliveries = await t.db.select().from(emailDeliveries).where(sql`${emailDeliveries.notificationId} in ${ids}`);
    expect(deliveries.map((d) => d.status)).toEqual(Array(5).fill('sent'));
    expect((await t.db.select().from(failedNotifications)).every((f) => f.isResolved)).toBe(true);
  });
});
