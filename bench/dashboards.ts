/**
 * The dashboard queries (lib/dashboards/get-dashboard.ts) at 100k tickets and 1M task items, each
 * timed (median of RUNS after a warm-up) for the last 30 days and for the whole year of data, all
 * workflows and one; against a baseline in the same run and database: the same questions asked
 * of the base tables directly (items joined to tasks, tickets and steps, no daily totals, medians
 * by percentile_cont), which is what the queries would be without the daily totals, the copies on
 * task_items and the duration index. Uses a throwaway database on the PostgreSQL of
 * TEST_DATABASE_URL.
 *
 *   npx tsx bench/dashboards.ts [tickets=100000] [items_per_ticket=10]
 *
 * BENCH_DATABASE_URL=<url of an empty database> keeps the data there (seeded on the first run,
 * reused after) for looking at plans; the recorded figures come from a throwaway database.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../lib/db/client';
import {
  type DashboardContext,
  dashboardContext,
  getDashboard,
  queryAgentWorkload,
  queryBacklog,
  queryItemCompliance,
  querySlaEventsByDay,
  queryStepMedians,
  queryTaskCompliance,
  queryThroughputByDay,
} from '../lib/dashboards/get-dashboard';
import { rollUpDashboardDays } from '../lib/dashboards/roll-up-dashboard-days';
import { withThrowawayDatabase } from './throwaway-database';

const nTickets = Number(process.argv[2] ?? 100_000);
const perTicket = Number(process.argv[3] ?? 10);
const now = new Date(process.env.BENCH_NOW ?? '2031-06-02T12:00:00Z');
const RUNS = Number(process.env.RUNS ?? 7);
const ADMIN = 101;

/**
 * A year of history in set-based statements: tickets spread evenly over the 365 days before `now`
 * across the five demo workflows and four priorities; each ticket's task has `perTicket` items
 * (Triage and Resolve alternating, as rejections loop back, then Finalize), each taking 0.1 to
 * 1.5 times its step's share of the SLA, so about a third are late (breached, warned before).
 * One task in ten is still open, started in the last 14 days, on its last item.
 */
async function seed(db: Db) {
  await db.execute(sql`select setseed(0.42)`);
  await db.execute(sql`
    insert into tickets (ticket_number, subject, department, category, sub_category, priority, status, payload, source, routing_status, workflow_id, created_at)
    select 'BENCH' || lpad(i::text, 9, '0'), 'Bench ' || i, w.department, w.category, w.sub_category,
           (array['Critical', 'High', 'Medium', 'Low'])[1 + i % 4], 'Open', '{}'::jsonb, 'http', 'routed', w.id,
           case when i % 10 = 0 then ${now.toISOString()}::timestamptz - random() * interval '14 days'
                else ${now.toISOString()}::timestamptz - interval '2 days' - random() * interval '363 days' end
      from generate_series(1, ${nTickets}) i
      join (select row_number() over (order by id) - 1 as n, * from workflows) w on w.n = i % 5`);
  await db.execute(sql`
    insert into tasks (ticket_id, workflow_id, workflow_version_id, current_step_id, status, owner_user_id, target_resolution, started_at, created_at)
    select tk.id, w.id, w.current_version_id, null, case when tk.id % 10 = 0 then 'in_progress' else 'completed' end, 121 + tk.id % 2,
           tk.created_at + ((v.sla_seconds ->> tk.priority)::int) * interval '1 second', tk.created_at, tk.created_at
      from tickets tk join workflows w on w.id = tk.workflow_id join workflow_versions v on v.id = w.current_version_id`);
  await db.execute(sql`
    insert into task_items (task_id, step_id, role_id, user_id, origin, status, assigned_at, acted_at, target_at, warn_at, warned_at, breached_at,
                            workflow_id, step_key, priority, created_at)
    with steps_of as (
      select v.workflow_id, s.key, s.id, s.role_id, s.weight / sum(s.weight) over (partition by v.id) as share
        from steps s join workflow_versions v on v.id = s.workflow_version_id
    ), planned as (
      select t.id as task_id, t.workflow_id, t.status as task_status, t.started_at, tk.priority, k,
             case when k = ${perTicket} then 'finalize' when k % 2 = 1 then 'triage' else 'resolve' end as key,
             (v.sla_seconds ->> tk.priority)::int as sla, 0.1 + random() * 1.4 as pace
        from tasks t join tickets tk on tk.id = t.ticket_id join workflow_versions v on v.id = t.workflow_version_id
        cross join generate_series(1, ${perTicket}) k
    ), timed as (
      select p.*, so.id as step_id, so.role_id, (p.sla * so.share)::int as target_s, (p.sla * so.share * p.pace)::int as took_s
        from planned p join steps_of so on so.workflow_id = p.workflow_id and so.key = p.key
    ), placed as (
      select *, started_at + (coalesce(sum(took_s) over (partition by task_id order by k rows between unbounded preceding and 1 preceding), 0)) * interval '1 second' as assigned
        from timed
    )
    select task_id, step_id, role_id, case when role_id = 1 then 101 + task_id % 2 when role_id = 5 then 141 + task_id % 2 else 131 + task_id % 3 end, 'system',
           case when task_status <> 'completed' and k = ${perTicket} then 'new' else 'resolved' end,
           assigned,
           case when task_status <> 'completed' and k = ${perTicket} then null else assigned + took_s * interval '1 second' end,
           assigned + target_s * interval '1 second',
           assigned + (target_s * 0.8)::int * interval '1 second',
           case when took_s > target_s * 0.8 and assigned + (target_s * 0.8)::int * interval '1 second' < ${now.toISOString()}::timestamptz
                then assigned + ((target_s * 0.8)::int + 60) * interval '1 second' end,
           case when took_s > target_s and assigned + target_s * interval '1 second' < ${now.toISOString()}::timestamptz
                then assigned + (target_s + 60) * interval '1 second' end,
           workflow_id, key, priority, assigned
      from placed`);
  await db.execute(sql`
    update tasks t set resolved_at = x.last_acted
      from (select task_id, max(acted_at) as last_acted from task_items group by task_id) x
     where x.task_id = t.id and t.status = 'completed'`);
  await db.execute(sql`vacuum analyze`);
}

/** The baseline: the same questions of the base tables, joined, without the dashboard's helpers. */
function baselineQueries(c: DashboardContext): Record<string, SQL> {
  const s = sql`${c.range.start.toISOString()}::timestamptz`;
  const e = sql`${c.range.end.toISOString()}::timestamptz`;
  const wf = c.range.workflowId === null ? sql`` : sql` and t.workflow_id = ${c.range.workflowId}`;
  const base = sql`task_items i join tasks t on t.id = i.task_id join tickets tk on tk.id = t.ticket_id join steps st on st.id = i.step_id`;
  const n = sql`${c.now.toISOString()}::timestamptz`;
  return {
    itemCompliance: sql`select t.workflow_id, st.key, tk.priority, count(*), count(*) filter (where i.acted_at <= i.target_at)
      from ${base} where i.status = 'resolved' and i.acted_at >= ${s} and i.acted_at < ${e}${wf} group by 1, 2, 3`,
    taskCompliance: sql`select t.workflow_id, tk.priority, count(*), count(*) filter (where t.resolved_at <= t.target_resolution)
      from tasks t join tickets tk on tk.id = t.ticket_id where t.status = 'completed' and t.resolved_at >= ${s} and t.resolved_at < ${e}${wf} group by 1, 2`,
    slaEventsByDay: sql`select d, sum(b), sum(w) from (
        select (i.breached_at at time zone 'UTC')::date d, 1 b, 0 w from ${base} where i.breached_at >= ${s} and i.breached_at < ${e} and i.breached_at > i.assigned_at${wf}
        union all
        select (i.warned_at at time zone 'UTC')::date, 0, 1 from ${base} where i.warned_at >= ${s} and i.warned_at < ${e} and i.warned_at > i.assigned_at
          and (i.breached_at is null or i.warned_at < i.breached_at)${wf}) x group by 1`,
    throughputByDay: sql`select d, sum(c), sum(r) from (
        select (t.started_at at time zone 'UTC')::date d, 1 c, 0 r from tasks t where t.started_at >= ${s} and t.started_at < ${e}${wf}
        union all
        select (t.resolved_at at time zone 'UTC')::date, 0, 1 from tasks t where t.resolved_at >= ${s} and t.resolved_at < ${e}${wf}) x group by 1`,
    backlog: sql`select t.workflow_id, st.key, count(*) filter (where ${n} - i.assigned_at < interval '1 day'), count(*)
      from ${base} where i.status in ('new', 'in_progress', 'breached')${wf} group by 1, 2`,
    agentWorkload: sql`select i.user_id, count(*), count(*) filter (where i.target_at <= ${n})
      from ${base} where i.status in ('new', 'in_progress', 'breached')${wf} group by 1`,
    stepMedians: sql`select t.workflow_id, st.key, percentile_cont(0.5) within group (order by extract(epoch from i.acted_at - i.assigned_at) - i.held_seconds)
      from ${base} where i.status = 'resolved' and i.acted_at >= ${s} and i.acted_at < ${e}${wf} group by 1, 2`,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function run(db: Db) {
    let started = performance.now();
    const [{ n: existing }] = Array.from((await db.execute(sql`select count(*)::int as n from tickets`)) as Iterable<{ n: number }>);
    if (existing === 0) await seed(db);
    const counts = Array.from(
      (await db.execute(sql`select (select count(*) from tickets)::int as tickets, (select count(*) from task_items)::int as items,
        (select count(*) from task_items where status in ('new', 'in_progress', 'breached'))::int as open`)) as Iterable<Record<string, number>>,
    )[0];
    console.log(`seeded ${counts.tickets} tickets, ${counts.items} task items (${counts.open} open) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    started = performance.now();
    const rolled = await rollUpDashboardDays(db, now);
    console.log(`first roll-up of the daily totals (a year of history, once): ${((performance.now() - started) / 1000).toFixed(2)} s, rolled until ${rolled}`);
    started = performance.now();
    await rollUpDashboardDays(db, now);
    console.log(`roll-up with nothing to do: ${(performance.now() - started).toFixed(1)} ms`);

    const [wf] = Array.from((await db.execute(sql`select id from workflows order by id limit 1`)) as Iterable<{ id: number }>);
    const cases = [
      { label: 'last 30 days, all workflows', query: {} },
      { label: 'whole year, all workflows', query: { from: '2030-06-01', to: '2031-06-02' } },
      { label: 'whole year, one workflow', query: { from: '2030-06-01', to: '2031-06-02', workflow: wf.id } },
    ];
    const ours = {
      itemCompliance: queryItemCompliance,
      taskCompliance: queryTaskCompliance,
      slaEventsByDay: querySlaEventsByDay,
      throughputByDay: queryThroughputByDay,
      backlog: queryBacklog,
      agentWorkload: queryAgentWorkload,
      stepMedians: queryStepMedians,
    };
    const table: string[] = ['| range | query | baseline | shipped | speed-up |', '|---|---|---|---|---|'];
    for (const cs of cases) {
      const c = await dashboardContext(db, { actorUserId: ADMIN, query: cs.query, now });
      const base = baselineQueries(c);
      for (const [name, q] of Object.entries(ours)) {
        const b = await time(() => db.execute(base[name]));
        const o = await time(() => q(db, c));
        table.push(`| ${cs.label} | ${name} | ${b.toFixed(1)} ms | ${o.toFixed(1)} ms | ${(b / o).toFixed(1)}x |`);
        console.log(table.at(-1));
      }
      const whole = await time(() => getDashboard(db, { actorUserId: ADMIN, query: cs.query, now }));
      table.push(`| ${cs.label} | whole page (getDashboard, queries in parallel) | | ${whole.toFixed(1)} ms | |`);
      console.log(table.at(-1));
    }
    console.log(`\n${table.join('\n')}`);
}

if (process.env.BENCH_DATABASE_URL) {
  const { createDb } = await import('../lib/db/client');
  const { migrateDatabase } = await import('../lib/db/migrate');
  const { createQueues } = await import('../lib/jobs/create-queues');
  const { seedDemo } = await import('../lib/demo/seed-demo');
  await migrateDatabase(process.env.BENCH_DATABASE_URL);
  await createQueues(process.env.BENCH_DATABASE_URL);
  const db = createDb(process.env.BENCH_DATABASE_URL, { max: 8 });
  await seedDemo(db);
  await run(db);
  await db.$close();
} else {
  await withThrowawayDatabase(run, { max: 8 });
}
