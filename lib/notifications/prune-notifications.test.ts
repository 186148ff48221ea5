import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveries, notifications } from '../db/schema';
import { resetEnvForTests } from '../env';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { createNotifications } from './create-notifications';
import { markNotificationsRead } from './mark-notifications-read';
import { pruneNotifications } from './prune-notifications';

let t: TestDb;
beforeAll(async () => {
  process.env.NOTIFY_PRUNE_READ_AFTER_DAYS = '30';
  resetEnvForTests();
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => {
  delete process.env.NOTIFY_PRUNE_READ_AFTER_DAYS;
  resetEnvForTests();
  await t.drop();
});

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T12:00:00Z');

describe('pruneNotifications', () => {
  it('deletes notifications read longer ago than NOTIFY_PRUNE_READ_AFTER_DAYS, keeps unread ones however old', async () => {
    const made = await createNotifications(
      t.db,
      ['old-read', 'recent-read', 'old-unread'].map((e) => ({
        type: 'task_assignment' as const,
        userId: 131,
        event: e,
        context: { ticketNumber: 'TXPRUNE', ticketSubject: e },
        at: new Date(NOW.getTime() - 90 * DAY),
      })),
    );
    const [oldRead, recentRead, oldUnread] = made;
    await markNotificationsRead(t.db, { userId: 131, body: { ids: [oldRead.id] }, now: new Date(NOW.getTime() - 31 * DAY) });
    await markNotificationsRead(t.db, { userId: 131, body: { ids: [recentRead.id] }, now: new Date(NOW.getTime() - 29 * DAY) });
    // The old read one's email was sent long ago: its delivery goes too.
    await t.db
      .update(emailDeliveries)
      .set({ status: 'sent', updatedAt: new Date(NOW.getTime() - 60 * DAY) })
      .where(eq(emailDeliveries.notificationId, oldRead.id));

    expect(await pruneNotifications(t.db, NOW)).toEqual({ notifications: 1, deliveries: 1 });
    const left = await t.db.select({ id: notifications.id }).from(notifications).where(inArray(notifications.id, made.map((n) => n.id)));
    expect(left.map((r) => r.id).sort()).toEqual([recentRead.id, oldUnread.id].sort());
    // The pending deliveries of the others are untouched.
    const deliveries = await t.db.select().from(emailDeliveries);
    expect(deliveries.map((d) => d.notificationId).sort()).toEqual([recentRead.id, oldUnread.id].sort());
    expect(await pruneNotifications(t.db, NOW)).toEqual({ notifications: 0, deliveries: 0 });
  });
});
