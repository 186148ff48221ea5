/**
 * The SLA scan at 100k open task items: how long the due-items query takes, and whether its plan
 * reads the partial indexes (task_items_sla_warn_idx, task_items_sla_breach_idx), against a
 * baseline in the same run and database: the same query with those two indexes dropped (inside a
 * transaction that is rolled back). Then one real scanSla pass over the due items, timed, while a
 * probe connection keeps locking the escalation role's round-robin cursor (as ingestion does) and
 * records how long each lock took to get; and one pass with nothing due. Uses a throwaway database
 * on the PostgreSQL of TEST_DATABASE_URL.
 *
 *   npx tsx bench/sla-scan.ts [open_items=100000] [due_items=1000]
 */
import { sql } from 'drizzle-orm';
import { createDb, type Db } from '../lib/db/client';
import { isOpenItemSql, taskItems } from '../lib/db/schema';
import { dueItemsQuery, scanSla } from '../lib/sla/scan-sla';
import { assetCheckInStart, withThrowawayDatabase } from './throwaway-database';

const n = Number(process.argv[2] ?? 100_000);
const due = Number(process.argv[3] ?? 1000);
const now = new Date('2031-06-02T12:00:00Z');
const RUNS = 25;

/**
 * n tickets, tasks and open items (plus n resolved items of history), in three set-based
 * statements. Items 1..due/2 are past their target, the next due/2 past their warning only, the
 * rest due hours to weeks from `now`.
 */
async function seedItems(db: Db) {
  const { wf, version, triage } = await assetCheckInStart(db);
  const at = now.toISOString();
  await db.execute(sql`
    insert into tickets (ticket_number, subject, department, category, priority, status, payload, source, routing_status, workflow_id)
    select 'BENCH' || lpad(i::text, 9, '0'), 'Bench ' || i, 'Asset Department', 'Asset Check In', 'High', 'Open', '{}'::jsonb, 'http', 'routed', ${wf.id}
    from generate_series(1, ${n}) i`);
  await db.execute(sql`
    insert into tasks (ticket_id, workflow_id, workflow_version_id, current_step_id, status, owner_user_id, target_resolution, started_at)
    select id, ${wf.id}, ${version.id}, ${triage.id}, 'in_progress', 121 + (id % 2), ${at}::timestamptz + interval '30 days', ${at}::timestamptz - interval '1 hour'
    from tickets where ticket_number like 'BENCH%'`);
  await db.execute(sql`
    insert into task_items (task_id, step_id, role_id, user_id, origin, status, assigned_at, acted_at, target_at, warn_at, warned_at)
    select id, ${triage.id}, 1, 101 + (id % 2), 'system', 'resolved', ${at}::timestamptz - interval '2 days', ${at}::timestamptz - interval '1 day',
           ${at}::timestamptz - interval '1 day', ${at}::timestamptz - interval '30 hours', ${at}::timestamptz - interval '30 hours'
    from tasks`);
  await db.execute(sql`
    with numbered as (select id, row_number() over (order by id) as i from tasks)
    insert into task_items (task_id, step_id, role_id, user_id, origin, status, assigned_at, target_at, warn_at)
    select id, ${triage.id}, 1, 101 + (id % 2), 'system', case when i % 2 = 0 then 'in_progress' else 'new' end,
           ${at}::timestamptz - interval '1 hour',
           case when i <= ${due / 2} then ${at}::timestamptz - interval '1 minute'
                when i <= ${due} then ${at}::timestamptz + interval '1 hour'
                else ${at}::timestamptz + (i % 2000 + 2) * interval '1 hour' end,
           case when i <= ${due} then ${at}::timestamptz - interval '10 minutes'
                else ${at}::timestamptz + (i % 2000 + 2) * interval '1 hour' - interval '30 minutes' end
    from numbered`);
  await db.execute(sql`analyze`);
}

/** Median wall time of the due-items query (a read without locks; each run in a rolled-back savepoint) and its plan. */
async function measure(db: Db, label: string, prepare?: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<void>) {
  const times: number[] = [];
  let plan = '';
  let rows = 0;
  await db
    .transaction(async (tx) => {
      if (prepare) await prepare(tx);
      const explained = await tx.execute(sql`explain (analyze, buffers, costs off) ${dueItemsQuery(now, 200)}`);
      plan = Array.from(explained as Iterable<Record<string, string>>).map((r) => Object.values(r)[0]).join('\n');
      for (let i = 0; i < RUNS; i++) {
        await tx.execute(sql`savepoint m`);
        const started = performance.now();
        rows = Array.from(await tx.execute(dueItemsQuery(now, 200))).length;
        times.push(performance.now() - started);
        await tx.execute(sql`rollback to savepoint m`);
      }
      throw new Rollback();
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err;
    });
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`\n== ${label}: median ${median.toFixed(2)} ms over ${RUNS} runs (p90 ${times[Math.floor(RUNS * 0.9)].toFixed(2)} ms), ${rows} rows\n${plan}`);
  return median;
}
class Rollback extends Error {}

// The seeded workflow's Triage step escalates to Admin (role 1): every breach takes its cursor.
const ESCALATION_ROLE_ID = 1;

/**
 * What ingestion feels while the scan runs: lock the escalation role's round-robin cursor (as
 * takeTurn does), note how long getting it took, let go, again every 5 ms until the scan ends.
 */
async function probeCursor(dbUrl: string, isScanning: () => boolean): Promise<number[]> {
  const probe = createDb(dbUrl, { max: 1 });
  const waits: number[] = [];
  try {
    while (isScanning()) {
      const started = performance.now();
      await probe.transaction(async (tx) => {
        await tx.execute(sql`select role_id from round_robin_cursors where role_id = ${ESCALATION_ROLE_ID} for update`);
      });
      waits.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await probe.$close();
  }
  return waits;
}

await withThrowawayDatabase(async (db, dbUrl) => {
  const seeding = performance.now();
  await seedItems(db);
  const [{ open }] = Array.from(await db.execute<{ open: number }>(sql`select count(*)::int as open from ${taskItems} where ${isOpenItemSql(taskItems.status)}`));
  const [{ total }] = Array.from(await db.execute<{ total: number }>(sql`select count(*)::int as total from task_items`));
  console.log(`seeded ${open} open task items (${total} in all, ${due} due) in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const indexed = await measure(db, 'due-items query, partial indexes');
  const baseline = await measure(db, 'baseline: same query, partial indexes dropped', async (tx) => {
    await tx.execute(sql`drop index task_items_sla_warn_idx`);
    await tx.execute(sql`drop index task_items_sla_breach_idx`);
  });
  console.log(`\nindexed vs baseline: ${(baseline / indexed).toFixed(0)}x faster`);

  await db.execute(sql`insert into round_robin_cursors (role_id) values (${ESCALATION_ROLE_ID}) on conflict do nothing`);
  let started = performance.now();
  let scanning = true;
  const probing = probeCursor(dbUrl, () => scanning);
  const result = await scanSla(db, { now }).finally(() => (scanning = false));
  const busy = performance.now() - started;
  const waits = (await probing).sort((a, b) => a - b);
  const pct = (q: number) => waits[Math.min(waits.length - 1, Math.floor(waits.length * q))].toFixed(1);
  console.log(`\nscanSla with ${due} due: ${JSON.stringify(result)} in ${busy.toFixed(0)} ms (${(busy / due).toFixed(2)} ms per effect)`);
  console.log(`cursor lock waits during the pass: ${waits.length} probes, median ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${waits[waits.length - 1].toFixed(1)} ms`);
  started = performance.now();
  const idle = await scanSla(db, { now });
  console.log(`scanSla with nothing due: ${JSON.stringify(idle)} in ${(performance.now() - started).toFixed(1)} ms`);

  // The usual minute: nothing due among 100k open items.
  await db.execute(sql`analyze task_items`);
  const idleIndexed = await measure(db, 'nothing due, partial indexes');
  const idleBaseline = await measure(db, 'nothing due, baseline without them', async (tx) => {
    await tx.execute(sql`drop index task_items_sla_warn_idx`);
    await tx.execute(sql`drop index task_items_sla_breach_idx`);
  });
  console.log(`\nnothing due, indexed vs baseline: ${(idleBaseline / idleIndexed).toFixed(0)}x faster`);
}, { max: 4 });
