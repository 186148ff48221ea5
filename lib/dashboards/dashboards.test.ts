import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpenItemSql, taskItems, transitions, workflows } from '../db/schema';
import { scanSla } from '../sla/scan-sla';
import { actOnTaskItem } from '../tasks/act-on-task-item';
import { startTicket } from '../testing/engine';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { getDashboard } from './get-dashboard';
import { dashboardQuerySchema } from './schemas';

const ADMIN = 101;
const HOUR = 3_600_000;
let t: TestDb;
let workflowId: number;
// Five days ago, 09:00 UTC: a day the dashboard reads from its daily totals.
const d0 = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 5, 9));
const at = (hours: number) => new Date(d0.getTime() + hours * HOUR);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

async function act(taskId: number, transitionKey: string, now: Date) {
  const [item] = await t.db.select().from(taskItems).where(and(eq(taskItems.taskId, taskId), isOpenItemSql(taskItems.status)));
  const [tr] = await t.db
    .select()
    .from(transitions)
    .where(and(eq(transitions.fromStepId, item.stepId), eq(transitions.key, transitionKey)));
  await actOnTaskItem(t.db, { itemId: item.id, actorUserId: item.userId, action: { action: 'transition', transition_id: tr.id, note: 'done' }, now });
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  [{ id: workflowId }] = await t.db.select({ id: workflows.id }).from(workflows).where(eq(workflows.name, 'Asset Check In'));
  // High: 8 h for the ticket; Triage 2 h, Resolve 4 h, Finalize 2 h (weights 1, 2, 1).
  const a = await startTicket(t.db, { priority: 'High' }, d0);
  const b = await startTicket(t.db, { priority: 'High' }, d0);
  await startTicket(t.db, { priority: 'High' }, d0);
  await act(a.taskId, 'submit', at(1)); // triage 1 h, in time
  await act(a.taskId, 'approve', at(3)); // resolve 2 h, in time
  await act(a.taskId, 'complete', at(3.25)); // finalize 15 min; the ticket is resolved in time
  await act(b.taskId, 'submit', at(3)); // triage 3 h: late (no scan ran, so no breach was marked)
  await scanSla(t.db, { now: at(3.5) }); // C's triage breaches and is escalated to a fresh holder
  await act(b.taskId, 'approve', at(4)); // resolve 1 h, in time
});
afterAll(async () => t.drop());

const dash = (query: Record<string, string> = {}, actorUserId = ADMIN, now?: Date) =>
  getDashboard(t.db, { actorUserId, query: dashboardQuerySchema.parse(query), now });

describe('dashboards', () => {
  it('reports SLA compliance, breaches, throughput, medians, backlog and workload', async () => {
    const d = await dash();
    expect(d.compliance.byStep).toEqual([
      { workflowId, workflow: 'Asset Check In', stepKey: 'finalize', step: 'Finalize', resolved: 1, inSla: 1, share: 1 },
      { workflowId, workflow: 'Asset Check In', stepKey: 'resolve', step: 'Resolve', resolved: 2, inSla: 2, share: 1 },
      { workflowId, workflow: 'Asset Check In', stepKey: 'triage', step: 'Triage', resolved: 2, inSla: 1, share: 0.5 },
    ]);
    expect(d.compliance.byWorkflow).toEqual([
      { workflowId, workflow: 'Asset Check In', itemsResolved: 5, itemsInSla: 4, itemShare: 0.8, tasksResolved: 1, tasksInSla: 1, taskShare: 1 },
    ]);
    expect(d.compliance.byPriority.find((p) => p.priority === 'High')).toMatchObject({ itemsResolved: 5, itemsInSla: 4, tasksResolved: 1 });
    expect(d.compliance.byPriority.find((p) => p.priority === 'Low')).toMatchObject({ itemsResolved: 0, itemShare: null });

    expect(d.slaEvents).toHaveLength(30);
    expect(d.slaEvents.find((e) => e.day === dayOf(d0))).toEqual({ day: dayOf(d0), breached: 1, warned: 0 });
    expect(d.slaEvents.reduce((n, e) => n + e.breached, 0)).toBe(1);
    expect(d.throughput.find((e) => e.day === dayOf(d0))).toEqual({ day: dayOf(d0), created: 3, resolved: 1 });

    expect(d.medians).toEqual([
      { workflow_id: workflowId, step_key: 'finalize', n: 1, median_seconds: 900, workflow: 'Asset Check In', step: 'Finalize' },
      { workflow_id: workflowId, step_key: 'resolve', n: 2, median_seconds: 5400, workflow: 'Asset Check In', step: 'Resolve' },
      { workflow_id: workflowId, step_key: 'triage', n: 2, median_seconds: 7200, workflow: 'Asset Check In', step: 'Triage' },
    ]);

    // Open now: B's Finalize (since 4 h after d0) and C's escalated Triage, both days old and late.
    expect(d.backlog).toEqual([
      expect.objectContaining({ workflow_id: workflowId, step_key: 'finalize', d3_7: 1, total: 1 }),
      expect.objectContaining({ workflow_id: workflowId, step_key: 'triage', d3_7: 1, total: 1 }),
    ]);
    expect(d.workload.reduce((n, w) => n + w.open, 0)).toBe(2);
    expect(d.workload.reduce((n, w) => n + w.breached, 0)).toBe(2);
    expect(d.workload.every((w) => w.name !== `User ${w.user_id}`)).toBe(true);
  });

  it('reads past days from the daily totals and today live, with the same answer', async () => {
    const [state] = Array.from((await t.db.execute(sql`select rolled_until::text as d from dashboard_rollup_state`)) as Iterable<{ d: string }>);
    expect(state.d > dayOf(d0)).toBe(true);
    const stored = Array.from((await t.db.execute(sql`select sum(resolved)::int as n from dashboard_item_days`)) as Iterable<{ n: number }>);
    expect(stored[0].n).toBe(5);

    // Today: a new ticket's triage done in time shows at once, from the live part.
    // One clock reading for both ends, so the step's duration is exactly an hour.
    const now = Date.now();
    const e = await startTicket(t.db, { priority: 'High' }, new Date(now - HOUR));
    await act(e.taskId, 'submit', new Date(now));
    const d = await dash();
    expect(d.compliance.byStep.find((s) => s.stepKey === 'triage')).toMatchObject({ resolved: 3, inSla: 2 });
    expect(d.throughput.at(-1)).toMatchObject({ created: 1, resolved: 0 });
    expect(d.medians.find((m) => m.step_key === 'triage')).toMatchObject({ n: 3, median_seconds: 3600 });
  });

  it('filters by date range and workflow', async () => {
    const onlyD0 = await dash({ from: dayOf(d0), to: dayOf(d0) });
    expect(onlyD0.slaEvents).toEqual([{ day: dayOf(d0), breached: 1, warned: 0 }]);
    expect(onlyD0.compliance.byStep.find((s) => s.stepKey === 'triage')).toMatchObject({ resolved: 2 });
    const before = await dash({ from: '2020-01-01', to: '2020-01-31' });
    expect(before.compliance.byStep).toEqual([]);
    expect(before.medians).toEqual([]);
    const [other] = await t.db.select({ id: workflows.id }).from(workflows).where(eq(workflows.name, 'New Budget Proposal'));
    const filtered = await dash({ workflow: String(other.id) });
    expect(filtered.compliance.byStep).toEqual([]);
    expect(filtered.backlog).toEqual([]);
    expect(filtered.workload).toEqual([]);
    expect(filtered.range.workflowId).toBe(other.id);
  });

  it('is for admins and coordinators, and refuses bad filters', async () => {
    await expect(dash({}, 131)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(dash({}, 121)).resolves.toBeTruthy();
    expect(dashboardQuerySchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(dashboardQuerySchema.safeParse({ from: '2026-03-02', to: '2026-03-01' }).success).toBe(false);
    expect(dashboardQuerySchema.safeParse({ workflow: 'x' }).success).toBe(false);
    expect(dashboardQuerySchema.safeParse({ from: '2020-01-01', to: '2026-01-01' }).success).toBe(false);
    expect(dashboardQuerySchema.parse({ workflow: '' }).workflow).toBeUndefined();
  });
});

describe('dashboard CSV', () => {
  it('gives every chart as CSV, the rows its table shows', async () => {
    const { dashboardCsv, DASHBOARD_CHARTS } = await import('./dashboard-csv');
    const d = await dash();
    const byStep = dashboardCsv(d, 'compliance-by-step').trimEnd().split('\r\n');
    expect(byStep[0]).toBe('workflow_id,workflow,step_key,step,items_resolved,items_in_sla,items_in_sla_pct');
    expect(byStep).toContain(`${workflowId},Asset Check In,resolve,Resolve,2,2,100.0`);
    const events = dashboardCsv(d, 'sla-events').trimEnd().split('\r\n');
    expect(events).toHaveLength(31);
    expect(events).toContain(`${dayOf(d0)},1,0`);
    for (const chart of DASHBOARD_CHARTS) expect(dashboardCsv(d, chart).split('\r\n')[0].length).toBeGreaterThan(3);
  });
});

describe('task_items dashboard columns', () => {
  it('are filled on insert by every routing path, the set-based one included', async () => {
    const { intakeTicket } = await import('../tickets/intake-ticket');
    const { routeTickets } = await import('../tickets/route-tickets');
    const { ticketPayload } = await import('../testing/fixtures');
    const { ticket } = await intakeTicket(t.db, { payload: ticketPayload({ priority: 'Critical' }), source: 'http', submittedBy: 501 });
    await routeTickets(t.db, { limit: 50 });
    const rows = Array.from(
      (await t.db.execute(sql`select i.workflow_id, i.step_key, i.priority from task_items i join tasks k on k.id = i.task_id where k.ticket_id = ${ticket.id}`)) as Iterable<{
        workflow_id: number;
        step_key: string;
        priority: string;
      }>,
    );
    expect(rows).toEqual([{ workflow_id: workflowId, step_key: 'triage', priority: 'Critical' }]);
    const [{ missing }] = Array.from((await t.db.execute(sql`select count(*)::int as missing from task_items where workflow_id is null or step_key is null or priority is null`)) as Iterable<{ missing: number }>);
    expect(missing).toBe(0);
  });
});
