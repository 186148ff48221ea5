import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskItems } from '@/lib/db/schema';
import { jobs } from '@/lib/jobs/queues';
import { startTicket } from '@/lib/testing/engine';
import { seedDemoData } from '@/lib/testing/fixtures';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { startWorker, type Worker } from '../worker';
import { slaScanJob } from './sla-scan';
import { waitFor } from '@/lib/testing/wait-for';

let t: TestDb;
const workers: Worker[] = [];
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await t.drop();
});


describe('sla-scan job', () => {
  it('a queued scan breaches and escalates an overdue item on the real clock', async () => {
    // Routed three hours ago: the High ticket's 2 h Triage window is over.
    const { itemId } = await startTicket(t.db, { ticket_number: 'TXJOB000001' }, new Date(Date.now() - 3 * 3600_000));
    const worker = await startWorker({ databaseUrl: t.url, modules: [slaScanJob], isMaintenanceEnabled: false });
    workers.push(worker);
    await worker.boss.send(jobs.slaScan.name, {});
    // Breached and escalated: the item closes as `escalated` (`breached` is an open status).
    await waitFor('the item to be escalated', async () => (await t.db.select().from(taskItems).where(eq(taskItems.id, itemId)))[0].status === 'escalated', 30_000);
    await waitFor(
      'the scan job to complete',
      async () => {
        const rows = await t.db.execute(sql`select state from pgboss.job where name = ${jobs.slaScan.name}`);
        return (rows[0] as { state: string }).state === 'completed';
      },
      30_000,
    );
    const items = await t.db.select().from(taskItems).where(eq(taskItems.previousItemId, itemId));
    expect(items).toHaveLength(1);
    expect(items[0].origin).toBe('escalated');
    expect((await t.db.select().from(taskItems).where(eq(taskItems.id, itemId)))[0].breachedAt).not.toBeNull();
  });

  it('the worker schedules the scan every minute, and notification housekeeping every ten, when maintenance is on', async () => {
    const worker = await startWorker({ databaseUrl: t.url, modules: [], isMaintenanceEnabled: true });
    workers.push(worker);
    const rows = await t.db.execute(sql`select name, cron, timezone from pgboss.schedule order by name`);
    expect(Array.from(rows)).toEqual([
      { name: 'notification-housekeeping', cron: '*/10 * * * *', timezone: 'UTC' },
      { name: 'sla-scan', cron: '* * * * *', timezone: 'UTC' },
    ]);
  });
});
