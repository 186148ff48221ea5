/**
 * My tasks at scale: the agent inbox (listMyTaskItems, the list behind the My tasks page and
 * `GET /api/v1/task-items?mine=true`) over 100k tickets and 1M task items, against a baseline in
 * the same run and database: the same calls with task_items_inbox_idx dropped (inside a
 * transaction that is rolled back). The two cases take turns (ROUNDS rounds of RUNS calls each),
 * so load from elsewhere on a shared machine falls on both alike. Prints the plan of the inbox query (it must read
 * task_items_inbox_idx, with no sort) and the p50/p95/p99 of whole calls for random agents.
 *
 * Shape of the data: `tickets` tickets, one task each, `items_per_task` items per task: all but the
 * last resolved/reassigned/escalated history, the last one open (`new`, `in_progress` or
 * `breached`: every ticket is still being worked). Items go round robin over `agents` agents (so
 * each holds tickets/agents open items and 9x that in history); one agent, the busiest, also
 * holds 2% of all open items, as a team lead who takes every escalation would.
 *
 *   npx tsx bench/my-tasks.ts [tickets=100000] [items_per_task=10] [agents=200]
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { isOpenItemSql, steps, taskItems, tasks, tickets, workflowVersions } from '../lib/db/schema';
import { type Db, type Tx } from '../lib/db/client';
import { listMyTaskItems } from '../lib/tasks/list-my-task-items';
import { openItemsQuery } from '../lib/tasks/list-task-items';
import { assetCheckInStart, withThrowawayDatabase } from './throwaway-database';

const nTickets = Number(process.argv[2] ?? 100_000);
const perTask = Number(process.argv[3] ?? 10);
const agents = Number(process.argv[4] ?? 200);
const RUNS = Number(process.env.RUNS ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const FIRST_AGENT = 10_001;
const BUSIEST = FIRST_AGENT; // also holds 2% of all open items
const now = new Date('2031-06-02T12:00:00Z');

async function seed(db: Db) {
  const { wf, version, triage } = await assetCheckInStart(db);
  const at = now.toISOString();
  await db.execute(sql`
    insert into tickets (ticket_number, subject, department, category, priority, status, payload, source, routing_status, workflow_id)
    select 'BENCH' || lpad(i::text, 9, '0'), 'Bench ticket ' || i, 'Asset Department', 'Asset Check In',
           (array['Low','Medium','High','Critical'])[1 + i % 4], 'In Progress',
           jsonb_build_object('asset_name', 'Laptop ' || i, 'serial_number', 'SN-' || i), 'http', 'routed', ${wf.id}
    from generate_series(1, ${nTickets}) i`);
  await db.execute(sql`
    insert into tasks (ticket_id, workflow_id, workflow_version_id, current_step_id, status, owner_user_id, target_resolution, started_at)
    select id, ${wf.id}, ${version.id}, ${triage.id}, 'in_progress', ${FIRST_AGENT} + (id % ${agents}),
           ${at}::timestamptz + interval '30 days', ${at}::timestamptz - interval '10 days'
    from tickets where ticket_number like 'BENCH%'`);
  // History: perTask - 1 closed items per task, in one statement (900k rows at the defaults).
  await db.execute(sql`
    insert into task_items (task_id, step_id, role_id, user_id, origin, status, assigned_at, acted_at, target_at, warn_at, warned_at)
    select t.id, ${triage.id}, 1, ${FIRST_AGENT} + ((t.id * ${perTask} + k) % ${agents}), 'system',
           (array['resolved','reassigned','escalated'])[1 + k % 3],
           ${at}::timestamptz - (k + 2) * interval '1 day', ${at}::timestamptz - (k + 1) * interval '1 day',
           ${at}::timestamptz - (k + 1) * interval '1 day', ${at}::timestamptz - (k + 1) * interval '1 day' - interval '4 hours',
           ${at}::timestamptz - (k + 1) * interval '1 day' - interval '4 hours'
    from tasks t cross join generate_series(1, ${perTask - 1}) k`);
  // The open item of each task: 2% to the busiest agent, the rest round robin.
  await db.execute(sql`
    insert into task_items (task_id, step_id, role_id, user_id, origin, status, assigned_at, target_at, warn_at)
    select t.id, ${triage.id}, 1,
           case when t.id % 50 = 0 then ${BUSIEST} else ${FIRST_AGENT} + (t.id % ${agents}) end, 'system',
           (array['new','in_progress','breached'])[1 + t.id % 3],
           ${at}::timestamptz - interval '1 hour',
           ${at}::timestamptz + (t.id % 5000 - 500) * interval '1 minute',
           ${at}::timestamptz + (t.id % 5000 - 700) * interval '1 minute'
    from tasks t`);
  await db.execute(sql`vacuum analyze`);
}

/** openItemsQuery as it was before it read only the listed columns: whole task, ticket and step rows. */
function wholeRowsQuery(tx: Tx, userId: number) {
  return tx
    .select({ item: taskItems, task: tasks, ticket: tickets, step: steps, workflowName: workflowVersions.name })
    .from(taskItems)
    .innerJoin(tasks, eq(tasks.id, taskItems.taskId))
    .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
    .innerJoin(steps, eq(steps.id, taskItems.stepId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, tasks.workflowVersionId))
    .where(and(isOpenItemSql(taskItems.status), eq(taskItems.userId, userId)))
    .orderBy(asc(taskItems.targetAt), asc(taskItems.id))
    .limit(200);
}

const rowsOf = <T>(r: unknown) => Array.from(r as Iterable<T>);

async function plan(tx: Tx, userId: number): Promise<string> {
  const rows = await tx.execute(sql`explain (analyze, buffers, costs off) ${openItemsQuery(tx, { userId, limit: 200, offset: 0 }).getSQL()}`);
  return rowsOf<Record<string, string>>(rows).map((r) => Object.values(r)[0]).join('\n');
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

/** RUNS whole listMyTaskItems calls, each for a random agent (every 10th for the busiest). */
async function measure(tx: Tx, label: string) {
  // Warm up: the first calls pay for planning and the first page reads.
  for (let i = 0; i < 5; i++) await listMyTaskItems(tx, FIRST_AGENT + 1 + i, now);
  const times: number[] = [];
  // The same read as plain SQL rows (no drizzle mapping, no JSON shaping): where the time goes.
  const sqlOnly: number[] = [];
  // The read as it was before it selected only the columns the list shows (whole joined rows).
  const wholeRows: number[] = [];
  const busiest: number[] = [];
  let rows = 0;
  let busiestRows = 0;
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < RUNS; i++) {
    const isBusiest = i % 10 === 0;
    const userId = isBusiest ? BUSIEST : FIRST_AGENT + 1 + Math.floor(random() * (agents - 1));
    const started = performance.now();
    const items = await listMyTaskItems(tx, userId, now);
    const ms = performance.now() - started;
    const sqlStarted = performance.now();
    await tx.execute(openItemsQuery(tx, { userId, limit: 200, offset: 0 }).getSQL());
    sqlOnly.push(performance.now() - sqlStarted);
    const wholeStarted = performance.now();
    await wholeRowsQuery(tx, userId);
    wholeRows.push(performance.now() - wholeStarted);
    times.push(ms);
    if (isBusiest) {
      busiest.push(ms);
      busiestRows = items.length;
    } else rows = items.length;
  }
  times.sort((a, b) => a - b);
  busiest.sort((a, b) => a - b);
  sqlOnly.sort((a, b) => a - b);
  wholeRows.sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2);
  const summary = { p50: pct(times, 0.5), p95: pct(times, 0.95), p99: pct(times, 0.99), busiestP95: pct(busiest, 0.95) };
  const sample: Sample = { times, busiest, sqlOnly, wholeRows };
  console.log(
    `${label}: ${RUNS} calls, p50 ${f(summary.p50)} ms, p95 ${f(summary.p95)} ms, p99 ${f(summary.p99)} ms ` +
      `(an agent: ${rows} items; the busiest: ${busiestRows} items, p95 ${f(summary.busiestP95)} ms); ` +
      `the query alone as raw rows: p50 ${f(pct(sqlOnly, 0.5))} ms, p95 ${f(pct(sqlOnly, 0.95))} ms; ` +
      `the read with whole rows (before): p50 ${f(pct(wholeRows, 0.5))} ms, p95 ${f(pct(wholeRows, 0.95))} ms`,
  );
  return sample;
}

interface Sample {
  times: number[];
  busiest: number[];
  sqlOnly: number[];
  wholeRows: number[];
}

function combine(samples: Sample[]) {
  const sorted = (pick: (s: Sample) => number[]) => samples.flatMap(pick).sort((a, b) => a - b);
  const times = sorted((s) => s.times);
  const busiest = sorted((s) => s.busiest);
  const sqlOnly = sorted((s) => s.sqlOnly);
  const wholeRows = sorted((s) => s.wholeRows);
  return {
    calls: times.length,
    p50: pct(times, 0.5),
    p95: pct(times, 0.95),
    p99: pct(times, 0.99),
    busiestP95: pct(busiest, 0.95),
    sqlP50: pct(sqlOnly, 0.5),
    sqlP95: pct(sqlOnly, 0.95),
    wholeP50: pct(wholeRows, 0.5),
    wholeP95: pct(wholeRows, 0.95),
  };
}

class Rollback extends Error {}
async function inRolledBack<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .transaction(async (tx) => {
      out = await fn(tx);
      throw new Rollback();
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return out as T;
}

await withThrowawayDatabase(async (db) => {
  const seeding = performance.now();
  await seed(db);
  const [counts] = rowsOf<{ tickets: number; items: number; open: number }>(
    await db.execute(sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from task_items) as items,
      (select count(*)::int from task_items where status in ('new', 'in_progress', 'breached')) as open`),
  );
  console.log(
    `seeded ${counts.tickets} tickets, ${counts.items} task items (${counts.open} open) over ${agents} agents in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );

  await inRolledBack(db, async (tx) => {
    console.log(`\n== plan, an agent, with task_items_inbox_idx\n${await plan(tx, FIRST_AGENT + 7)}`);
    console.log(`\n== plan, the busiest agent, with task_items_inbox_idx\n${await plan(tx, BUSIEST)}\n`);
  });
  await inRolledBack(db, async (tx) => {
    await tx.execute(sql`drop index task_items_inbox_idx`);
    console.log(`\n== plan, an agent, baseline (task_items_inbox_idx dropped)\n${await plan(tx, FIRST_AGENT + 7)}\n`);
  });
  // The two cases take turns, ROUNDS times, so load from elsewhere on the machine falls on both.
  const all = { indexed: [] as Sample[], baseline: [] as Sample[] };
  for (let round = 0; round < ROUNDS; round++) {
    all.indexed.push(await inRolledBack(db, (tx) => measure(tx, `round ${round + 1}, with task_items_inbox_idx`)));
    all.baseline.push(
      await inRolledBack(db, async (tx) => {
        await tx.execute(sql`drop index task_items_inbox_idx`);
        return measure(tx, `round ${round + 1}, baseline: task_items_inbox_idx dropped`);
      }),
    );
  }
  const indexed = combine(all.indexed);
  const baseline = combine(all.baseline);
  const f = (n: number) => n.toFixed(2);
  for (const [label, c] of [['with task_items_inbox_idx', indexed], ['baseline (index dropped)', baseline]] as const) {
    console.log(`\n${label}, all rounds: ${c.calls} calls, p50 ${f(c.p50)} ms, p95 ${f(c.p95)} ms, p99 ${f(c.p99)} ms; busiest agent p95 ${f(c.busiestP95)} ms; the query alone: p50 ${f(c.sqlP50)} ms, p95 ${f(c.sqlP95)} ms; whole rows (before): p50 ${f(c.wholeP50)} ms, p95 ${f(c.wholeP95)} ms`);
  }
  console.log(`\np95 ${indexed.p95.toFixed(2)} ms vs baseline ${baseline.p95.toFixed(2)} ms: ${(baseline.p95 / indexed.p95).toFixed(0)}x`);
  if (indexed.p95 >= 50) {
    console.error(`p95 ${indexed.p95.toFixed(2)} ms is over the 50 ms budget`);
    process.exitCode = 1;
  }
}, { max: 2 });
