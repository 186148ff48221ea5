import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notifications, roleUsers, roles, taskItems, tasks, tickets, transitions } from '@/lib/db/schema';
import { itemsOf, queuedJobs, startTicket, ticketStatus } from '@/lib/testing/engine';
import { serviceToken } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';
import { POST as actPost } from './[id]/actions/route';
import { GET as getItem } from './[id]/route';
import { GET as listItems } from './route';

let t: TestDb;
const tokens = new Map<number, string>();
const token = async (userId: number) => {
  if (!tokens.has(userId)) tokens.set(userId, await serviceToken(userId));
  return tokens.get(userId)!;
};

beforeAll(async () => {
  t = await openSeededRouteDb();
});
afterAll(() => closeRouteDb(t));

const view = async (userId: number, itemId: number) => callRoute(getItem, { token: await token(userId), params: { id: String(itemId) } });
const act = async (userId: number, itemId: number, body: unknown) =>
  callRoute(actPost, { token: await token(userId), params: { id: String(itemId) }, body });
/** The assignee opens the item and takes the transition named `name`. */
async function take(itemId: number, name: string, note: string) {
  const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
  const opened = await view(item.userId, itemId);
  expect(opened.status).toBe(200);
  const choice = opened.json.available_actions.find((a: { name: string }) => a.name === name);
  expect(choice, `${name} is available at ${opened.json.step.name}`).toBeDefined();
  const res = await act(item.userId, itemId, { action: 'transition', transition_id: choice.transition_id, note });
  expect(res.status).toBe(200);
  return res.json;
}
const syncsFor = async (ticketNumber: string) =>
  (await queuedJobs(t.db, 'ticket-status-sync')).filter((j) => j.ticket_id === ticketNumber).map((j) => j.status);

describe('a ticket travels its whole workflow through the API', () => {
  it('IT Support Access Request: Submit, Reject loop, Submit, Approve, Complete by different agents', async () => {
    const { ticket, taskId, itemId } = await startTicket(t.db, {
      ticket_number: 'TXIT000000001',
      department: 'IT Department',
      category: 'IT Support',
      sub_category: 'Access Request',
      subject: 'VPN access',
    });
    const [task0] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    const coordinator = task0.ownerUserId!;
    expect([121, 122]).toContain(coordinator);

    // Triage: an Admin (round robin starts at 101). Looking at it (GET) changes nothing, however often.
    const triage1 = (await t.db.select().from(taskItems).where(eq(taskItems.id, itemId)))[0];
    expect(triage1.userId).toBe(101);
    const looked = await view(101, itemId);
    expect(looked.status).toBe(200);
    expect(looked.json.item).toMatchObject({ status: 'new', opened_at: null });
    expect((await view(101, itemId)).json.item).toMatchObject({ status: 'new', opened_at: null });
    expect(looked.json.task.status).toBe('pending');
    expect(await ticketStatus(t.db, ticket.id)).toBe('Open');
    expect(looked.json.history.map((h: { action: string }) => h.action)).toEqual(['assigned']);
    // Only the assignee opens it (the coordinator may look: 404 to act), and opening it starts work, once.
    expect((await act(coordinator, itemId, { action: 'open' })).status).toBe(404);
    const openedNow = await act(101, itemId, { action: 'open' });
    expect(openedNow.status).toBe(200);
    expect(openedNow.json).toMatchObject({ action: 'open', item: { id: itemId, status: 'in_progress' }, next_item: null, task: { status: 'in_progress' } });
    const openedAt = openedNow.json.item.opened_at;
    expect(Date.parse(openedAt)).not.toBeNaN();
    const again = await act(101, itemId, { action: 'open' });
    expect(again.status).toBe(200);
    expect(again.json.item).toMatchObject({ status: 'in_progress', opened_at: openedAt });
    const opened = await view(101, itemId);
    expect(opened.status).toBe(200);
    expect(opened.json.item).toMatchObject({ status: 'in_progress', opened_at: openedAt });
    expect(opened.json.history.map((h: { action: string }) => h.action)).toEqual(['assigned', 'opened']);
    expect(opened.json.step.name).toBe('Triage');
    expect(opened.json.instruction).toBe('Check the request is complete and send it on.');
    expect(opened.json.ticket.ticket_number).toBe('TXIT000000001');
    expect(opened.json.task.status).toBe('in_progress');
    expect(opened.json.available_actions).toEqual([expect.objectContaining({ action: 'transition', name: 'Submit' })]);
    expect(await ticketStatus(t.db, ticket.id)).toBe('In Progress');
    // The coordinator may look but not act; another admin may neither act nor (as an agent) act for 101.
    expect((await view(coordinator, itemId)).json.available_actions).toEqual([]);
    const submitId = opened.json.available_actions[0].transition_id;
    expect((await act(102, itemId, { action: 'transition', transition_id: submitId, note: 'mine now' })).status).toBe(404);
    expect((await act(coordinator, itemId, { action: 'transition', transition_id: submitId, note: 'x' })).status).toBe(404);

    const submitted = await take(itemId, 'Submit', 'Request complete, manager approved');
    expect(submitted.item.status).toBe('resolved');
    const resolve1 = submitted.next_item;
    expect(resolve1).toMatchObject({ user_id: 131, status: 'new', origin: 'system' });
    // The resolved triage item is closed for good.
    expect((await act(101, itemId, { action: 'transition', transition_id: submitId, note: 'again' })).status).toBe(404);

    const rejected = await take(resolve1.id, 'Reject', 'Which systems? Please list them');
    const triage2 = rejected.next_item;
    expect(triage2).toMatchObject({ user_id: 102, step_id: triage1.stepId });
    const resubmitted = await take(triage2.id, 'Submit', 'Systems listed: VPN, Jira');
    const resolve2 = resubmitted.next_item;
    expect(resolve2.user_id).toBe(132);
    const approved = await take(resolve2.id, 'Approve', 'Access granted');
    const finalize = approved.next_item;
    // Back to the first Triage agent: one person, several items on one task over time.
    expect(finalize.user_id).toBe(101);
    const completed = await take(finalize.id, 'Complete', 'Requester confirmed access');
    expect(completed.next_item).toBeNull();
    expect(completed.task.status).toBe('completed');

    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    expect(task.status).toBe('completed');
    expect(task.resolvedAt).not.toBeNull();
    expect(await ticketStatus(t.db, ticket.id)).toBe('Resolved');
    expect(await syncsFor('TXIT000000001')).toEqual(['Open', 'In Progress', 'Resolved']);
    // end_logic none: no AMS or BMS message for this ticket.
    expect((await queuedJobs(t.db, 'ams-workflow-completion')).filter((j) => j.ticket_id === 'TXIT000000001')).toEqual([]);
    expect((await queuedJobs(t.db, 'bms-budget-approval')).filter((j) => j.ticket_id === 'TXIT000000001')).toEqual([]);
    const [done] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.type, 'task_completed'), eq(notifications.ticketNumber, 'TXIT000000001')));
    expect(done.userId).toBe(coordinator);

    const items = await itemsOf(t.db, taskId);
    expect(items.map((i) => [i.userId, i.status])).toEqual([
      [101, 'resolved'],
      [131, 'resolved'],
      [102, 'resolved'],
      [132, 'resolved'],
      [101, 'resolved'],
    ]);

    // The whole history, read back through the API by the last assignee.
    const history = (await view(101, finalize.id)).json.history as Array<Record<string, any>>;
    const transitionsTaken = history.filter((h) => h.action === 'transition');
    expect(transitionsTaken.map((h) => [h.actor_user_id, h.details.transition, h.note])).toEqual([
      [101, 'Submit', 'Request complete, manager approved'],
      [131, 'Reject', 'Which systems? Please list them'],
      [102, 'Submit', 'Systems listed: VPN, Jira'],
      [132, 'Approve', 'Access granted'],
      [101, 'Complete', 'Requester confirmed access'],
    ]);
    // Named for people, from TTS's own users.
    expect(transitionsTaken.map((h) => h.actor_name)).toEqual(['Alice Admin', 'Maya Asset', 'Arthur Admin', 'Marco Asset', 'Alice Admin']);
    expect(history.map((h) => h.action)).toEqual([
      ...['assigned', 'opened', 'transition'],
      ...['assigned', 'opened', 'transition'],
      ...['assigned', 'opened', 'transition'],
      ...['assigned', 'opened', 'transition'],
      ...['assigned', 'opened', 'transition'],
    ]);
    for (const h of history) expect(Date.parse(h.created_at)).not.toBeNaN();
    const [{ n }] = await t.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'task_item.transition'));
    expect(n).toBe(5);
    const [{ n: completions }] = await t.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'task.completed'));
    expect(completions).toBe(1);
  });

  it('Asset Check In: completing it queues the AMS message with the ticket fields', async () => {
    const { ticket, taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXASSET00001', priority: 'Low' });
    const s = await take(itemId, 'Submit', 'ok');
    const r = await take(s.next_item.id, 'Reject', 'Photo of the serial plate please');
    const s2 = await take(r.next_item.id, 'Submit', 'Photo attached');
    const a = await take(s2.next_item.id, 'Approve', 'Checked in');
    const before = Date.now();
    await take(a.next_item.id, 'Complete', 'Done');

    expect(await ticketStatus(t.db, ticket.id)).toBe('Resolved');
    expect(await syncsFor('TXASSET00001')).toEqual(['Open', 'In Progress', 'Resolved']);
    const ams = (await queuedJobs(t.db, 'ams-workflow-completion')).filter((j) => j.ticket_id === 'TXASSET00001');
    expect(ams).toEqual([
      {
        ticket_id: 'TXASSET00001',
        asset_name: 'Dell Latitude 7440',
        serial_number: 'SN-12345',
        action: 'Asset Check In',
        completed_at: expect.any(String),
      },
    ]);
    expect(ams[0].completed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(Date.parse(ams[0].completed_at as string)).toBeGreaterThanOrEqual(before - 1000);
    const history = (await view(a.next_item.user_id, a.next_item.id)).json.history as Array<{ action: string; note: string | null }>;
    expect(history.filter((h) => h.action === 'transition').map((h) => h.note)).toEqual([
      'ok',
      'Photo of the serial plate please',
      'Photo attached',
      'Checked in',
      'Done',
    ]);
    expect((await itemsOf(t.db, taskId)).every((i) => i.status === 'resolved')).toBe(true);
  });

  it('New Budget Proposal: completing it queues the BMS message (budget as a string, coordinator as approver)', async () => {
    const { taskId, itemId } = await startTicket(t.db, {
      ticket_number: 'TXBUDGET0001',
      department: 'Budget Department',
      category: 'New Budget Proposal',
      requested_budget: 12500.5,
      cost_items: { laptops: 10000, docks: 2500.5 },
    });
    const s = await take(itemId, 'Submit', 'ok');
    const a = await take(s.next_item.id, 'Approve', 'Within plan');
    expect([141, 142]).toContain(s.next_item.user_id);
    await take(a.next_item.id, 'Complete', 'Booked');
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    expect(await queuedJobs(t.db, 'bms-budget-approval')).toEqual([
      {
        ticket_id: 'TXBUDGET0001',
        requested_budget: '12500.5',
        cost_items: { laptops: 10000, docks: 2500.5 },
        approved_by: task.ownerUserId,
        completed_at: expect.any(String),
      },
    ]);
  });

  it('two simultaneous transitions of one item hand the task on once', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXRACE000001' });
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    const submitId = (await view(item.userId, itemId)).json.available_actions[0].transition_id;
    const results = await Promise.all(
      [1, 2, 3].map((i) => act(item.userId, itemId, { action: 'transition', transition_id: submitId, note: `try ${i}` })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404]);
    expect(await itemsOf(t.db, taskId)).toHaveLength(2);
  });
});

describe('refusals', () => {
  it('another agent, a closed item, an unknown item and no token', async () => {
    const { itemId } = await startTicket(t.db, { ticket_number: 'TXREFUSE0001' });
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    const other = item.userId === 101 ? 102 : 101;
    const hold = { action: 'hold', note: 'waiting' };
    expect((await act(131, itemId, hold)).status).toBe(404);
    expect((await act(other, itemId, hold)).status).toBe(404);
    expect((await view(131, itemId)).status).toBe(404);
    expect((await act(item.userId, 999_999, hold)).status).toBe(404);
    expect((await callRoute(actPost, { params: { id: String(itemId) }, body: hold })).status).toBe(401);
    expect((await act(item.userId, itemId, { action: 'dance' })).status).toBe(400);
    // Nothing happened to the item.
    const [after] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    expect(after.onHoldSince).toBeNull();
    expect(after.status).toBe('new');
  });

  it('a transition needs a non-empty note and must leave the current step', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXREFUSE0002' });
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    const submitId = (await view(item.userId, itemId)).json.available_actions[0].transition_id;
    const blank = await act(item.userId, itemId, { action: 'transition', transition_id: submitId, note: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.json.error.issues).toEqual([{ path: 'note', message: 'note must not be empty' }]);
    expect((await act(item.userId, itemId, { action: 'transition', transition_id: submitId })).status).toBe(400);
    // Approve leaves Resolve, not Triage.
    const wrong = await act(item.userId, itemId, { action: 'transition', transition_id: submitId + 1, note: 'skip ahead' });
    expect(wrong.status).toBe(409);
    expect(wrong.json.error.message).toBe('Transition "Approve" does not leave the current step "Triage"');
    const unknown = await act(item.userId, itemId, { action: 'transition', transition_id: 987_654, note: 'x' });
    expect(unknown.status).toBe(400);
    expect(await itemsOf(t.db, taskId)).toHaveLength(1);
  });

  it('finalize only where the step has no outgoing transition', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXREFUSE0003' });
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    const res = await act(item.userId, itemId, { action: 'finalize', note: 'done already' });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe('Step "Triage" cannot be finalized: take one of its transitions (Submit)');
    // Not even at the last step, where Complete (a transition without target) is the way out.
    const s = await take(itemId, 'Submit', 'ok');
    const a = await take(s.next_item.id, 'Approve', 'ok');
    expect((await act(a.next_item.user_id, a.next_item.id, { action: 'finalize', note: 'x' })).status).toBe(409);
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    expect(task.status).toBe('in_progress');
  });

  it('escalate once per step, with a reason, to the escalate_to role; the new item keeps the target', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXESC0000001' });
    const s = await take(itemId, 'Submit', 'ok');
    const resolver = s.next_item;
    expect((await act(resolver.user_id, resolver.id, { action: 'escalate', reason: ' ' })).status).toBe(400);
    const res = await act(resolver.user_id, resolver.id, { action: 'escalate', reason: 'Needs an admin decision' });
    expect(res.status).toBe(200);
    expect(res.json.item.status).toBe('escalated');
    const escalated = res.json.next_item;
    expect(escalated).toMatchObject({ origin: 'escalated', role_id: 1, step_id: resolver.step_id, previous_item_id: resolver.id, status: 'new' });
    expect([101, 102]).toContain(escalated.user_id);
    expect(escalated.sla.target_at).toBe(resolver.sla.target_at);
    expect(escalated.sla.warn_at).toBe(resolver.sla.warn_at);
    const [note] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.type, 'task_escalation'), eq(notifications.taskItemId, escalated.id)));
    expect(note.userId).toBe(escalated.user_id);

    const again = await act(escalated.user_id, escalated.id, { action: 'escalate', reason: 'Not mine either' });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe('Step "Resolve" was already escalated');
    expect((await view(escalated.user_id, escalated.id)).json.other_actions).not.toContain('escalate');
    // The escalated admin can decide; the next step may be escalated again.
    const a = await take(escalated.id, 'Approve', 'Approved by admin');
    expect((await act(a.next_item.user_id, a.next_item.id, { action: 'escalate', reason: 'Finalize needs help' })).status).toBe(200);
    expect((await itemsOf(t.db, taskId)).map((i) => i.status)).toEqual(['resolved', 'escalated', 'resolved', 'escalated', 'new']);
  });

  it("transfer and take over need an admin or the ticket's coordinator", async () => {
    const { itemId } = await startTicket(t.db, { ticket_number: 'TXREFUSE0004' });
    const s = await take(itemId, 'Submit', 'ok');
    const resolver = s.next_item;
    const transfer = await act(resolver.user_id, resolver.id, { action: 'transfer', to_user_id: 133, note: 'you do it' });
    expect(transfer.status).toBe(403);
    expect(transfer.json.error).toEqual({
      code: 'FORBIDDEN',
      message: "Transferring a task item needs the Admin or Super Admin role, or to be the ticket's coordinator",
    });
    const takeOver = await act(resolver.user_id, resolver.id, { action: 'take_over' });
    expect(takeOver.status).toBe(403);
    expect(takeOver.json.error).toEqual({ code: 'FORBIDDEN', message: "Taking over a task item needs the Admin or Super Admin role, or to be the ticket's coordinator" });
    // The other coordinator is refused; so is anyone asking about an item that does not exist (403, not 404).
    const owner = s.task.owner_user_id as number;
    const otherCoordinator = owner === 121 ? 122 : 121;
    expect((await act(otherCoordinator, resolver.id, { action: 'take_over' })).status).toBe(403);
    expect((await act(otherCoordinator, 2_000_000_000, { action: 'take_over' })).status).toBe(403);
    const [after] = await t.db.select().from(taskItems).where(eq(taskItems.id, resolver.id));
    expect(after.status).toBe('new');
    // The ticket's own coordinator may, and is offered it on the item's page.
    expect((await view(owner, resolver.id)).json.other_actions).toEqual(expect.arrayContaining(['transfer', 'take_over']));
    const over = await act(owner, resolver.id, { action: 'take_over', note: 'I will decide this one' });
    expect(over.status).toBe(200);
    expect(over.json.next_item).toMatchObject({ user_id: owner, origin: 'transferred' });
    // Holding it now, taking it over again is no longer offered.
    expect((await view(owner, over.json.next_item.id)).json.other_actions).not.toContain('take_over');
  });
});

describe('admin actions', () => {
  it('transfer: the old item is reassigned, the new one keeps the target, both people are told', async () => {
    const { taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXXFER000001' });
    const s = await take(itemId, 'Submit', 'ok');
    const from = s.next_item;
    const to = from.user_id === 133 ? 131 : 133;
    expect((await act(111, from.id, { action: 'transfer', to_user_id: 9_999 })).status).toBe(400);
    // An active member of another system's role (an HDTS "Admin") is not a TTS user either.
    await t.db.insert(roles).values({ id: 70, name: 'Admin', system: 'hdts' });
    await t.db.insert(roleUsers).values({ roleId: 70, userId: 7001, userFullName: 'Hank HDTS' });
    const toOutsider = await act(111, from.id, { action: 'transfer', to_user_id: 7001 });
    expect(toOutsider.status).toBe(400);
    expect(toOutsider.json.error.issues).toEqual([{ path: 'to_user_id', message: 'not an active TTS user' }]);
    expect((await act(111, from.id, { action: 'transfer', to_user_id: from.user_id })).status).toBe(409);
    const res = await act(111, from.id, { action: 'transfer', to_user_id: to, note: 'Maya is on leave' });
    expect(res.status).toBe(200);
    expect(res.json.item.status).toBe('reassigned');
    expect(res.json.next_item).toMatchObject({ user_id: to, origin: 'transferred', previous_item_id: from.id, role_id: from.role_id });
    expect(res.json.next_item.sla.target_at).toBe(from.sla.target_at);
    const told = await t.db.select({ userId: notifications.userId, type: notifications.type }).from(notifications)
      .where(eq(notifications.ticketNumber, 'TXXFER000001'));
    expect(told).toContainEqual({ userId: from.user_id, type: 'task_transfer_out' });
    expect(told).toContainEqual({ userId: to, type: 'task_transfer_in' });
    // The old assignee can no longer act; the new one can.
    expect((await act(from.user_id, from.id, { action: 'hold' })).status).toBe(404);

    const over = await act(112, res.json.next_item.id, { action: 'take_over', note: 'I will handle it' });
    expect(over.status).toBe(200);
    expect(over.json.next_item).toMatchObject({ user_id: 112, origin: 'transferred' });
    const approved = await take(over.json.next_item.id, 'Approve', 'Approved by Simon');
    expect(approved.next_item.step_id).not.toBe(from.step_id);
    const history = (await view(112, over.json.next_item.id)).json.history as Array<{ action: string; actor_user_id: number; details: any }>;
    // The old items' lines (who moved it to whom); the new items' lines say where they came from.
    const moves = history.filter((h) => h.details.to_user_id !== undefined);
    expect(moves.map((h) => [h.action, h.actor_user_id, h.details.to_user_id])).toEqual([
      ['transferred', 111, to],
      ['taken_over', 112, 112],
    ]);
    const arrivals = history.filter((h) => h.action === 'transferred' && h.details.previous_item_id !== undefined);
    expect(arrivals.map((h) => h.actor_user_id)).toEqual([111, 112]);
    expect((await itemsOf(t.db, taskId)).map((i) => i.status)).toEqual(['resolved', 'reassigned', 'reassigned', 'resolved', 'new']);
  });

  it('hold and resume: the ticket goes On Hold and back, other actions wait for resume', async () => {
    const { ticket, itemId } = await startTicket(t.db, { ticket_number: 'TXHOLD000001' });
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    // (Read from the workflow: the point is holding an item straight from `new`.)
    const [submit] = await t.db.select().from(transitions).where(eq(transitions.fromStepId, item.stepId));
    const submitId = submit.id;
    const held = await act(item.userId, itemId, { action: 'hold', note: 'Waiting for the requester' });
    expect(held.status).toBe(200);
    expect(held.json.item.is_on_hold).toBe(true);
    expect(held.json.item.sla.state).toBe('on_hold');
    expect(held.json.task.status).toBe('on_hold');
    expect(await ticketStatus(t.db, ticket.id)).toBe('On Hold');
    // Held straight from `new`: one status sync (On Hold), not In Progress and On Hold in one go.
    expect(await syncsFor('TXHOLD000001')).toEqual(['Open', 'On Hold']);
    expect((await act(item.userId, itemId, { action: 'hold' })).status).toBe(409);
    // A held item offers Resume only: what else it could do would be refused until then.
    const heldView = (await view(item.userId, itemId)).json;
    expect(heldView.available_actions).toEqual([]);
    expect(heldView.other_actions.filter((a: string) => a !== 'transfer')).toEqual(['resume']); // (the holder is an admin here)
    expect((await act(item.userId, itemId, { action: 'transition', transition_id: submitId, note: 'x' })).status).toBe(409);
    expect((await act(item.userId, itemId, { action: 'escalate', reason: 'x' })).status).toBe(409);
    const resumed = await act(item.userId, itemId, { action: 'resume', note: 'Requester answered' });
    expect(resumed.status).toBe(200);
    expect(resumed.json.item.is_on_hold).toBe(false);
    expect(resumed.json.task.status).toBe('in_progress');
    expect((await act(item.userId, itemId, { action: 'resume' })).status).toBe(409);
    expect(await syncsFor('TXHOLD000001')).toEqual(['Open', 'On Hold', 'In Progress']);
    const history = (await view(item.userId, itemId)).json.history as Array<{ action: string; note: string | null }>;
    expect(history.map((h) => [h.action, h.note])).toEqual([
      ['assigned', null],
      ['opened', null],
      ['hold', 'Waiting for the requester'],
      ['resume', 'Requester answered'],
    ]);
  });
});

describe('GET /api/v1/task-items', () => {
  it("lists the caller's open items with their SLA state; everyone's only for admins", async () => {
    const { itemId } = await startTicket(t.db, { ticket_number: 'TXLIST000001', priority: 'Critical' });
    const [item] = await t.db.select().from(taskItems).where(eq(taskItems.id, itemId));
    const mine = await callRoute(listItems, { token: await token(item.userId), path: '/api/v1/task-items?mine=true' });
    expect(mine.status).toBe(200);
    const listed = mine.json.items.find((i: { id: number }) => i.id === itemId);
    expect(listed).toMatchObject({ status: 'new', sla_state: 'on_track', step_name: 'Triage', workflow_name: 'Asset Check In' });
    expect(listed.sla.state).toBe('on_track');
    expect(listed.ticket).toMatchObject({ ticket_number: 'TXLIST000001', priority: 'Critical' });
    expect(mine.json.items.every((i: { user_id: number; status: string }) => i.user_id === item.userId && ['new', 'in_progress'].includes(i.status))).toBe(true);

    const theirs = await callRoute(listItems, { token: await token(131), path: '/api/v1/task-items?mine=true' });
    expect(theirs.json.items.map((i: { id: number }) => i.id)).not.toContain(itemId);
    const everyone = await callRoute(listItems, { token: await token(131), path: '/api/v1/task-items?mine=false' });
    expect(everyone.status).toBe(403);
    expect(everyone.json.error).toEqual({ code: 'FORBIDDEN', message: "Listing everyone's task items (mine=false) needs the Admin or Super Admin role" });
    const all = await callRoute(listItems, { token: await token(111), path: '/api/v1/task-items?mine=false&limit=200' });
    expect(all.json.items.map((i: { id: number }) => i.id)).toContain(itemId);
    const [{ open }] = await t.db.select({ open: count() }).from(taskItems).where(eq(taskItems.status, 'new'));
    expect(all.json.items.length).toBeGreaterThanOrEqual(open);
  });

  it('lists nothing for a ticket-less user, and the ticket row is untouched by listing', async () => {
    const res = await callRoute(listItems, { token: await token(555), path: '/api/v1/task-items' });
    expect(res.status).toBe(200);
    expect(res.json.items).toEqual([]);
    const [{ n }] = await t.db.select({ n: count() }).from(tickets).where(eq(tickets.status, 'New'));
    expect(n).toBe(0);
  });
});
