import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/client';
import {
  type BusinessCalendar,
  type WorkflowGraph,
  notifications,
  roles,
  taskItemHistory,
  taskItems,
  tasks,
  workflows,
} from '../db/schema';
import { DEMO_SLA, demoGraph } from '../demo/seed-demo';
import { actOnTaskItem } from '../tasks/act-on-task-item';
import { getTaskItem } from '../tasks/get-task-item';
import { listMyTaskItems } from '../tasks/list-my-task-items';
import { itemsOf, openItemOf, startTicket } from '../testing/engine';
import { seedDemoData } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { publishWorkflowVersion } from '../workflows/publish-workflow';
import { dueItemsQuery, scanSla } from './scan-sla';
import { waitFor } from '../testing/wait-for';

const MIN = 60_000;
const H = 60 * MIN;
// Mon 6 Jan 2031, 10:00 UTC: every test starts its clock here and moves it by hand.
const T0 = new Date('2031-01-06T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterEach(async () => t.drop());

/**
 * A workflow of its own for a test: the demo graph (Triage 1 : Resolve 2 : Finalize 1), with
 * changes. A High ticket gets 8 h, so Triage's item gets 2 h (warning at 80% = 96 min).
 */
async function workflow(
  name: string,
  opts: { graph?: WorkflowGraph; calendar?: BusinessCalendar; warningShare?: number; sla?: typeof DEMO_SLA } = {},
) {
  await t.db.transaction(async (tx) => {
    const [wf] = await tx
      .insert(workflows)
      .values({
        name,
        department: name,
        category: name,
        slaSeconds: opts.sla ?? DEMO_SLA,
        graph: opts.graph ?? demoGraph(4),
        calendar: opts.calendar ?? null,
        warningShare: opts.warningShare ?? null,
      })
      .returning();
    await publishWorkflowVersion(tx, wf.id, null);
  });
  return { department: name, category: name, priority: 'High' };
}

const notes = async (itemId: number) =>
  (
    await t.db
      .select({ userId: notifications.userId, type: notifications.type })
      .from(notifications)
      .where(and(eq(notifications.taskItemId, itemId), inArray(notifications.type, ['sla_warning', 'sla_breach'])))
      .orderBy(notifications.id)
  ).map((n) => `${n.type}:${n.userId}`);
const historyActions = async (itemId: number) =>
  (await t.db.select({ action: taskItemHistory.action }).from(taskItemHistory).where(eq(taskItemHistory.taskItemId, itemId)).orderBy(taskItemHistory.id)).map(
    (h) => h.action,
  );
/** Each history line of an item as `action:status` (the item's status after the change). */
const historyLines = async (itemId: number) =>
  (
    await t.db
      .select({ action: taskItemHistory.action, status: taskItemHistory.status })
      .from(taskItemHistory)
      .where(eq(taskItemHistory.taskItemId, itemId))
      .orderBy(taskItemHistory.id)
  ).map((h) => `${h.action}:${h.status}`);
const inbox = async (userId: number, now: Date) => (await listMyTaskItems(t.db, userId, now)).map((i) => i.id);
const getItem = async (id: number) => (await t.db.select().from(taskItems).where(eq(taskItems.id, id)))[0];
const ownerOf = async (taskId: number) => (await t.db.select().from(tasks).where(eq(tasks.id, taskId)))[0].ownerUserId!;

describe('SLA warning and breach (fake clock)', () => {
  it('warns at 80% once, then breaches at 100% and escalates to escalate_to, whose holder gets a fresh window', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXSLA0001', priority: 'High' }, T0);
    const item = await getItem(itemId);
    const coordinator = await ownerOf(taskId);
    const taskTargetBefore = (await t.db.select().from(tasks).where(eq(tasks.id, taskId)))[0].targetResolution;
    expect(item.targetAt).toEqual(at(2 * H));
    expect(item.warnAt).toEqual(at(96 * MIN));

    expect(await scanSla(t.db, { now: at(95 * MIN) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });
    expect(await scanSla(t.db, { now: at(96 * MIN) })).toEqual({ warned: 1, breached: 0, escalated: 0, failed: 0 });
    expect(await notes(itemId)).toEqual([`sla_warning:${item.userId}`, `sla_warning:${coordinator}`]);
    expect((await getItem(itemId)).warnedAt).toEqual(at(96 * MIN));
    expect((await getItem(itemId)).status).toBe('new');
    // Again, and later but before the target: nothing more.
    expect(await scanSla(t.db, { now: at(96 * MIN) })).toMatchObject({ warned: 0, breached: 0 });
    expect(await scanSla(t.db, { now: at(119 * MIN) })).toMatchObject({ warned: 0, breached: 0 });

    expect(await scanSla(t.db, { now: at(2 * H) })).toEqual({ warned: 0, breached: 1, escalated: 1, failed: 0 });
    const breached = await getItem(itemId);
    // Marked `breached`, then escalated: the item closes as `escalated` (breached is an open
    // status, and the successor is the task's one open item).
    expect(breached.status).toBe('escalated');
    expect(breached.breachedAt).toEqual(at(2 * H));
    expect(await notes(itemId)).toEqual([
      `sla_warning:${item.userId}`,
      `sla_warning:${coordinator}`,
      `sla_breach:${item.userId}`,
      `sla_breach:${coordinator}`,
    ]);
    expect(await historyActions(itemId)).toEqual(['assigned', 'sla_warning', 'sla_breach', 'escalated']);
    expect(await historyLines(itemId)).toEqual(['assigned:new', 'sla_warning:new', 'sla_breach:breached', 'escalated:escalated']);

    const successor = await openItemOf(t.db, taskId);
    expect(successor).toMatchObject({ origin: 'escalated', previousItemId: itemId, roleId: 1, stepId: item.stepId });
    expect(successor.userId).not.toBe(item.userId);
    // A fresh window from the escalation: the step's share of the SLA (2 h) from 2 h, its own warning at 80%.
    expect(successor.targetAt).toEqual(at(4 * H));
    expect(successor.warnAt).toEqual(at(2 * H + 96 * MIN));
    expect([successor.warnedAt, successor.breachedAt]).toEqual([null, null]);
    // The breach stays on record; the task's own target does not move.
    expect((await getItem(itemId)).breachedAt).toEqual(at(2 * H));
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    expect(task.targetResolution).toEqual(taskTargetBefore);
    // The escalated item left its old assignee's inbox; the successor is in the new one's.
    expect(await inbox(item.userId, at(2 * H))).not.toContain(itemId);
    expect(await inbox(successor.userId, at(2 * H))).toContain(successor.id);
    const [escalationNote] = await t.db.select().from(notifications).where(and(eq(notifications.taskItemId, successor.id), eq(notifications.type, 'task_escalation')));
    expect(escalationNote.userId).toBe(successor.userId);

    // Within its own window, nothing; past it, the successor is warned and breached in its own
    // right, but the step is not escalated a second time.
    expect(await scanSla(t.db, { now: at(3 * H) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });
    expect(await notes(successor.id)).toEqual([]);
    const late = await scanSla(t.db, { now: at(30 * H) });
    expect(late).toMatchObject({ breached: 1, escalated: 0, failed: 0 });
    expect(await notes(successor.id)).toContain(`sla_breach:${successor.userId}`);
    expect(await itemsOf(t.db, taskId)).toHaveLength(2);
    expect(await scanSla(t.db, { now: at(30 * H) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });
    // And the escalated assignee can still do the work, moving on to a fresh SLA window.
    const moved = await actOnTaskItem(t.db, {
      itemId: successor.id,
      actorUserId: successor.userId,
      action: { action: 'transition', transition_id: (await transitionId(successor.stepId, 'Submit')), note: 'late but done' },
      now: at(31 * H),
    });
    expect(moved.nextItem!.targetAt).toEqual(at(31 * H + 4 * H));
  });

  it('uses the workflow warning share instead of the default', async () => {
    const kind = await workflow('Half Warn', { warningShare: 0.5 });
    const { itemId } = await startTicket(t.db, { ticket_number: 'TXSLA0002', ...kind }, T0);
    expect((await getItem(itemId)).warnAt).toEqual(at(1 * H));
    expect(await scanSla(t.db, { now: at(59 * MIN) })).toMatchObject({ warned: 0 });
    expect(await scanSla(t.db, { now: at(60 * MIN) })).toMatchObject({ warned: 1 });
  });

  it('a breach without escalate_to marks the item breached and leaves it with its assignee', async () => {
    const graph = demoGraph(4);
    graph.steps[0].escalateToRoleId = null;
    const kind = await workflow('No Escalation', { graph });
    const { ticket, taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXSLA0003', ...kind }, T0);
    const item = await getItem(itemId);
    // The scan was down for a while: the warning is overtaken by the breach and never sent.
    expect(await scanSla(t.db, { now: at(3 * H) })).toEqual({ warned: 0, breached: 1, escalated: 0, failed: 0 });
    const after = await getItem(itemId);
    expect(after).toMatchObject({ status: 'breached', breachedAt: at(3 * H), warnedAt: at(3 * H), openedAt: null });
    expect(await historyLines(itemId)).toEqual(['assigned:new', 'sla_breach:breached']);
    expect(await notes(itemId)).toEqual([`sla_breach:${item.userId}`, `sla_breach:${await ownerOf(taskId)}`]);
    expect(await scanSla(t.db, { now: at(9 * H) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });

    // Still the assignee's: in the inbox (the My tasks page's list) with its breach showing ...
    const [listed] = (await listMyTaskItems(t.db, item.userId, at(4 * H))).filter((i) => i.id === itemId);
    expect(listed).toMatchObject({ status: 'breached', sla_state: 'breached' });
    // ... and opening it starts work without hiding the breach; the assignee has its actions.
    await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'open' }, now: at(4 * H) });
    const opened = await getTaskItem(t.db, { itemId, actorUserId: item.userId, now: at(4 * H) });
    expect(opened.item).toMatchObject({ status: 'breached', opened_at: at(4 * H).toISOString() });
    expect(opened.available_actions).toEqual([expect.objectContaining({ action: 'transition', name: 'Submit' })]);
    // (The holder is an admin: transfer is offered; taking over what they hold is not, it could not succeed.)
    expect(opened.other_actions).toEqual(['hold', 'transfer']);
    expect(opened.task.status).toBe('in_progress');
    const [stored] = await t.db.execute(sql`select status from tickets where id = ${ticket.id}`);
    expect(stored).toEqual({ status: 'In Progress' });
    expect(await historyLines(itemId)).toEqual(['assigned:new', 'sla_breach:breached', 'opened:breached']);
    // Hold and resume keep it breached; the clock it already ran out is not run again.
    const held = await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'hold', note: 'asking' }, now: at(5 * H) });
    expect(held.item).toMatchObject({ status: 'breached', onHoldSince: at(5 * H) });
    const resumed = await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'resume' }, now: at(6 * H) });
    expect(resumed.item).toMatchObject({ status: 'breached', onHoldSince: null });
    expect(await scanSla(t.db, { now: at(20 * H) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });
    // Late work is still work: the assignee can hand it on.
    const moved = await actOnTaskItem(t.db, {
      itemId,
      actorUserId: item.userId,
      action: { action: 'transition', transition_id: await transitionId(item.stepId, 'Submit'), note: 'done late' },
      now: at(10 * H),
    });
    expect(moved.item.status).toBe('resolved');
    expect(await inbox(item.userId, at(10 * H))).not.toContain(itemId);
  });

  it('an admin can transfer a breached item; the new item keeps the window and the breach', async () => {
    const graph = demoGraph(4);
    graph.steps[0].escalateToRoleId = null;
    const kind = await workflow('No Escalation Transfer', { graph });
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXSLA0006', ...kind }, T0);
    const item = await getItem(itemId);
    await scanSla(t.db, { now: at(3 * H) });
    const admin = await getTaskItem(t.db, { itemId, actorUserId: 111, now: at(3 * H) });
    expect(admin.other_actions).toEqual(['transfer', 'take_over']);
    const to = item.userId === 101 ? 102 : 101;
    const moved = await actOnTaskItem(t.db, { itemId, actorUserId: 111, action: { action: 'transfer', to_user_id: to, note: 'covering' }, now: at(4 * H) });
    expect(moved.item.status).toBe('reassigned');
    expect(moved.nextItem).toMatchObject({ userId: to, status: 'new', targetAt: item.targetAt, breachedAt: at(3 * H) });
    expect((await openItemOf(t.db, taskId)).id).toBe(moved.nextItem!.id);
    // The breach went out once, for the first item; the successor is not breached again.
    expect(await scanSla(t.db, { now: at(9 * H) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });
    expect(await notes(moved.nextItem!.id)).toEqual([]);
    const over = await actOnTaskItem(t.db, { itemId: moved.nextItem!.id, actorUserId: 112, action: { action: 'take_over' }, now: at(5 * H) });
    expect(over.nextItem).toMatchObject({ userId: 112, breachedAt: at(3 * H) });
  });

  it('a step already escalated by hand is not escalated again by its breach', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXSLA0004' }, T0);
    const item = await getItem(itemId);
    const manual = await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'escalate', reason: 'stuck' }, now: at(10 * MIN) });
    const successor = manual.nextItem!;
    expect(await scanSla(t.db, { now: at(2 * H) })).toEqual({ warned: 0, breached: 1, escalated: 0, failed: 0 });
    // Breached, not escalated a second time: it stays with the escalation's assignee.
    expect((await getItem(successor.id)).status).toBe('breached');
    expect(await notes(successor.id)).toEqual([`sla_breach:${successor.userId}`, `sla_breach:${await ownerOf(taskId)}`]);
    expect(await inbox(successor.userId, at(2 * H))).toContain(successor.id);
  });

  it('an escalation role with nobody in it leaves the breached item where it is', async () => {
    await t.db.insert(roles).values({ id: 9, name: 'Night Shift' });
    const graph = demoGraph(4);
    graph.steps[0].escalateToRoleId = 9;
    const kind = await workflow('Empty Escalation', { graph });
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXSLA0005', ...kind }, T0);
    expect(await scanSla(t.db, { now: at(2 * H) })).toEqual({ warned: 0, breached: 1, escalated: 0, failed: 0 });
    expect((await getItem(itemId)).status).toBe('breached');
    expect(await historyLines(itemId)).toEqual(['assigned:new', 'sla_breach:breached']);
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    expect(task.currentStepEscalatedAt).toBeNull();
    expect(await itemsOf(t.db, taskId)).toHaveLength(1);
    expect((await openItemOf(t.db, taskId)).id).toBe(itemId);
  });
});

async function transitionId(stepId: number, name: string) {
  const rows = await t.db.execute(sql`select id from transitions where from_step_id = ${stepId} and name = ${name}`);
  return (rows[0] as { id: number }).id;
}

describe('time on hold does not count', () => {
  it('a held item is not scanned, and resuming pushes its warning, target and the task target by the time held', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXHOLD0001' }, T0);
    const item = await getItem(itemId);
    const [task0] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'hold', note: 'waiting' }, now: at(30 * MIN) });
    expect(await scanSla(t.db, { now: at(5 * H) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });

    const resumed = await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'resume' }, now: at(5 * H) });
    const held = 4.5 * H;
    expect(resumed.item.heldSeconds).toBe(held / 1000);
    expect(resumed.item.warnAt).toEqual(at(96 * MIN + held));
    expect(resumed.item.targetAt).toEqual(at(2 * H + held));
    expect(resumed.task.targetResolution).toEqual(new Date(task0.targetResolution.getTime() + held));

    expect(await scanSla(t.db, { now: at(96 * MIN + held - 1000) })).toMatchObject({ warned: 0, breached: 0 });
    expect(await scanSla(t.db, { now: at(96 * MIN + held) })).toMatchObject({ warned: 1, breached: 0 });
    expect(await scanSla(t.db, { now: at(2 * H + held - 1000) })).toMatchObject({ warned: 0, breached: 0 });
    expect(await scanSla(t.db, { now: at(2 * H + held) })).toMatchObject({ breached: 1, escalated: 1 });
  });

  it('a hold that outlasts the target still ends with the full SLA left over', async () => {
    const { itemId } = await startTicket(t.db, { ticket_number: 'TXHOLD0002' }, T0);
    const item = await getItem(itemId);
    await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'hold' }, now: at(0) });
    expect(await scanSla(t.db, { now: at(48 * H) })).toMatchObject({ warned: 0, breached: 0 });
    const resumed = await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'resume' }, now: at(48 * H) });
    expect(resumed.item.targetAt).toEqual(at(50 * H));
  });
  it('an admin transferring a held item ends the hold first, crediting the time held to the new item', async () => {
    const { ticket, taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXHOLD0003' }, T0);
    const item = await getItem(itemId);
    await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'hold' }, now: at(30 * MIN) });
    const moved = await actOnTaskItem(t.db, {
      itemId,
      actorUserId: 111,
      action: { action: 'transfer', to_user_id: item.userId === 101 ? 102 : 101, note: 'covering' },
      now: at(3 * H + 30 * MIN),
    });
    expect(moved.item).toMatchObject({ status: 'reassigned', onHoldSince: null, heldSeconds: 3 * 3600 });
    expect(moved.nextItem).toMatchObject({ onHoldSince: null, targetAt: at(5 * H), warnAt: at(96 * MIN + 3 * H) });
    expect(moved.task.status).toBe('in_progress');
    const [stored] = await t.db.execute(sql`select status from tickets where id = ${ticket.id}`);
    expect(stored).toEqual({ status: 'In Progress' });
    expect(await scanSla(t.db, { now: at(5 * H) })).toMatchObject({ breached: 1 });
    expect((await openItemOf(t.db, taskId)).origin).toBe('escalated');
  });
});

describe('business hours', () => {
  // Berlin, Mon-Fri 09:00-17:00 (UTC+1 in January); 8 h SLA for High = 2 working hours for Triage.
  const calendar: BusinessCalendar = { timezone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: ['2031-01-13'] };

  it('targets count working time only, across the night, the weekend and a holiday', async () => {
    const kind = await workflow('Office Hours', { calendar });
    // Fri 10 Jan 2031 16:30 Berlin (15:30Z): 30 working minutes left that day.
    const friday = new Date('2031-01-10T15:30:00Z');
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXBIZ0001', ...kind }, friday);
    const item = await getItem(itemId);
    // 120 working minutes: 30 on Friday, Mon 13 Jan is a holiday, 90 on Tue 14 Jan -> 10:30 Berlin.
    expect(item.targetAt.toISOString()).toBe('2031-01-14T09:30:00.000Z');
    // Warning after 96 working minutes: Tue 10:06 Berlin.
    expect(item.warnAt.toISOString()).toBe('2031-01-14T09:06:00.000Z');
    // Task: 8 working hours -> 30 min Friday + 7.5 h Tuesday -> Tue 16:30 Berlin.
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    expect(task.targetResolution.toISOString()).toBe('2031-01-14T15:30:00.000Z');

    // Over the weekend and the holiday nothing is due, though 2 wall-clock hours passed long ago.
    expect(await scanSla(t.db, { now: new Date('2031-01-13T16:00:00Z') })).toMatchObject({ warned: 0, breached: 0 });
    expect(await scanSla(t.db, { now: new Date('2031-01-14T09:06:00Z') })).toMatchObject({ warned: 1, breached: 0 });
    expect(await scanSla(t.db, { now: new Date('2031-01-14T09:30:00Z') })).toMatchObject({ breached: 1 });
  });

  it('a hold credits only the working time it covered', async () => {
    const kind = await workflow('Office Hours Hold', { calendar });
    // Thu 9 Jan 2031 16:00 Berlin; target = 1 h Thu + 1 h Fri -> Fri 10:00 Berlin.
    const { itemId } = await startTicket(t.db, { ticket_number: 'TXBIZ0002', ...kind }, new Date('2031-01-09T15:00:00Z'));
    const item = await getItem(itemId);
    expect(item.targetAt.toISOString()).toBe('2031-01-10T09:00:00.000Z');
    // Held Thu 16:45 -> Fri 09:30 Berlin: 15 + 30 = 45 working minutes, though 16 h 45 passed.
    await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'hold' }, now: new Date('2031-01-09T15:45:00Z') });
    const resumed = await actOnTaskItem(t.db, { itemId, actorUserId: item.userId, action: { action: 'resume' }, now: new Date('2031-01-10T08:30:00Z') });
    expect(resumed.item.heldSeconds).toBe(45 * 60);
    expect(resumed.item.targetAt.toISOString()).toBe('2031-01-10T09:45:00.000Z');
  });
});

describe('exactly once', () => {
  it('four scanners at once, then a restarted one: every effect happened once', async () => {
    const n = 24;
    const started = [];
    for (let i = 0; i < n; i++) started.push(await startTicket(t.db, { ticket_number: `TXONCE${String(i).padStart(4, '0')}` }, T0));
    // Half the items are only due for a warning, half are past their target.
    const scanners: Db[] = Array.from({ length: 4 }, () => createDb(t.url, { max: 2 }));
    try {
      const warnResults = await Promise.all(scanners.map((db) => scanSla(db, { now: at(100 * MIN), batchSize: 5 })));
      expect(warnResults.reduce((s, r) => s + r.warned, 0)).toBe(n);
      const breachResults = await Promise.all(scanners.map((db) => scanSla(db, { now: at(3 * H), batchSize: 5 })));
      expect(breachResults.reduce((s, r) => s + r.breached, 0)).toBe(n);
      expect(breachResults.reduce((s, r) => s + r.escalated, 0)).toBe(n);
      expect(breachResults.reduce((s, r) => s + r.failed, 0)).toBe(0);
    } finally {
      await Promise.all(scanners.map((db) => db.$close()));
    }
    // A "restart": a new connection scanning the same moments finds nothing left to do.
    const restarted = createDb(t.url, { max: 2 });
    try {
      expect(await scanSla(restarted, { now: at(100 * MIN) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });
      expect(await scanSla(restarted, { now: at(3 * H) })).toEqual({ warned: 0, breached: 0, escalated: 0, failed: 0 });
    } finally {
      await restarted.$close();
    }

    for (const s of started) {
      const items = await itemsOf(t.db, s.taskId);
      expect(items.map((i) => [i.status, i.origin])).toEqual([
        ['escalated', 'system'],
        ['new', 'escalated'],
      ]);
      const owner = await ownerOf(s.taskId);
      const expected = [...new Set([items[0].userId, owner])];
      expect(await notes(items[0].id)).toEqual([...expected.map((u) => `sla_warning:${u}`), ...expected.map((u) => `sla_breach:${u}`)]);
    }
    const [{ escalations }] = await t.db.select({ escalations: count() }).from(notifications).where(eq(notifications.type, 'task_escalation'));
    expect(escalations).toBe(n);
  });

  it('locks one item at a time: while one item waits, the other items and the cursor are free', async () => {
    const x = await startTicket(t.db, { ticket_number: 'TXSCOPE0001' }, T0);
    const y = await startTicket(t.db, { ticket_number: 'TXSCOPE0002' }, T0);
    // An agent (here: a test transaction) holds y's task, so the scan stalls at y's breach.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    const holding = t.db.transaction(async (tx) => {
      await tx.execute(sql`select id from tasks where id = ${y.taskId} for update`);
      held();
      await gate;
    });
    await isHeld;
    const scanner = createDb(t.url, { max: 2 });
    let scan: Promise<unknown> | undefined;
    try {
      scan = scanSla(scanner, { now: at(3 * H) });
      await waitFor('the scan to wait on a row lock', async () => {
        const [row] = await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        return (row as { n: number }).n > 0;
      }, 10_000, 20);
      // Whether x came before y or is still to come, nothing of it is locked now: an agent can take
      // it at once, and ingestion can take the escalation role's round-robin turn.
      const tryLock = (query: ReturnType<typeof sql>) =>
        t.db.transaction(async (tx) => {
          await tx.execute(query);
        });
      await expect(tryLock(sql`select id from task_items where id = ${x.itemId} for update nowait`)).resolves.toBeUndefined();
      await expect(tryLock(sql`select role_id from round_robin_cursors where role_id = 1 for update nowait`)).resolves.toBeUndefined();
      // The one the scan is on is its own until its effect commits.
      await expect(tryLock(sql`select id from task_items where id = ${y.itemId} for update nowait`)).rejects.toThrow();
      release();
      await holding;
      expect(await scan).toEqual({ warned: 0, breached: 2, escalated: 2, failed: 0 });
    } finally {
      release();
      await holding.catch(() => {});
      await scan?.catch(() => {});
      await scanner.$close();
    }
  });

  it('the due-items query can be answered from the two partial indexes alone', async () => {
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const explained = dueItemsQuery(T0, 200);
      const rows = await tx.execute(sql`explain ${explained}`);
      return Array.from(rows as Iterable<Record<string, string>>).map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('task_items_sla_warn_idx');
    expect(plan).toContain('task_items_sla_breach_idx');
  });
});

