import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleUsers, taskItems, tasks, tickets, workflows } from '@/lib/db/schema';
import { DEMO_SLA, demoGraph } from '@/lib/demo/seed-demo';
import { intakeTicket } from '@/lib/tickets/intake-ticket';
import { seedDemoData, ticketPayload } from '@/lib/testing/fixtures';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { publishWorkflowVersion } from '@/lib/workflows/publish-workflow';
import { startWorker, type Worker } from '../worker';
import { ticketIngestJob } from './ticket-ingest';

let t: TestDb;
const workers: Worker[] = [];

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  // A workflow whose first step belongs to the three Asset Managers (131, 132, 133).
  await t.db.transaction(async (tx) => {
    const graph = demoGraph(4);
    graph.steps[0].roleId = 4;
    const [wf] = await tx
      .insert(workflows)
      .values({ name: 'Load', department: 'Load Department', category: 'Load', slaSeconds: DEMO_SLA, graph })
      .returning();
    await publishWorkflowVersion(tx, wf.id, null);
  });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await t.drop();
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('ingestion by several workers at once', () => {
  it('spreads 200 tickets over three agents 66/67/67, one task each, no turn taken twice', async () => {
    // Tickets first, then three worker processes' worth of pollers racing for them.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        intakeTicket(t.db, {
          payload: ticketPayload({ ticket_number: `LOAD${String(i).padStart(4, '0')}`, department: 'Load Department', category: 'Load' }),
          source: 'http',
          submittedBy: 501,
        }),
      ),
    );
    for (let i = 0; i < 3; i++) {
      workers.push(await startWorker({ databaseUrl: t.url, modules: [ticketIngestJob], isMaintenanceEnabled: false }));
    }
    await waitFor(async () => {
      const [{ n }] = await t.db.select({ n: count() }).from(tickets).where(eq(tickets.routingStatus, 'routed'));
      return n === 200;
    });
    // A job is marked completed just after its routing commits: wait for the last of those too.
    await waitFor(async () => {
      const [{ n }] = Array.from(
        (await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'ticket-ingest' and state in ('created', 'active')`)) as Iterable<{ n: number }>,
      );
      return n === 0;
    });

    expect((await t.db.select({ n: count() }).from(tasks))[0].n).toBe(200);
    const perAgent = await t.db
      .select({ userId: taskItems.userId, n: count() })
      .from(taskItems)
      .groupBy(taskItems.userId)
      .orderBy(taskItems.userId);
    expect(perAgent.map((r) => r.userId)).toEqual([131, 132, 133]);
    expect(perAgent.map((r) => r.n).sort()).toEqual([66, 67, 67]);

    // Coordinators (121, 122) share ownership evenly too.
    const owners = await t.db.select({ owner: tasks.ownerUserId, n: count() }).from(tasks).groupBy(tasks.ownerUserId);
    expect(owners.map((o) => o.n).sort()).toEqual([100, 100]);
    // Each job finished once: none failed or retried into a second task.
    const failed = await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'ticket-ingest' and (state <> 'completed' or retry_count > 0)`);
    expect((failed[0] as { n: number }).n).toBe(0);
  }, 120_000);

  it('skips inactive members and keeps the rotation going', async () => {
    await t.db.update(roleUsers).set({ isActive: false }).where(eq(roleUsers.userId, 132));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        intakeTicket(t.db, {
          payload: ticketPayload({ ticket_number: `SKIP${i}`, department: 'Load Department', category: 'Load' }),
          source: 'http',
          submittedBy: 501,
        }),
      ),
    );
    for (const w of workers) w.running.nudge('ticket-ingest');
    await waitFor(async () => {
      const [{ n }] = await t.db.select({ n: count() }).from(tickets).where(eq(tickets.routingStatus, 'routed'));
      return n === 210;
    });
    const rows = await t.db
      .select({ userId: taskItems.userId })
      .from(taskItems)
      .innerJoin(tasks, eq(tasks.id, taskItems.taskId))
      .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
      .where(sql`${tickets.ticketNumber} like 'SKIP%'`);
    const counts = rows.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.userId]: (acc[r.userId] ?? 0) + 1 }), {});
    expect(counts[132]).toBeUndefined();
    expect(counts[131]).toBe(5);
    expect(counts[133]).toBe(5);
  });
});
