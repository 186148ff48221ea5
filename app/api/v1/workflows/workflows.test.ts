import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, roleUsers, roles, taskItems, tasks, tickets, workflowVersions, workflows } from '@/lib/db/schema';
import { intakeTicket } from '@/lib/tickets/intake-ticket';
import { routeTicket } from '@/lib/tickets/route-ticket';
import { queuedJobs, startTicket } from '@/lib/testing/engine';
import { serviceToken, ticketPayload } from '@/lib/testing/fixtures';
import { callRoute, closeRouteDb, openSeededRouteDb } from '@/lib/testing/http';
import type { TestDb } from '@/lib/testing/test-db';
import { POST as actPost } from '../task-items/[id]/actions/route';
import { GET as getItem } from '../task-items/[id]/route';
import { POST as pausePost } from './[id]/pause/route';
import { POST as publishPost } from './[id]/publish/route';
import { GET as getOne, PUT } from './[id]/route';
import { GET as list, POST } from './route';

let t: TestDb;
let admin: string;
let agent: string;
beforeAll(async () => {
  t = await openSeededRouteDb();
  admin = await serviceToken(111);
  agent = await serviceToken(131);
});
afterAll(() => closeRouteDb(t));

const H = 3600;
/** Intake -> Review (Asset Managers) -> Close (Admins, no outgoing transition: it is finalized). */
function definition(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Laptop Repair',
    description: 'Hardware repairs',
    department: 'Workshop',
    category: 'Repair',
    sla_seconds: { Critical: 2 * H, High: 4 * H, Medium: 24 * H, Low: 72 * H },
    end_logic: 'notification',
    steps: [
      { key: 'intake', name: 'Intake', role: 1, escalate_to: 2, instruction: 'Check the warranty', weight: 1, order: 1, is_start: true },
      { key: 'review', name: 'Review', role: 4, escalate_to: 1, weight: 2, order: 2 },
      { key: 'close', name: 'Close', role: 1, weight: 1, order: 3, is_end: true },
    ],
    transitions: [
      { key: 'send', name: 'Send to review', from: 'intake', to: 'review' },
      { key: 'fixed', name: 'Fixed', from: 'review', to: 'close' },
      { key: 'bounce', name: 'Bounce', from: 'review', to: 'intake' },
    ],
    ...overrides,
  };
}
const create = (body: unknown, token = admin) => callRoute(POST, { token, body });
const publish = (id: number, token = admin) => callRoute(publishPost, { token, params: { id: String(id) } });
const act = async (userId: number, itemId: number, body: unknown) =>
  callRoute(actPost, { token: await serviceToken(userId), params: { id: String(itemId) }, body });
async function take(itemId: number, userId: number, name: string) {
  const opened = await callRoute(getItem, { token: await serviceToken(userId), params: { id: String(itemId) } });
  const choice = opened.json.available_actions.find((a: { name: string }) => a.name === name);
  expect(choice, `${name} at ${opened.json.step.name}`).toBeDefined();
  const res = await act(userId, itemId, { action: 'transition', transition_id: choice.transition_id, note: name });
  expect(res.status).toBe(200);
  return res.json;
}

describe('defining workflows', () => {
  it('only admins define them; shape errors are 400 with the fields named', async () => {
    expect((await create(definition(), agent)).status).toBe(403);
    expect((await callRoute(POST, { body: definition() })).status).toBe(401);
    const bad = await create({ ...definition(), sla_seconds: { Critical: -1 }, steps: [] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['sla_seconds.Critical', 'sla_seconds.High', 'steps']),
    );
  });

  it('a misspelt step or transition field is a 400 naming it, never silently dropped', async () => {
    const d = definition();
    const steps = d.steps.map((s, i) => (i === 1 ? { ...s, escalate_to: undefined, escalate_to_role_id: 1 } : s));
    const transitions = d.transitions.map((tr, i) => (i === 0 ? { ...tr, target: 'review' } : tr));
    const res = await create({ ...d, steps, transitions });
    expect(res.status).toBe(400);
    const issues = res.json.error.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['steps.1', 'transitions.0']));
    expect(issues.find((i) => i.path === 'steps.1')?.message).toMatch(/escalate_to_role_id/);
    expect(issues.find((i) => i.path === 'transitions.0')?.message).toMatch(/target/);
    expect(await t.db.select().from(workflows).where(eq(workflows.name, 'Laptop Repair'))).toEqual([]);
  });

  it('graph errors are 400 and name the step or transition at fault', async () => {
    const d = definition();
    d.steps[1].role = 77;
    d.steps.push({ key: 'limbo', name: 'Limbo', role: 1, weight: 1, order: 4 } as (typeof d.steps)[number]);
    d.transitions.push({ key: 'park', name: 'Park', from: 'review', to: 'limbo' });
    d.transitions.push({ key: 'warp', name: 'Warp', from: 'intake', to: 'nowhere' });
    const res = await create({ ...d, sla_seconds: { Critical: 4 * H, High: 2 * H, Medium: 24 * H, Low: 72 * H } });
    expect(res.status).toBe(400);
    expect(res.json.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'transitions.4.to', message: 'Transition "Warp" goes to step "nowhere", which does not exist' },
        { path: 'steps.3', message: 'Step "Limbo" is a dead end: no transition leaves it and it is not an end step' },
        { path: 'steps.3', message: 'No end step can be reached from step "Limbo"' },
        { path: 'sla_seconds.Critical', message: 'SLA for Critical (14400 s) must be shorter than for High (7200 s): Critical < High < Medium < Low' },
        { path: 'steps.1.role', message: 'Step "Review": role 77 does not exist, is inactive or is not a TTS role' },
      ]),
    );
    expect(res.json.error.message).toMatch(/^Invalid workflow: /);
    expect(await t.db.select().from(workflows).where(eq(workflows.name, 'Laptop Repair'))).toEqual([]);
  });

  it('takes a business calendar and warning share, and checks them', async () => {
    const calendar = { timezone: 'Europe/Berlin', working_days: [5, 1, 2, 3, 4], start: '09:00', end: '17:30', holidays: ['2031-12-25'] };
    const created = await create(definition({ name: 'Office Repair', category: 'Office', calendar, warning_share: 0.6 }));
    expect(created.status).toBe(201);
    expect(created.json.calendar).toEqual({ ...calendar, working_days: [1, 2, 3, 4, 5] });
    expect(created.json.warning_share).toBeCloseTo(0.6);
    const [stored] = await t.db.select().from(workflows).where(eq(workflows.id, created.json.id));
    expect(stored.calendar).toEqual({ timezone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:30', holidays: ['2031-12-25'] });

    const bad = await create(definition({ name: 'Night Repair', category: 'Night', calendar: { ...calendar, timezone: 'Mars/Olympus', start: '18:00' } }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues).toEqual([
      { path: 'calendar.timezone', message: 'Unknown timezone "Mars/Olympus"' },
      { path: 'calendar.end', message: 'Working hours must end after they start (18:00-17:30)' },
    ]);
  });

  it('a draft takes no tickets; published, it does, and a step without transitions is finalized', async () => {
    const created = await create(definition());
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'draft', current_version: null, has_unpublished_changes: true, end_logic: 'notification' });
    expect(created.json.steps[0]).toMatchObject({ key: 'intake', role: 1, escalate_to: 2, is_start: true });
    const id = created.json.id;

    const { ticket: early } = await intakeTicket(t.db, { payload: ticketPayload({ department: 'Workshop', category: 'Repair' }), source: 'http', submittedBy: 501 });
    expect((await routeTicket(t.db, early.id)).outcome).toBe('unrouted');

    expect((await publish(id, agent)).status).toBe(403);
    const published = await publish(id);
    expect(published.status).toBe(201);
    expect(published.json).toMatchObject({ is_new_version: true, version: { version: 1 }, workflow: { status: 'deployed', has_unpublished_changes: false } });
    // Publishing again without a change makes no new version.
    const again = await publish(id);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ is_new_version: false, version: { version: 1 } });
    expect(await t.db.select().from(workflowVersions).where(eq(workflowVersions.workflowId, id))).toHaveLength(1);

    const { ticket, taskId, itemId } = await startTicket(t.db, { ticket_number: 'TXREPAIR0001', department: 'workshop', category: 'REPAIR' });
    const intake = await take(itemId, 101, 'Send to review');
    const review = intake.next_item;
    const fixed = await take(review.id, review.user_id, 'Fixed');
    const close = fixed.next_item;
    const opened = await callRoute(getItem, { token: await serviceToken(close.user_id), params: { id: String(close.id) } });
    expect(opened.json.available_actions).toEqual([{ action: 'finalize', name: 'Finalize' }]);
    expect((await act(close.user_id, close.id, { action: 'finalize', note: '' })).status).toBe(400);
    const done = await act(close.user_id, close.id, { action: 'finalize', note: 'Laptop returned to owner' });
    expect(done.status).toBe(200);
    expect(done.json.task.status).toBe('completed');
    const [stored] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stored.status).toBe('Resolved');
    // end_logic notification: the people who worked on it and the submitter hear it is done,
    // except the one who finalized it (nobody is told of their own action).
    const told = await t.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.type, 'task_completed'), eq(notifications.ticketNumber, 'TXREPAIR0001')));
    const [task] = await t.db.select().from(tasks).where(eq(tasks.id, taskId));
    expect(told.map((n) => n.userId).sort()).toEqual(
      [...new Set([101, review.user_id, 501, task.ownerUserId!])].filter((id) => id !== close.user_id).sort(),
    );
    expect((await queuedJobs(t.db, 'ticket-status-sync')).filter((j) => j.ticket_id === 'TXREPAIR0001').map((j) => j.status)).toEqual([
      'Open',
      'In Progress',
      'Resolved',
    ]);
  });
});

describe('versions', () => {
  it('a running task stays on the version it started on; new tickets get the new one', async () => {
    const created = await create(definition({ name: 'Phone Repair', category: 'Phone' }));
    const id = created.json.id;
    await publish(id);
    const running = await startTicket(t.db, { ticket_number: 'TXPHONE00001', department: 'Workshop', category: 'Phone' });

    // v2: a QA step between Review and Close.
    const d2 = definition({ name: 'Phone Repair', category: 'Phone' });
    d2.steps.push({ key: 'qa', name: 'QA', role: 4, weight: 1, order: 3 } as (typeof d2.steps)[number]);
    d2.transitions = d2.transitions.map((tr) => (tr.key === 'fixed' ? { ...tr, to: 'qa' } : tr));
    d2.transitions.push({ key: 'passed', name: 'Passed', from: 'qa', to: 'close' });
    const saved = await callRoute(PUT, { token: admin, params: { id: String(id) }, body: d2 });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ status: 'deployed', has_unpublished_changes: true, current_version: { version: 1 } });
    // Saved but not published: a new ticket still gets version 1.
    const beforePublish = await startTicket(t.db, { ticket_number: 'TXPHONE00002', department: 'Workshop', category: 'Phone' });
    const v2 = await publish(id);
    expect(v2.status).toBe(201);
    expect(v2.json.version.version).toBe(2);
    const fresh = await startTicket(t.db, { ticket_number: 'TXPHONE00003', department: 'Workshop', category: 'Phone' });

    const versionOf = async (taskId: number) =>
      (await t.db.select({ v: workflowVersions.version }).from(tasks).innerJoin(workflowVersions, eq(workflowVersions.id, tasks.workflowVersionId)).where(eq(tasks.id, taskId)))[0].v;
    expect([await versionOf(running.taskId), await versionOf(beforePublish.taskId), await versionOf(fresh.taskId)]).toEqual([1, 1, 2]);

    // The v1 task goes Review -> Close as v1 said; the v2 task goes Review -> QA.
    const walk = async (s: { itemId: number }) => {
      const a = await take(s.itemId, await idOwner(s.itemId), 'Send to review');
      const b = await take(a.next_item.id, a.next_item.user_id, 'Fixed');
      const view = await callRoute(getItem, { token: await serviceToken(b.next_item.user_id), params: { id: String(b.next_item.id) } });
      return view.json.step.name;
    };
    expect(await walk(running)).toBe('Close');
    expect(await walk(fresh)).toBe('QA');

    const detail = await callRoute(getOne, { token: agent, params: { id: String(id) } });
    expect(detail.status).toBe(200);
    expect(detail.json.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(detail.json.has_unpublished_changes).toBe(false);
    expect(detail.json.steps.map((s: { key: string }) => s.key)).toEqual(['intake', 'review', 'close', 'qa']);
  });
});

async function idOwner(itemId: number) {
  const [row] = await t.db.select({ userId: taskItems.userId }).from(taskItems).where(eq(taskItems.id, itemId));
  return row.userId;
}

describe('one deployed workflow per kind of ticket; pause', () => {
  it('refuses a second deployed claim (case-insensitively) until the first is paused; running tasks carry on', async () => {
    const running = await startTicket(t.db, { ticket_number: 'TXCLAIM00001' });
    const [seeded] = await t.db.select().from(workflows).where(eq(workflows.name, 'Asset Check In'));

    const rival = await create(definition({ name: 'Asset Check In v2', department: 'asset department', category: 'ASSET CHECK IN', end_logic: 'asset' }));
    expect(rival.status).toBe(201);
    const clash = await publish(rival.json.id);
    expect(clash.status).toBe(409);
    expect(clash.json.error.message).toBe('Another deployed workflow already claims this department/category/sub_category');
    expect((await callRoute(getOne, { token: admin, params: { id: String(rival.json.id) } })).json.status).toBe('draft');

    // A deployed workflow cannot move its claim; it must be paused first.
    const seededDef = (await callRoute(getOne, { token: admin, params: { id: String(seeded.id) } })).json;
    const moved = { ...seededDef, category: 'Asset Check-In' };
    expect((await callRoute(PUT, { token: admin, params: { id: String(seeded.id) }, body: moved })).status).toBe(409);

    expect((await callRoute(pausePost, { token: agent, params: { id: String(seeded.id) } })).status).toBe(403);
    const paused = await callRoute(pausePost, { token: admin, params: { id: String(seeded.id) } });
    expect(paused.status).toBe(200);
    expect(paused.json.status).toBe('paused');
    expect((await callRoute(list, { token: agent, path: '/api/v1/workflows?status=paused' })).json.workflows.map((w: { name: string }) => w.name)).toEqual([
      'Asset Check In',
    ]);
    expect((await publish(rival.json.id)).status).toBe(201);

    const next = await startTicket(t.db, { ticket_number: 'TXCLAIM00002' });
    const [nextTask] = await t.db.select().from(tasks).where(eq(tasks.id, next.taskId));
    expect(nextTask.workflowId).toBe(rival.json.id);
    // The task started before the pause finishes on the paused workflow.
    const s = await take(running.itemId, await idOwner(running.itemId), 'Submit');
    expect(s.next_item.status).toBe('new');

    // The paused one cannot come back while the rival holds the claim; a draft cannot be paused.
    expect((await publish(seeded.id)).status).toBe(409);
    const draft = await create(definition({ name: 'Draft only', category: 'Draft' }));
    expect((await callRoute(pausePost, { token: admin, params: { id: String(draft.json.id) } })).status).toBe(409);
    expect((await callRoute(getOne, { token: admin, params: { id: '999999' } })).status).toBe(404);
    expect((await callRoute(getOne, { token: admin, params: { id: 'abc' } })).status).toBe(400);
    expect((await callRoute(getOne, { token: admin, params: { id: '0' } })).status).toBe(400);
  });
});

describe('reading workflows', () => {
  it('is for TTS staff: admins and active members of an active tts role; others get 403 / 404', async () => {
    const [seeded] = await t.db.select().from(workflows).where(eq(workflows.name, 'Asset Check Out'));
    const one = async (userId: number) => callRoute(getOne, { token: await serviceToken(userId), params: { id: String(seeded.id) } });
    const all = async (userId: number) => callRoute(list, { token: await serviceToken(userId), path: '/api/v1/workflows' });

    // Staff: an admin, an agent (Asset Manager), a coordinator.
    for (const userId of [111, 131, 121]) {
      expect((await one(userId)).status).toBe(200);
      const listed = await all(userId);
      expect(listed.status).toBe(200);
      expect(listed.json.workflows.map((w: { name: string }) => w.name)).toContain('Asset Check Out');
    }

    // An HDTS employee (a valid token, and even an "Admin" role, but of system hdts), a user with
    // no role at all, a deactivated member and a member of a deactivated role: not staff.
    await t.db.insert(roles).values([
      { id: 60, name: 'Admin', system: 'hdts' },
      { id: 61, name: 'Night Shift', system: 'tts', isActive: false },
    ]);
    await t.db.insert(roleUsers).values([
      { roleId: 60, userId: 601, userFullName: 'Hana HDTS' },
      { roleId: 4, userId: 602, userFullName: 'Former Asset', isActive: false },
      { roleId: 61, userId: 603, userFullName: 'Nina Night' },
    ]);
    // Nor can a workflow step be given to such a role.
    const d = definition({ name: 'HDTS Handled' });
    d.steps[0].escalate_to = 60;
    const refused = await create(d);
    expect(refused.status).toBe(400);
    expect(refused.json.error.issues).toContainEqual({ path: 'steps.0.escalate_to', message: 'Step "Intake": escalation role 60 does not exist, is inactive or is not a TTS role' });
    for (const userId of [601, 555, 602, 603]) {
      const listed = await all(userId);
      expect(listed.status, `list as ${userId}`).toBe(403);
      expect(listed.json.error).toEqual({ code: 'FORBIDDEN', message: 'Reading workflows needs a TTS role' });
      const read = await one(userId);
      expect(read.status, `read as ${userId}`).toBe(404);
      expect(read.json.error).toEqual({ code: 'NOT_FOUND', message: 'Workflow not found' });
    }
    // The same 404 as an id that does not exist.
    expect((await callRoute(getOne, { token: admin, params: { id: '999999' } })).json.error).toEqual({ code: 'NOT_FOUND', message: 'Workflow not found' });
  });
});
