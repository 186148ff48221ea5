import { type ChildProcess, spawn } from 'node:child_process';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleUsers, taskItems, tasks, tickets, workflows } from '@/lib/db/schema';
import { DEMO_SLA, demoGraph } from '@/lib/demo/seed-demo';
import { intakeTicket } from '@/lib/tickets/intake-ticket';
import { wakeRouting } from '@/lib/tickets/wake-routing';
import { seedDemoData, ticketPayload } from '@/lib/testing/fixtures';
import { waitFor } from '@/lib/testing/wait-for';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { publishWorkflowVersion } from '@/lib/workflows/publish-workflow';
import { startWorker, type Worker } from '../worker';
import { ticketRouteJob } from './ticket-route';

let t: TestDb;
const workers: Worker[] = [];

async function addWorkflow(department: string, startRoleId: number) {
  await t.db.transaction(async (tx) => {
    const graph = demoGraph(4);
    graph.steps[0].roleId = startRoleId;
    const [wf] = await tx.insert(workflows).values({ name: department, department, category: 'Load', slaSeconds: DEMO_SLA, graph }).returning();
    await publishWorkflowVersion(tx, wf.id, null);
  });
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  // First step held by the three Asset Managers (131, 132, 133).
  await addWorkflow('Load Department', 4);
  // First step held by the Ticket Coordinators (121, 122), who also own every task: the step's
  // turns and the owner turns must not share one cursor.
  await addWorkflow('Coordination Department', 3);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await t.drop();
});

const q = async <T>(query: ReturnType<typeof sql>) => Array.from((await t.db.execute(query)) as Iterable<T>);
const routedCount = async () => (await t.db.select({ n: count() }).from(tickets).where(eq(tickets.routingStatus, 'routed')))[0].n;
const spread = (counts: number[]) => Math.max(...counts) - Math.min(...counts);

/** Pending tickets put straight into the table (the routing queue), as intake leaves them. */
async function insertPending(prefix: string, n: number, department: string) {
  await t.db.execute(sql`
    insert into tickets (ticket_number, subject, department, category, priority, payload, source)
    select ${prefix} || lpad(i::text, 6, '0'), 'Load ' || i, ${department}, 'Load', 'Medium', '{}'::jsonb, 'amqp'
    from generate_series(1, ${n}) i`);
}

describe('routing as a set, by several workers at once', () => {
  it('spreads 200 tickets over three agents 66/67/67, one task each, no turn taken twice', async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        intakeTicket(t.db, {
          payload: ticketPayload({ ticket_number: `LOAD${String(i).padStart(4, '0')}`, department: 'Load Department', category: 'Load' }),
          source: 'http',
          submittedBy: 501,
        }),
      ),
    );
    // 200 intakes shared one wake-up.
    expect(await q<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'ticket-route'`)).toEqual([{ n: 1 }]);
    for (let i = 0; i < 3; i++) {
      workers.push(await startWorker({ databaseUrl: t.url, modules: [ticketRouteJob], isMaintenanceEnabled: false }));
    }
    await waitFor('200 routed', async () => (await routedCount()) === 200, 60_000);

    expect((await t.db.select({ n: count() }).from(tasks))[0].n).toBe(200);
    const perAgent = await t.db.select({ userId: taskItems.userId, n: count() }).from(taskItems).groupBy(taskItems.userId).orderBy(taskItems.userId);
    expect(perAgent.map((r) => r.userId)).toEqual([131, 132, 133]);
    expect(perAgent.map((r) => r.n).sort()).toEqual([66, 67, 67]);
    // Coordinators (121, 122) share ownership evenly too.
    const owners = await t.db.select({ owner: tasks.ownerUserId, n: count() }).from(tasks).groupBy(tasks.ownerUserId);
    expect(owners.map((o) => o.n).sort()).toEqual([100, 100]);
    // No wake-up failed or was retried.
    await waitFor('wake-ups done', async () => (await q<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'ticket-route' and state in ('created', 'active')`))[0].n === 0);
    expect(await q(sql`select id from pgboss.job where name = 'ticket-route' and (state <> 'completed' or retry_count > 0)`)).toEqual([]);
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
    await waitFor('210 routed', async () => (await routedCount()) === 210, 30_000);
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
    await t.db.update(roleUsers).set({ isActive: true }).where(eq(roleUsers.userId, 132));
  });

  it('routes 10,000 tickets with four workers: every count within one, the coordinator role included, everything once', async () => {
    workers.push(await startWorker({ databaseUrl: t.url, modules: [ticketRouteJob], isMaintenanceEnabled: false }));
    expect(workers).toHaveLength(4);
    // Interleaved: the two roles' tickets alternate in arrival order.
    await t.db.execute(sql`
      insert into tickets (ticket_number, subject, department, category, priority, payload, source)
      select 'FAIR' || lpad(i::text, 6, '0'), 'Fair ' || i,
             case when i % 2 = 0 then 'Load Department' else 'Coordination Department' end, 'Load', 'Medium', '{}'::jsonb, 'amqp'
      from generate_series(1, 10000) i`);
    await wakeRouting(t.db);
    await waitFor('10,210 routed', async () => (await routedCount()) === 10_210, 120_000, 250);

    const fair = sql`from tasks ta join tickets ti on ti.id = ta.ticket_id join task_items it on it.task_id = ta.id where ti.ticket_number like 'FAIR%'`;
    const steps = await q<{ role_id: number; user_id: number; n: number }>(sql`select it.role_id, it.user_id, count(*)::int as n ${fair} group by 1, 2 order by 1, 2`);
    const assetManagers = steps.filter((s) => s.role_id === 4);
    const coordinatorsAsStep = steps.filter((s) => s.role_id === 3);
    expect(assetManagers.map((s) => s.user_id)).toEqual([131, 132, 133]);
    expect(assetManagers.reduce((a, s) => a + s.n, 0)).toBe(5000);
    expect(spread(assetManagers.map((s) => s.n))).toBeLessThanOrEqual(1);
    expect(coordinatorsAsStep.map((s) => s.user_id)).toEqual([121, 122]);
    expect(coordinatorsAsStep.map((s) => s.n)).toEqual([2500, 2500]);
    const owners = await q<{ owner: number; n: number }>(sql`select ta.owner_user_id as owner, count(*)::int as n ${fair} group by 1 order by 1`);
    expect(owners.map((o) => o.owner)).toEqual([121, 122]);
    expect(owners.map((o) => o.n)).toEqual([5000, 5000]);

    // Everything once: one task, one item, one history line, one notification, one status sync per ticket.
    const [once] = await q<Record<string, number>>(sql`
      select
        (select count(*)::int from tasks ta join tickets ti on ti.id = ta.ticket_id where ti.ticket_number like 'FAIR%') as tasks,
        (select count(*)::int ${fair}) as items,
        (select count(distinct it.task_id)::int ${fair}) as tasks_with_items,
        (select count(*)::int from task_item_history h join task_items it on it.id = h.task_item_id join tasks ta on ta.id = it.task_id
           join tickets ti on ti.id = ta.ticket_id where ti.ticket_number like 'FAIR%') as history,
        (select count(*)::int from notifications where ticket_number like 'FAIR%' and type = 'task_assignment') as notifications,
        (select count(distinct task_item_id)::int from notifications where ticket_number like 'FAIR%') as notified_items,
        (select count(*)::int from pgboss.job where name = 'ticket-status-sync' and data->>'ticket_id' like 'FAIR%') as syncs,
        (select count(distinct data->>'ticket_id')::int from pgboss.job where name = 'ticket-status-sync' and data->>'ticket_id' like 'FAIR%') as synced_tickets,
        (select count(*)::int from audit_events where action = 'ticket.routed' and entity_id like 'FAIR%') as audits`);
    expect(once).toEqual({
      tasks: 10_000,
      items: 10_000,
      tasks_with_items: 10_000,
      history: 10_000,
      notifications: 10_000,
      notified_items: 10_000,
      syncs: 10_000,
      synced_tickets: 10_000,
      audits: 10_000,
    });
  }, 240_000);
});

describe('a routing worker killed with kill -9 mid-batch', () => {
  it('leaves no ticket doubled or lost, and its batch is routed by a restarted worker within seconds', async () => {
    // The other workers stop: only the process we kill routes at first.
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await insertPending('KILL', 3000, 'Load Department');
    const spawnWorker = () =>
      spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
        env: { ...process.env, DATABASE_URL: t.url, AMQP_URL: '', WORKER_HEALTH_PORT: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const kill = (p: ChildProcess) => new Promise<void>((resolve) => (p.exitCode !== null ? resolve() : (p.once('exit', () => resolve()), p.kill('SIGKILL'))));
    const routedKill = async () => (await q<{ n: number }>(sql`select count(*)::int as n from tickets where ticket_number like 'KILL%' and routing_status = 'routed'`))[0].n;

    const first = spawnWorker();
    let output = '';
    first.stdout.on('data', (d) => (output += d));
    first.stderr.on('data', (d) => (output += d));
    await wakeRouting(t.db);
    await waitFor('the first worker to route some', async () => (await routedKill()) >= 200 || first.exitCode !== null, 60_000, 20);
    expect(first.exitCode, output).toBeNull();
    await kill(first);
    const atKill = await routedKill();
    expect(atKill).toBeLessThan(3000);

    // A restarted worker picks up the rest: the killed batch was never committed, so it is
    // simply pending again; the sweep wakes routing even though the killed wake-up is still "active".
    const second = spawnWorker();
    try {
      const started = Date.now();
      await waitFor('all 3,000 routed after the restart', async () => (await routedKill()) === 3000, 60_000, 100);
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      await kill(second);
    }
    const [once] = await q<Record<string, number>>(sql`
      select count(*)::int as tasks, count(distinct ta.ticket_id)::int as tickets,
        (select count(*)::int from task_items it join tasks ta2 on ta2.id = it.task_id join tickets ti2 on ti2.id = ta2.ticket_id where ti2.ticket_number like 'KILL%') as items,
        (select count(*)::int from notifications where ticket_number like 'KILL%') as notifications,
        (select count(*)::int from pgboss.job where name = 'ticket-status-sync' and data->>'ticket_id' like 'KILL%') as syncs
      from tasks ta join tickets ti on ti.id = ta.ticket_id where ti.ticket_number like 'KILL%'`);
    expect(once).toEqual({ tasks: 3000, tickets: 3000, items: 3000, notifications: 3000, syncs: 3000 });
    const perAgent = await q<{ n: number }>(sql`
      select count(*)::int as n from task_items it join tasks ta on ta.id = it.task_id join tickets ti on ti.id = ta.ticket_id
      where ti.ticket_number like 'KILL%' group by it.user_id`);
    // The killed batch's turns rolled back with it: the rotation stays even.
    expect(spread(perAgent.map((r) => r.n))).toBeLessThanOrEqual(1);
  }, 180_000);
});
