import { type SQL, sql } from 'drizzle-orm';
import { durationBucketSql } from './duration-buckets';

/**
 * Task items' dashboard events per UTC day, workflow, step (key) and priority, for events in
 * [start, end): resolved (and within the item's target), breached, warned. Each event counts on
 * its own day. An item that took over a breached or warned item inherits those moments (assignStep
 * copies them), so only an event after the item's own assignment is its own: that keeps one
 * breach from being counted again for each later holder. A warning the breach made moot (marked
 * at the breach, never sent) is not counted as a warning.
 *
 * The one definition of these counts: rollUpDashboardDays stores it for days that are over, the
 * dashboard reads it live for the days since.
 */
export function itemEventDays(start: Date, end: Date, workflowId: number | null): SQL {
  const s = sql`${start.toISOString()}::timestamptz`;
  const e = sql`${end.toISOString()}::timestamptz`;
  const wf = workflowId === null ? sql`` : sql` and workflow_id = ${workflowId}`;
  return sql`
    select (acted_at at time zone 'UTC')::date as day, workflow_id, step_key, priority,
           1 as resolved, (acted_at <= target_at)::int as resolved_in_sla, 0 as breached, 0 as warned
      from task_items
     where status = 'resolved' and acted_at >= ${s} and acted_at < ${e} and workflow_id is not null${wf}
    union all
    select (breached_at at time zone 'UTC')::date, workflow_id, step_key, priority, 0, 0, 1, 0
      from task_items
     where breached_at is not null and breached_at >= ${s} and breached_at < ${e} and breached_at > assigned_at
       and workflow_id is not null${wf}
    union all
    select (warned_at at time zone 'UTC')::date, workflow_id, step_key, priority, 0, 0, 0, 1
      from task_items
     where warned_at is not null and warned_at >= ${s} and warned_at < ${e} and warned_at > assigned_at
       and (breached_at is null or warned_at < breached_at) and workflow_id is not null${wf}`;
}

/** Tasks per UTC day, workflow and priority: started, resolved, resolved by the task's target. */
export function taskEventDays(start: Date, end: Date, workflowId: number | null): SQL {
  const s = sql`${start.toISOString()}::timestamptz`;
  const e = sql`${end.toISOString()}::timestamptz`;
  const wf = workflowId === null ? sql`` : sql` and t.workflow_id = ${workflowId}`;
  return sql`
    select (t.started_at at time zone 'UTC')::date as day, t.workflow_id, tk.priority, 1 as started, 0 as resolved, 0 as resolved_in_sla
      from tasks t join tickets tk on tk.id = t.ticket_id
     where t.started_at >= ${s} and t.started_at < ${e}${wf}
    union all
    select (t.resolved_at at time zone 'UTC')::date, t.workflow_id, tk.priority, 0, 1, (t.resolved_at <= t.target_resolution)::int
      from tasks t join tickets tk on tk.id = t.ticket_id
     where t.resolved_at is not null and t.resolved_at >= ${s} and t.resolved_at < ${e} and t.status = 'completed'${wf}`;
}

/** Resolved items per UTC day resolved, workflow, step and working-time bucket, in [start, end). */
export function durationBucketDays(start: Date, end: Date, workflowId: number | null): SQL {
  const wf = workflowId === null ? sql`` : sql` and workflow_id = ${workflowId}`;
  return sql`
    select (acted_at at time zone 'UTC')::date as day, workflow_id, step_key, ${durationBucketSql(sql`work_seconds`)} as bucket, count(*)::int as items
      from task_items
     where status = 'resolved' and acted_at >= ${start.toISOString()}::timestamptz and acted_at < ${end.toISOString()}::timestamptz
       and workflow_id is not null${wf}
     group by 1, 2, 3, 4`;
}
