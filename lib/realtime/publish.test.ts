import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskItems, tasks } from '../db/schema';
import { actOnTaskItem } from '../tasks/act-on-task-item';
import { startTicket } from '../testing/engine';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { REALTIME_CHANNEL, realtimeEventSchema } from './events';
import { publishRealtime } from './publish';

let t: TestDb;
let listener: postgres.Sql;
const heard: unknown[] = [];
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  listener = postgres(t.url, { max: 1, onnotice: () => {} });
  await listener.listen(REALTIME_CHANNEL, (payload) => heard.push(JSON.parse(payload)));
});
afterAll(async () => {
  await listener?.end();
  await t?.drop();
});

describe('realtime announcements', () => {
  it('announce a task item to its holder and coordinator when it is assigned and whenever it changes', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXRT00000001' });
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    const users = [item.userId, task.ownerUserId!].sort((a, b) => a - b);
    // (Routing names the coordinator after the first assignment, so that one reaches the assignee.)
    await expect.poll(() => heard.find((e: any) => e.k === 'task_item' && e.id === itemId), { timeout: 5000 }).toMatchObject({ status: 'new', users: expect.arrayContaining([item.userId]) });

    // The assignee opens it: new -> in_progress.
    await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'open' } });
    await expect.poll(() => heard.find((e: any) => e.k === 'task_item' && e.id === itemId && e.status === 'in_progress'), { timeout: 5000 }).toEqual({ k: 'task_item', id: itemId, status: 'in_progress', users, ticket: 'TXRT00000001' });
    // The notification for the assignee was announced too, to them alone.
    expect(heard.some((e: any) => e.k === 'notification' && e.user === item.userId)).toBe(true);
    for (const e of heard) expect(realtimeEventSchema.safeParse(e).success).toBe(true);
  });

  it('sends many events in one statement and none for an empty list', async () => {
    const before = heard.length;
    await publishRealtime(t.db, []);
    await publishRealtime(t.db, [
      { k: 'notification', id: 900001, user: 7 },
      { k: 'comment', op: 'deleted', id: 900002, ticket: 'TX"quoted\'' },
    ]);
    await expect.poll(() => heard.length - before, { timeout: 5000 }).toBe(2);
    expect(heard.slice(before)).toEqual([
      { k: 'notification', id: 900001, user: 7 },
      { k: 'comment', op: 'deleted', id: 900002, ticket: 'TX"quoted\'' },
    ]);
  });
});
