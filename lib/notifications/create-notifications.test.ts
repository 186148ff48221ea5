import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveries, notificationPreferences, notifications } from '../db/schema';
import { resetEnvForTests } from '../env';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { createNotifications, type NotificationInput } from './create-notifications';

let t: TestDb;
beforeAll(async () => {
  process.env.APP_URL = 'https://tts.example.com';
  resetEnvForTests();
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => {
  delete process.env.APP_URL;
  delete process.env.INAPP_NOTIFICATION_QUEUE_ENABLED;
  resetEnvForTests();
  await t.drop();
});

const target = new Date('2026-12-01T14:05:00Z');
const context = {
  ticketNumber: 'TX20261201000001',
  ticketSubject: 'Laptop <b>return</b>',
  priority: 'High',
  workflowName: 'Asset Check In',
  stepName: 'Triage',
  roleName: 'Asset Manager',
  targetAt: target,
};

function input(over: Partial<NotificationInput> = {}): NotificationInput {
  return { type: 'task_assignment', userId: 131, event: 'item:1', taskItemId: 1, context, ...over };
}

async function jobsFor(deliveryIds: number[]) {
  const rows = await t.db.execute(sql`
    select (data->>'delivery_id')::int as delivery_id, extract(epoch from start_after - created_on)::int as wait
    from pgboss.job where name = 'email-deliver' order by (data->>'delivery_id')::int`);
  return Array.from(rows as Iterable<{ delivery_id: number; wait: number }>).filter((j) => deliveryIds.includes(j.delivery_id));
}

describe('createNotifications', () => {
  it('says what happened, where, by whom, by when, and links the task page', async () => {
    const [n] = await createNotifications(t.db, [input({ actorUserId: 101, taskItemId: 42, event: 'item:42' })]);
    expect(n.subject).toBe('[TX20261201000001] New task: Laptop <b>return</b>');
    expect(n.message).toBe(
      'Alice Admin moved ticket TX20261201000001 "Laptop <b>return</b>" on to you (High): step "Triage" of workflow "Asset Check In" as Asset Manager. ' +
        'Due Tue 1 Dec 2026, 14:05 UTC. Open it: https://tts.example.com/tasks/42',
    );
    expect(n).toMatchObject({ userId: 131, type: 'task_assignment', taskItemId: 42, ticketNumber: 'TX20261201000001', actorUserId: 101, isInApp: true, readAt: null });
    expect(n.metadata).toMatchObject({
      workflow_name: 'Asset Check In',
      step_name: 'Triage',
      target_at: '2026-12-01T14:05:00.000Z',
      actor_name: 'Alice Admin',
      link: 'https://tts.example.com/tasks/42',
    });
  });

  it('never notifies the actor, and once per recipient per event however often it runs', async () => {
    const batch = [
      input({ type: 'sla_warning', userId: 131, event: 'item:7', actorUserId: null, context: { ...context, assigneeUserId: 131 } }),
      input({ type: 'sla_warning', userId: 121, event: 'item:7', actorUserId: null, context: { ...context, assigneeUserId: 131 } }),
      input({ type: 'sla_warning', userId: 131, event: 'item:7', actorUserId: null, context: { ...context, assigneeUserId: 131 } }),
      input({ type: 'task_completed', userId: 102, event: 'task:7', actorUserId: 102 }),
    ];
    const first = await createNotifications(t.db, batch);
    expect(first.map((n) => [n.type, n.userId])).toEqual([
      ['sla_warning', 131],
      ['sla_warning', 121],
    ]);
    expect(first[0].message).toContain('(you hold it)');
    expect(first[1].message).toContain('(held by Maya Asset)');
    // The same effect again (a redelivered job, a second scanner): nothing new.
    expect(await createNotifications(t.db, batch)).toEqual([]);
    const stored = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, 'sla_warning:item:7:131'));
    expect(stored).toHaveLength(1);
    expect(await t.db.select().from(notifications).where(eq(notifications.userId, 102))).toEqual([]);
  });

  it('queues each email in the same transaction, following the preferences; a rollback leaves nothing', async () => {
    await t.db.insert(notificationPreferences).values([
      { userId: 132, type: 'task_completed', isInApp: false, email: 'immediate' },
      { userId: 133, type: 'task_assignment', isInApp: true, email: 'off' },
    ]);
    const made = await createNotifications(t.db, [
      input({ userId: 131, event: 'item:100' }), // assignment default: immediate
      input({ type: 'comment_added', userId: 131, event: 'comment:5', actorUserId: 132, context: { ...context, commentExcerpt: 'Done?' } }), // unread_after
      input({ type: 'sla_warning', userId: 131, event: 'item:100' }), // digest
      input({ type: 'task_completed', userId: 132, event: 'task:100' }), // in-app off, email immediate
      input({ userId: 133, event: 'item:101' }), // email off
    ]);
    expect(made).toHaveLength(5);
    expect(made.map((n) => n.isInApp)).toEqual([true, true, true, false, true]);
    const deliveries = await t.db
      .select()
      .from(emailDeliveries)
      .where(inArray(emailDeliveries.notificationId, made.map((n) => n.id)));
    const byNotification = new Map(deliveries.map((d) => [d.notificationId, d]));
    expect(made.map((n) => byNotification.get(n.id)?.mode ?? null)).toEqual(['immediate', 'unread_after', null, 'immediate', null]);
    expect(deliveries.every((d) => d.status === 'pending')).toBe(true);
    const unreadAfter = byNotification.get(made[1].id)!;
    expect(unreadAfter.dueAt.getTime() - made[1].createdAt.getTime()).toBe(120_000);
    const jobs = await jobsFor(deliveries.map((d) => d.id));
    expect(jobs.map((j) => [j.delivery_id, j.wait])).toEqual(
      deliveries.sort((a, b) => a.id - b.id).map((d) => [d.id, d.mode === 'unread_after' ? 120 : 0]),
    );

    // In a transaction that rolls back: no notification, no delivery, no job.
    const before = (await jobsFor(Array.from({ length: 10_000 }, (_, i) => i))).length;
    await expect(
      t.db.transaction(async (tx) => {
        await createNotifications(tx, [input({ userId: 131, event: 'item:rolled-back' })]);
        throw new Error('the causing event failed');
      }),
    ).rejects.toThrow('the causing event failed');
    expect(await t.db.select().from(notifications).where(eq(notifications.dedupeKey, 'task_assignment:item:rolled-back:131'))).toEqual([]);
    expect((await jobsFor(Array.from({ length: 10_000 }, (_, i) => i))).length).toBe(before);
  });

  it('takes thousands of rows at once (several statements of 1,000), each with its email job', async () => {
    const many = Array.from({ length: 2_500 }, (_, i) => input({ userId: 10_000 + i, event: 'item:bulk', taskItemId: 9 }));
    const made = await t.db.transaction((tx) => createNotifications(tx, many));
    expect(made).toHaveLength(2_500);
    expect(made.map((n) => n.userId)).toEqual(many.map((m) => m.userId));
    const [{ n }] = Array.from(
      (await t.db.execute(sql`
        select count(*)::int as n from pgboss.job j join email_deliveries d on d.id = (j.data->>'delivery_id')::int
        where j.name = 'email-deliver' and d.user_id >= 10000`)) as Iterable<{ n: number }>,
    );
    expect(n).toBe(2_500);
  });

  it('also sends create_assignment_notification to INAPP_NOTIFICATION_QUEUE when enabled', async () => {
    process.env.INAPP_NOTIFICATION_QUEUE_ENABLED = 'true';
    resetEnvForTests();
    try {
      const [n] = await createNotifications(t.db, [input({ userId: 141, event: 'item:300', taskItemId: 300 })]);
      const rows = await t.db.execute(sql`select data from pgboss.job where name = 'inapp-notification'`);
      const payloads = Array.from(rows as Iterable<{ data: Record<string, unknown> }>).map((r) => r.data);
      expect(payloads).toEqual([
        {
          user_id: 141,
          subject: n.subject,
          message: n.message,
          notification_type: 'task_assignment',
          related_task_item_id: 300,
          related_ticket_number: 'TX20261201000001',
          metadata: n.metadata,
        },
      ]);
    } finally {
      delete process.env.INAPP_NOTIFICATION_QUEUE_ENABLED;
      resetEnvForTests();
    }
  });
});
