// The admin console's domain (lib/admin), with dead-letter replay through the AMQP bridge's real handlers
// (which is why it lives here: lib/ never imports workers/).
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { celeryProducerMessage } from '@/lib/testing/celery-messages';
import { auditEvents, deadLetters, roleUsers, tickets, workflows } from '@/lib/db/schema';
import { intakeTicket } from '@/lib/tickets/intake-ticket';
import { routeTicket } from '@/lib/tickets/route-ticket';
import { syncRoleUser } from '@/lib/roles/sync-role-user';
import { takeTurn } from '@/lib/roles/take-turns';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { seedDemoData, ticketPayload } from '@/lib/testing/fixtures';
import { updateWorkflow } from '@/lib/workflows/update-workflow';
import { publishWorkflow } from '@/lib/workflows/publish-workflow';
import { getWorkflow } from '@/lib/workflows/get-workflow';
import { INBOUND_TASKS } from '@/lib/amqp/topology';
import { inboundTaskRunners } from './inbound-tasks';
import { checkWorkflowInput } from '@/lib/admin/check-workflow-input';
import { diffWorkflowVersions } from '@/lib/admin/diff-workflow-versions';
import { discardDeadLetter } from '@/lib/admin/discard-dead-letter';
import { exportAuditCsv, listAuditEvents } from '@/lib/admin/list-audit-events';
import { listRolesOverview } from '@/lib/admin/list-roles-overview';
import { listWorkflowVersionUsage } from '@/lib/admin/list-workflow-version-usage';
import { listWorkflowsOverview } from '@/lib/admin/list-workflows-overview';
import { type InboundTaskRunner, replayDeadLetter } from '@/lib/admin/replay-dead-letter';
import { retryOutboundMessage } from '@/lib/admin/retry-outbound-message';
import { routeTicketsByHand } from '@/lib/admin/route-tickets-by-hand';
import { setMemberAssignable } from '@/lib/admin/set-member-assignable';
import { auditQuerySchema } from '@/lib/admin/schemas';

const ADMIN = 101;
const AGENT = 131;
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => t.drop());

const turnsOf = async (roleId: number, n: number) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await t.db.transaction((tx) => takeTurn(tx, roleId, 'step')))!.userId);
  return out;
};

describe('role members: local pause for assignment', () => {
  it('takes a member out of round robin, keeps the pause through a later sync, and gives it back', async () => {
    await expect(setMemberAssignable(t.db, { actorUserId: AGENT, roleId: 4, userId: 132, isAssignable: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const paused = await setMemberAssignable(t.db, { actorUserId: ADMIN, roleId: 4, userId: 132, isAssignable: false, reason: 'on leave' });
    expect(paused.isChanged).toBe(true);
    expect(new Set(await turnsOf(4, 6))).toEqual(new Set([131, 133]));

    // The Auth Service says the membership is active again: synced state changes, the pause holds.
    await syncRoleUser(t.db, { roleId: 4, userId: 132, userFullName: 'Marco Asset', isActive: true, messageId: 'celery:sync-1', payload: {} });
    expect(new Set(await turnsOf(4, 6))).toEqual(new Set([131, 133]));

    const overview = await listRolesOverview(t.db, { actorUserId: ADMIN });
    const marco = overview.find((r) => r.id === 4)!.members.find((m) => m.userId === 132)!;
    expect(marco).toMatchObject({ isActive: true, isPaused: true, isAssignable: false, pauseReason: 'on leave' });

    expect((await setMemberAssignable(t.db, { actorUserId: ADMIN, roleId: 4, userId: 132, isAssignable: false })).isChanged).toBe(false);
    await setMemberAssignable(t.db, { actorUserId: ADMIN, roleId: 4, userId: 132, isAssignable: true });
    expect(new Set(await turnsOf(4, 6))).toEqual(new Set([131, 132, 133]));

    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'role'), eq(auditEvents.entityId, '4')));
    expect(audit.map((a) => a.action)).toEqual(['role_member.assignment_paused', 'role_member.assignment_resumed']);
    expect(audit[0]).toMatchObject({ actorUserId: ADMIN, data: { user_id: 132, reason: 'on leave' } });
  });

  it('shows each role with its round-robin position and open workload per member', async () => {
    const { ticket } = await intakeTicket(t.db, { payload: ticketPayload(), source: 'http', submittedBy: 501 });
    const routed = await routeTicket(t.db, ticket.id);
    expect(routed.outcome).toBe('routed');
    const overview = await listRolesOverview(t.db, { actorUserId: ADMIN });
    const admin = overview.find((r) => r.id === 1)!;
    expect(admin.roundRobin.turns).toBeGreaterThan(0);
    expect([101, 102]).toContain(admin.roundRobin.lastUserId);
    expect(admin.roundRobin.nextUserId).toBe(admin.roundRobin.lastUserId === 101 ? 102 : 101);
    const holder = admin.members.find((m) => m.userId === admin.roundRobin.lastUserId)!;
    expect(holder.openItemsInRole).toBeGreaterThanOrEqual(1);
    await expect(listRolesOverview(t.db, { actorUserId: AGENT })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('routing unrouted tickets by hand', () => {
  it('routes many to one workflow, each on its own, and says which could not be', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { ticket } = await intakeTicket(t.db, { payload: ticketPayload({ department: 'Facilities', category: 'Chairs' }), source: 'http', submittedBy: 501 });
      expect((await routeTicket(t.db, ticket.id)).outcome).toBe('unrouted');
      numbers.push(ticket.ticketNumber);
    }
    const [wf] = await t.db.select().from(workflows).where(eq(workflows.name, 'Asset Check In'));
    await expect(routeTicketsByHand(t.db, { actorUserId: AGENT, ticketNumbers: numbers, workflowId: wf.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const results = await routeTicketsByHand(t.db, { actorUserId: ADMIN, ticketNumbers: [...numbers, 'TX19990101000000'], workflowId: wf.id });
    expect(results).toEqual([
      { ticketNumber: numbers[0], outcome: 'routed', reason: null },
      { ticketNumber: numbers[1], outcome: 'routed', reason: null },
      { ticketNumber: 'TX19990101000000', outcome: 'refused', reason: 'Ticket not found' },
    ]);
    const stored = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, numbers[0]));
    expect(stored[0]).toMatchObject({ routingStatus: 'routed', workflowId: wf.id });
    const again = await routeTicketsByHand(t.db, { actorUserId: ADMIN, ticketNumbers: [numbers[0]], workflowId: wf.id });
    expect(again[0]).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('already routed') });
  });
});

describe('dead letters: replay once, discard', () => {
  const runners: Record<string, InboundTaskRunner> = {
    async [INBOUND_TASKS.receiveTicket](db, task) {
      const payload = task.kwargs.payload as Record<string, unknown>;
      const r = await intakeTicket(db, { payload, source: 'amqp', submittedBy: null, messageId: `celery:${task.id}`, taskName: task.task });
      return { isDuplicate: !r.isNew };
    },
  };
  const store = async (payload: Record<string, unknown>) => {
    const msg = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload });
    const [row] = await t.db
      .insert(deadLetters)
      .values({
        queue: 'TICKET_TASKS_PRODUCTION',
        taskName: INBOUND_TASKS.receiveTicket,
        messageId: `celery:${msg.id}`,
        reason: 'failed 5 times while the database was up',
        headers: msg.options.headers as Record<string, unknown>,
        body: msg.content.toString('utf8'),
      })
      .returning();
    return row;
  };

  it('re-runs a message once (audited) and refuses a second replay', async () => {
    const letter = await store(ticketPayload({ ticket_number: 'TX20261201000777' }));
    await expect(replayDeadLetter(t.db, { actorUserId: AGENT, deadLetterId: letter.id, runners })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const first = await replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: letter.id, runners });
    expect(first.outcome).toBe('applied');
    expect(first.deadLetter).toMatchObject({ replayedBy: ADMIN, replayOutcome: 'applied' });
    expect(await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20261201000777'))).toHaveLength(1);
    await expect(replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: letter.id, runners })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already replayed'),
    });
    const audit = await t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'dead_letter'), eq(auditEvents.entityId, String(letter.id))));
    expect(audit.map((a) => a.action)).toEqual(['dead_letter.replayed']);
  });

  it('two replays at once run it once', async () => {
    const letter = await store(ticketPayload({ ticket_number: 'TX20261201000778' }));
    const both = await Promise.allSettled([1, 2].map(() => replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: letter.id, runners })));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.filter((r) => r.status === 'rejected').map((r) => r.reason.code)).toEqual(['CONFLICT']);
  });

  it('records why a replay failed for good, and discards', async () => {
    const letter = await store(ticketPayload({ priority: 'Whenever' }));
    const result = await replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: letter.id, runners });
    expect(result.outcome).toBe('failed');
    expect(result.deadLetter.replayOutcome).toMatch(/^failed: INVALID_INPUT/);
    const discarded = await discardDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: letter.id });
    expect(discarded.discardedBy).toBe(ADMIN);
    await expect(discardDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: letter.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    const other = await store(ticketPayload());
    await discardDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: other.id });
    await expect(replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: other.id, runners })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('discarded') });
    await expect(replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: 999999, runners })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('dead letters: replay through the bridge', () => {
  it("runs a replay with the AMQP bridge's own batch handlers, once", async () => {
    const msg = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: 'TX20261201000779' }) });
    const [letter] = await t.db
      .insert(deadLetters)
      .values({
        queue: 'TICKET_TASKS_PRODUCTION',
        taskName: INBOUND_TASKS.receiveTicket,
        messageId: `celery:${msg.id}`,
        reason: 'expired at 2020-01-01T00:00:00.000Z before it could run',
        headers: { ...(msg.options.headers as Record<string, unknown>), expires: '2020-01-01T00:00:00+00:00' },
        body: msg.content.toString('utf8'),
      })
      .returning();
    const first = await replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: letter.id, runners: inboundTaskRunners });
    expect(first.outcome).toBe('applied');
    expect(await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20261201000779'))).toHaveLength(1);
    await expect(replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: letter.id, runners: inboundTaskRunners })).rejects.toMatchObject({ code: 'CONFLICT' });

    // A message the bridge refuses for good is refused the same way on replay, and recorded.
    const bad = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { note: 'no ticket here' }, { args: ['not a ticket'] });
    const [poison] = await t.db
      .insert(deadLetters)
      .values({ queue: 'TICKET_TASKS_PRODUCTION', taskName: INBOUND_TASKS.receiveTicket, messageId: `celery:${bad.id}`, reason: 'no ticket', headers: bad.options.headers as Record<string, unknown>, body: bad.content.toString('utf8') })
      .returning();
    const failed = await replayDeadLetter(t.db, { actorUserId: ADMIN, deadLetterId: poison.id, runners: inboundTaskRunners });
    expect(failed.outcome).toBe('failed');
    expect(failed.deadLetter.replayOutcome).toMatch(/^failed: receive_ticket carries no ticket object/);
  });
});

describe('outbound: retry now', () => {
  it('makes a message waiting out its back-off due now, and gives a failed one another try', async () => {
    const [waiting] = Array.from(
      (await t.db.execute(sql`insert into pgboss.job (name, data, state, start_after, retry_count, retry_limit)
        values ('ticket-status-sync', '{"ticket_id":"TX1","status":"Open"}', 'retry', now() + interval '1 hour', 3, 100000) returning id::text`)) as Iterable<{ id: string }>,
    );
    const [failed] = Array.from(
      (await t.db.execute(sql`insert into pgboss.job (name, data, state, retry_count, retry_limit, completed_on)
        values ('ticket-status-sync', '{"ticket_id":"TX2","status":"Open"}', 'failed', 8, 8, now()) returning id::text`)) as Iterable<{ id: string }>,
    );
    await expect(retryOutboundMessage(t.db, { actorUserId: AGENT, jobId: waiting.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await retryOutboundMessage(t.db, { actorUserId: ADMIN, jobId: waiting.id });
    await retryOutboundMessage(t.db, { actorUserId: ADMIN, jobId: failed.id });
    const rows = Array.from(
      (await t.db.execute(sql`select id::text, state::text, start_after <= now() as due, retry_limit from pgboss.job where id in (${waiting.id}::uuid, ${failed.id}::uuid)`)) as Iterable<{
        id: string;
        state: string;
        due: boolean;
        retry_limit: number;
      }>,
    );
    expect(rows.find((r) => r.id === waiting.id)).toMatchObject({ state: 'retry', due: true });
    expect(rows.find((r) => r.id === failed.id)).toMatchObject({ state: 'retry', due: true, retry_limit: 9 });
    await expect(retryOutboundMessage(t.db, { actorUserId: ADMIN, jobId: '00000000-0000-0000-0000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(retryOutboundMessage(t.db, { actorUserId: ADMIN, jobId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('workflow editor support', () => {
  it('names the step, transition or field at fault', async () => {
    const [wf] = await t.db.select().from(workflows).where(eq(workflows.name, 'Asset Check Out'));
    const input = await getWorkflow(t.db, { workflowId: wf.id, actorUserId: ADMIN });
    const broken = { ...input, steps: input.steps.map((s, i) => (i === 1 ? { ...s, role: 9999 } : s)) };
    expect((await checkWorkflowInput(t.db, { actorUserId: ADMIN, input: broken })).issues).toEqual([
      { path: 'steps.1.role', message: expect.stringContaining('role 9999') },
    ]);
    const badShape = { ...input, steps: input.steps.map((s, i) => (i === 2 ? { ...s, weight: 0 } : s)), transitions: [{ ...input.transitions[0], to: 'nowhere' }] };
    const issues = (await checkWorkflowInput(t.db, { actorUserId: ADMIN, input: badShape })).issues;
    expect(issues.map((i) => i.path)).toContain('steps.2.weight');
    const graphOnly = { ...input, transitions: input.transitions.map((tr, i) => (i === 0 ? { ...tr, to: 'nowhere' } : tr)) };
    expect((await checkWorkflowInput(t.db, { actorUserId: ADMIN, input: graphOnly })).issues.map((i) => i.path)).toContain('transitions.0.to');
    await expect(checkWorkflowInput(t.db, { actorUserId: AGENT, input })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('diffs two versions and tells which version running tasks are on', async () => {
    const [wf] = await t.db.select().from(workflows).where(eq(workflows.name, 'Asset Check In'));
    const v1 = await getWorkflow(t.db, { workflowId: wf.id, actorUserId: ADMIN });
    const { id, status, current_version, has_unpublished_changes, versions, created_by, created_at, updated_at, ...input } = v1;
    void [id, status, current_version, has_unpublished_changes, versions, created_by, created_at, updated_at];
    await updateWorkflow(t.db, {
      workflowId: wf.id,
      actorUserId: ADMIN,
      input: {
        ...input,
        sla_seconds: { ...input.sla_seconds, High: 20000 },
        steps: [...input.steps.map((s) => (s.key === 'resolve' ? { ...s, weight: 3, name: 'Resolve it' } : s))],
        transitions: input.transitions.filter((tr) => tr.key !== 'reject'),
      },
    });
    const draftDiff = await diffWorkflowVersions(t.db, { actorUserId: ADMIN, workflowId: wf.id, from: 1, to: 'draft' });
    expect(draftDiff.changes.map((c) => [c.path, c.kind])).toEqual([
      ['sla_seconds.High', 'changed'],
      ['step resolve.name', 'changed'],
      ['step resolve.weight', 'changed'],
      ['transition reject', 'removed'],
    ]);
    await publishWorkflow(t.db, { workflowId: wf.id, actorUserId: ADMIN });
    const diff = await diffWorkflowVersions(t.db, { actorUserId: ADMIN, workflowId: wf.id, from: 1, to: 2 });
    expect(diff.changes).toEqual(draftDiff.changes);
    expect(diff.changes[0]).toMatchObject({ before: 8 * 3600, after: 20000 });
    await expect(diffWorkflowVersions(t.db, { actorUserId: ADMIN, workflowId: wf.id, from: 1, to: 7 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const usage = await listWorkflowVersionUsage(t.db, { actorUserId: ADMIN, workflowId: wf.id });
    expect(usage.map((u) => u.version)).toEqual([1, 2]);
    expect(usage[0].runningTasks).toBeGreaterThan(0); // the tickets routed above run on version 1
    expect(usage[1].runningTasks).toBe(0);
    const { ticket } = await intakeTicket(t.db, { payload: ticketPayload(), source: 'http', submittedBy: 501 });
    await routeTicket(t.db, ticket.id);
    const after = await listWorkflowVersionUsage(t.db, { actorUserId: ADMIN, workflowId: wf.id });
    expect(after[1].runningTasks).toBe(1);

    const overview = await listWorkflowsOverview(t.db, { actorUserId: ADMIN });
    expect(overview.find((w) => w.id === wf.id)).toMatchObject({ version: 2, status: 'deployed', openTasks: usage[0].runningTasks + 1, hasUnpublishedChanges: false });
  });
});

describe('audit log', () => {
  it('filters by actor, entity and time, and exports CSV', async () => {
    const q = (raw: Record<string, string>) => auditQuerySchema.parse(raw);
    const byAdmin = await listAuditEvents(t.db, { ...q({ actor: String(ADMIN) }), actorUserId: ADMIN });
    expect(byAdmin.events.length).toBeGreaterThan(3);
    expect(byAdmin.events.every((e) => e.actorUserId === ADMIN && e.actorName === 'Alice Admin')).toBe(true);
    const roleEvents = await listAuditEvents(t.db, { ...q({ entity_type: 'role', entity_id: '4' }), actorUserId: ADMIN });
    expect(roleEvents.events.map((e) => e.action)).toEqual(['role_member.assignment_resumed', 'role_member.assignment_paused']);
    const future = await listAuditEvents(t.db, { ...q({ from: '2999-01-01' }), actorUserId: ADMIN });
    expect(future.events).toEqual([]);
    const page = await listAuditEvents(t.db, { ...q({ limit: '2' }), actorUserId: ADMIN });
    expect(page.events).toHaveLength(2);
    const next = await listAuditEvents(t.db, { ...q({ limit: '2', before: String(page.nextBefore) }), actorUserId: ADMIN });
    expect(next.events[0].id).toBeLessThan(page.events[1].id + 0.5);

    const csv = await exportAuditCsv(t.db, { ...q({ entity_type: 'role' }), actorUserId: ADMIN });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,created_at,actor_user_id,actor_name,action,entity_type,entity_id,data');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',Alice Admin,role_member.assignment_resumed,role,4,"{""user_id"":132}"');
    await expect(listAuditEvents(t.db, { ...q({}), actorUserId: AGENT })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(auditQuerySchema.safeParse({ from: '2026-02-02', to: '2026-01-01' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ actor: 'x' }).success).toBe(false);
  });
});

void roleUsers;
