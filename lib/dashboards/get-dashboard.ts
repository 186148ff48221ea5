import { type SQL, inArray, sql } from 'drizzle-orm';
import { ADMIN_ROLE_NAMES, hasActiveTtsRole } from '../auth/roles';
import type { Db, DbOrTx } from '../db/client';
import { workflowVersions, workflows } from '../db/schema';
import { PRIORITIES_MOST_URGENT_FIRST, type Priority } from '../tickets/priority';
import { AppError } from '../errors';
import { COORDINATOR_ROLE } from '../tickets/route-ticket';
import { listDisplayNames } from '../users/list-display-names';
import { bucketBounds } from './duration-buckets';
import { durationBucketDays, itemEventDays, taskEventDays } from './item-event-days';
import { rollUpDashboardDays } from './roll-up-dashboard-days';
import { type DashboardQuery, type DashboardRange, resolveRange } from './schemas';

/** Admins and Ticket Coordinators (active members of an active TTS role of that name). */
export async function canViewDashboards(db: DbOrTx, userId: number): Promise<boolean> {
  return hasActiveTtsRole(db, userId, [...ADMIN_ROLE_NAMES, COORDINATOR_ROLE]);
}

export async function requireDashboardViewer(db: DbOrTx, userId: number): Promise<void> {
  if (!(await canViewDashboards(db, userId))) throw new AppError('FORBIDDEN', 'The dashboards are for admins and Ticket Coordinators');
}

const rows = async <T>(db: DbOrTx, query: SQL) => Array.from((await db.execute(query)) as Iterable<T>);
const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * One kind of daily rows for the range: the stored totals (`table`, its `columns`) for the days
 * rolled up, and `live` rows (same columns) for the days since (see rollUpDashboardDays).
 */
function storedAndLive(
  r: DashboardRange,
  rolledUntil: string,
  table: string,
  columns: string,
  live: (start: Date, end: Date, workflowId: number | null) => SQL,
): SQL {
  const parts: SQL[] = [];
  const split = dayStart(rolledUntil);
  if (r.start < split) {
    const until = r.end < split ? r.end : split;
    const wf = r.workflowId === null ? sql`` : sql` and workflow_id = ${r.workflowId}`;
    parts.push(sql`
      select ${sql.raw(columns)} from ${sql.raw(table)}
       where day >= ${r.from}::date and day < ${until.toISOString()}::timestamptz::date${wf}`);
  }
  if (r.end > split) parts.push(live(r.start > split ? r.start : split, r.end, r.workflowId));
  return sql.join(parts, sql` union all `);
}

const itemDays = (r: DashboardRange, rolledUntil: string) =>
  storedAndLive(r, rolledUntil, 'dashboard_item_days', 'day, workflow_id, step_key, priority, resolved, resolved_in_sla, breached, warned', itemEventDays);
const durationDays = (r: DashboardRange, rolledUntil: string) =>
  storedAndLive(r, rolledUntil, 'dashboard_duration_days', 'day, workflow_id, step_key, bucket, items', durationBucketDays);
const taskDays = (r: DashboardRange, rolledUntil: string) =>
  storedAndLive(r, rolledUntil, 'dashboard_task_days', 'day, workflow_id, priority, started, resolved, resolved_in_sla', taskEventDays);

export interface DashboardContext {
  range: DashboardRange;
  rolledUntil: string;
  now: Date;
}

/** The range resolved and the daily totals brought up to date: what every dashboard query takes. */
export async function dashboardContext(db: Db, p: { actorUserId: number; query: DashboardQuery; now?: Date }): Promise<DashboardContext> {
  await requireDashboardViewer(db, p.actorUserId);
  const now = p.now ?? new Date();
  return { range: resolveRange(p.query, now), rolledUntil: await rollUpDashboardDays(db, now), now };
}

/** SLA compliance of task items per workflow, step and priority: resolved, and resolved within target. */
export async function queryItemCompliance(db: DbOrTx, c: DashboardContext) {
  return rows<{ workflow_id: number; step_key: string; priority: Priority; resolved: number; resolved_in_sla: number }>(
    db,
    sql`select workflow_id, step_key, priority, sum(resolved)::int as resolved, sum(resolved_in_sla)::int as resolved_in_sla
          from (${itemDays(c.range, c.rolledUntil)}) d
         group by 1, 2, 3 having sum(resolved) > 0 order by 1, 2, 3`,
  );
}

/** SLA compliance of tasks (whole tickets) per workflow and priority. */
export async function queryTaskCompliance(db: DbOrTx, c: DashboardContext) {
  return rows<{ workflow_id: number; priority: Priority; resolved: number; resolved_in_sla: number }>(
    db,
    sql`select workflow_id, priority, sum(resolved)::int as resolved, sum(resolved_in_sla)::int as resolved_in_sla
          from (${taskDays(c.range, c.rolledUntil)}) d
         group by 1, 2 having sum(resolved) > 0 order by 1, 2`,
  );
}

/** Breaches and warnings per day. */
export async function querySlaEventsByDay(db: DbOrTx, c: DashboardContext) {
  const found = await rows<{ day: string; breached: number; warned: number }>(
    db,
    sql`select day::text as day, sum(breached)::int as breached, sum(warned)::int as warned
          from (${itemDays(c.range, c.rolledUntil)}) d group by 1`,
  );
  const byDay = new Map(found.map((r) => [r.day, r]));
  return c.range.days.map((day) => ({ day, breached: byDay.get(day)?.breached ?? 0, warned: byDay.get(day)?.warned ?? 0 }));
}

/** Tickets started (tasks created) and resolved per day. */
export async function queryThroughputByDay(db: DbOrTx, c: DashboardContext) {
  const found = await rows<{ day: string; created: number; resolved: number }>(
    db,
    sql`select day::text as day, sum(started)::int as created, sum(resolved)::int as resolved
          from (${taskDays(c.range, c.rolledUntil)}) d group by 1`,
  );
  const byDay = new Map(found.map((r) => [r.day, r]));
  return c.range.days.map((day) => ({ day, created: byDay.get(day)?.created ?? 0, resolved: byDay.get(day)?.resolved ?? 0 }));
}

export const AGE_BUCKETS = [
  { key: 'under_1d', label: '< 1 day', maxHours: 24 },
  { key: 'd1_3', label: '1–3 days', maxHours: 72 },
  { key: 'd3_7', label: '3–7 days', maxHours: 168 },
  { key: 'over_7d', label: '> 7 days', maxHours: null },
] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number]['key'];

/**
 * The backlog now: open items per workflow and step, by how long they have waited on that step
 * (since assigned). Not bound by the date range: it is the state of the desk at this moment.
 */
export async function queryBacklog(db: DbOrTx, c: DashboardContext) {
  const now = sql`${c.now.toISOString()}::timestamptz`;
  const wf = c.range.workflowId === null ? sql`` : sql` and workflow_id = ${c.range.workflowId}`;
  return rows<{ workflow_id: number; step_key: string; under_1d: number; d1_3: number; d3_7: number; over_7d: number; total: number }>(
    db,
    sql`select workflow_id, step_key,
               count(*) filter (where age < interval '1 day')::int as under_1d,
               count(*) filter (where age >= interval '1 day' and age < interval '3 days')::int as d1_3,
               count(*) filter (where age >= interval '3 days' and age < interval '7 days')::int as d3_7,
               count(*) filter (where age >= interval '7 days')::int as over_7d,
               count(*)::int as total
          from (select workflow_id, step_key, ${now} - assigned_at as age
                  from task_items where status in ('new', 'in_progress', 'breached') and workflow_id is not null${wf}) o
         group by 1, 2 order by 1, 2`,
  );
}

/**
 * Workload per agent now: open items, of which at risk (warning time passed, target not yet) and
 * breached (target passed, or marked breached). Items on hold have no running clock, so only
 * their recorded warnings and breaches count.
 */
export async function queryAgentWorkload(db: DbOrTx, c: DashboardContext) {
  const now = sql`${c.now.toISOString()}::timestamptz`;
  const wf = c.range.workflowId === null ? sql`` : sql` and workflow_id = ${c.range.workflowId}`;
  const found = await rows<{ user_id: number; open: number; at_risk: number; breached: number }>(
    db,
    sql`select user_id, count(*)::int as open,
               count(*) filter (where not is_breached and is_warned)::int as at_risk,
               count(*) filter (where is_breached)::int as breached
          from (select user_id,
                       (status = 'breached' or breached_at is not null or (on_hold_since is null and target_at <= ${now})) as is_breached,
                       (warned_at is not null or (on_hold_since is null and warn_at <= ${now})) as is_warned
                  from task_items where status in ('new', 'in_progress', 'breached')${wf}) o
         group by 1 order by 2 desc, 1`,
  );
  const names = await listDisplayNames(db, found.map((r) => r.user_id));
  return found.map((r) => ({ ...r, name: names.get(r.user_id) ?? `User ${r.user_id}` }));
}

/**
 * The median working time per step (assignment to action, less time on hold) of the items resolved
 * in the range, exact, without sorting them: the per-bucket counts (dashboard_duration_days, and
 * live for the days since) say which duration bucket holds the middle item and its rank inside it;
 * that one item is then read off task_items_step_duration_idx, walking only that bucket's part of
 * the step's index (OFFSET rank). An even count averages the two middle items.
 */
export async function queryStepMedians(db: DbOrTx, c: DashboardContext) {
  const hist = await rows<{ workflow_id: number; step_key: string; bucket: number; items: number }>(
    db,
    sql`select workflow_id, step_key, bucket, sum(items)::int as items from (${durationDays(c.range, c.rolledUntil)}) d
         group by 1, 2, 3 having sum(items) > 0 order by 1, 2, 3`,
  );
  const groups: Array<{ workflow_id: number; step_key: string; n: number; buckets: Array<{ bucket: number; items: number }> }> = [];
  for (const h of hist) {
    let g = groups.at(-1);
    if (!g || g.workflow_id !== h.workflow_id || g.step_key !== h.step_key) groups.push((g = { workflow_id: h.workflow_id, step_key: h.step_key, n: 0, buckets: [] }));
    g.n += h.items;
    g.buckets.push({ bucket: h.bucket, items: h.items });
  }
  if (groups.length === 0) return [];
  // The 0-based ranks of the middle item(s), each located as (bucket, offset within it).
  const probes: SQL[] = [];
  groups.forEach((g, gi) => {
    const ranks = g.n % 2 === 1 ? [(g.n - 1) / 2] : [g.n / 2 - 1, g.n / 2];
    for (const rank of ranks) {
      let below = 0;
      for (const b of g.buckets) {
        if (rank < below + b.items) {
          const { lo, hi } = bucketBounds(b.bucket);
          probes.push(sql`(${gi}::int, ${g.workflow_id}::int, ${g.step_key}::text, ${lo ?? INT4_MIN}::int, ${hi ?? INT4_MAX}::int, ${rank - below}::int)`);
          break;
        }
        below += b.items;
      }
    }
  });
  const s = sql`${c.range.start.toISOString()}::timestamptz`;
  const e = sql`${c.range.end.toISOString()}::timestamptz`;
  const found = await rows<{ g: number; w: number | null }>(
    db,
    sql`select p.g, (select i.work_seconds from task_items i
                      where i.status = 'resolved' and i.workflow_id = p.workflow_id and i.step_key = p.step_key
                        and i.work_seconds >= p.lo and i.work_seconds < p.hi and i.acted_at >= ${s} and i.acted_at < ${e}
                      order by i.work_seconds offset p.off limit 1) as w
          from (values ${sql.join(probes, sql`, `)}) as p(g, workflow_id, step_key, lo, hi, off)`,
  );
  return groups.map((g, gi) => {
    const values = found.filter((f) => f.g === gi && f.w !== null).map((f) => Number(f.w));
    return {
      workflow_id: g.workflow_id,
      step_key: g.step_key,
      n: g.n,
      median_seconds: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
    };
  });
}

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;

/** Names for the workflow ids and step keys the queries return (a step's name in the current definition). */
async function labels(db: DbOrTx, workflowIds: number[]) {
  const ids = [...new Set(workflowIds)];
  const wfs = ids.length ? await db.select().from(workflows).where(inArray(workflows.id, ids)) : [];
  const stepNames = new Map<string, string>();
  for (const wf of wfs) for (const s of wf.graph.steps) stepNames.set(`${wf.id}:${s.key}`, s.name);
  // Steps a later draft removed still have their name in a published version.
  const versions = ids.length ? await db.select().from(workflowVersions).where(inArray(workflowVersions.workflowId, ids)) : [];
  for (const v of versions.sort((a, b) => b.version - a.version)) {
    for (const s of v.graph.steps) if (!stepNames.has(`${v.workflowId}:${s.key}`)) stepNames.set(`${v.workflowId}:${s.key}`, s.name);
  }
  const wfNames = new Map(wfs.map((w) => [w.id, w.name]));
  return {
    workflow: (id: number) => wfNames.get(id) ?? `Workflow ${id}`,
    step: (workflowId: number, key: string) => stepNames.get(`${workflowId}:${key}`) ?? key,
  };
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The whole dashboard for the range and workflow filter: every chart's rows, labelled. Admins and
 * Ticket Coordinators only (403 for anyone else).
 */
export async function getDashboard(db: Db, p: { actorUserId: number; query: DashboardQuery; now?: Date }) {
  const c = await dashboardContext(db, p);
  const [itemCompliance, taskCompliance, slaEvents, throughput, backlog, workload, medians, allWorkflows] = await Promise.all([
    queryItemCompliance(db, c),
    queryTaskCompliance(db, c),
    querySlaEventsByDay(db, c),
    queryThroughputByDay(db, c),
    queryBacklog(db, c),
    queryAgentWorkload(db, c),
    queryStepMedians(db, c),
    db.select({ id: workflows.id, name: workflows.name }).from(workflows).orderBy(workflows.name),
  ]);
  const name = await labels(db, [
    ...itemCompliance.map((r) => r.workflow_id),
    ...taskCompliance.map((r) => r.workflow_id),
    ...backlog.map((r) => r.workflow_id),
    ...medians.map((r) => r.workflow_id),
  ]);
  const byKey = <T, K extends string | number>(list: T[], key: (t: T) => K) => {
    const m = new Map<K, { resolved: number; resolvedInSla: number }>();
    for (const r of list) {
      const k = key(r);
      const cur = m.get(k) ?? { resolved: 0, resolvedInSla: 0 };
      const row = r as unknown as { resolved: number; resolved_in_sla: number };
      cur.resolved += row.resolved;
      cur.resolvedInSla += row.resolved_in_sla;
      m.set(k, cur);
    }
    return m;
  };
  const itemsByWorkflow = byKey(itemCompliance, (r) => r.workflow_id);
  const itemsByStep = byKey(itemCompliance, (r) => `${r.workflow_id}:${r.step_key}`);
  const itemsByPriority = byKey(itemCompliance, (r) => r.priority);
  const tasksByWorkflow = byKey(taskCompliance, (r) => r.workflow_id);
  const tasksByPriority = byKey(taskCompliance, (r) => r.priority);
  return {
    range: { from: c.range.from, to: c.range.to, workflowId: c.range.workflowId },
    workflows: allWorkflows,
    compliance: {
      byWorkflow: [...new Set([...itemsByWorkflow.keys(), ...tasksByWorkflow.keys()])].map((id) => {
        const i = itemsByWorkflow.get(id) ?? { resolved: 0, resolvedInSla: 0 };
        const t = tasksByWorkflow.get(id) ?? { resolved: 0, resolvedInSla: 0 };
        return {
          workflowId: id,
          workflow: name.workflow(id),
          itemsResolved: i.resolved,
          itemsInSla: i.resolvedInSla,
          itemShare: share(i.resolvedInSla, i.resolved),
          tasksResolved: t.resolved,
          tasksInSla: t.resolvedInSla,
          taskShare: share(t.resolvedInSla, t.resolved),
        };
      }),
      byStep: [...itemsByStep.entries()].map(([k, v]) => {
        const [wfId, ...rest] = k.split(':');
        const key = rest.join(':');
        return { workflowId: Number(wfId), workflow: name.workflow(Number(wfId)), stepKey: key, step: name.step(Number(wfId), key), resolved: v.resolved, inSla: v.resolvedInSla, share: share(v.resolvedInSla, v.resolved) };
      }),
      byPriority: PRIORITIES_MOST_URGENT_FIRST.map((pr) => {
        const i = itemsByPriority.get(pr) ?? { resolved: 0, resolvedInSla: 0 };
        const t = tasksByPriority.get(pr) ?? { resolved: 0, resolvedInSla: 0 };
        return { priority: pr, itemsResolved: i.resolved, itemsInSla: i.resolvedInSla, itemShare: share(i.resolvedInSla, i.resolved), tasksResolved: t.resolved, tasksInSla: t.resolvedInSla, taskShare: share(t.resolvedInSla, t.resolved) };
      }),
    },
    slaEvents,
    throughput,
    backlog: backlog.map((r) => ({ ...r, workflow: name.workflow(r.workflow_id), step: name.step(r.workflow_id, r.step_key) })),
    workload,
    medians: medians.map((r) => ({ ...r, workflow: name.workflow(r.workflow_id), step: name.step(r.workflow_id, r.step_key) })),
  };
}

export type Dashboard = Awaited<ReturnType<typeof getDashboard>>;
