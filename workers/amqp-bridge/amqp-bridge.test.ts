import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ChannelModel } from 'amqplib';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS, INBOUND_TASKS, QUEUES, deadLetterQueueName } from '@/lib/amqp/topology';
import { createDb } from '@/lib/db/client';
import { deadLetters, inboundMessages, pendingRoleUsers, roleUsers, roles, tickets } from '@/lib/db/schema';
import { celeryProducerMessage, celeryV1Message, type ProducedMessage } from '@/lib/testing/celery-messages';
import { seedDemoData, ticketPayload } from '@/lib/testing/fixtures';
import { type TestVhost, createTestVhost, drainQueue, publishRaw, queueStats } from '@/lib/testing/rabbitmq';
import { waitFor } from '@/lib/testing/wait-for';
import { holdShareLock } from '@/lib/testing/table-lock';
import { type TestDb, createTestDb } from '@/lib/testing/test-db';
import { intakeTicket } from '@/lib/tickets/intake-ticket';
import { type AmqpBridge, type AmqpBridgeOptions, startAmqpBridge } from './start-amqp-bridge';

const PREFETCH = 5;
let vh: TestVhost;
let t: TestDb;
let conn: ChannelModel;
let bridge: AmqpBridge;
const logs: string[] = [];

const bridgeOptions = (overrides: Partial<AmqpBridgeOptions> = {}): AmqpBridgeOptions => ({
  url: vh.url,
  db: t.db,
  prefetch: PREFETCH,
  pendingRoleUserTtlMs: 60 * 60 * 1000,
  retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
  log: (m) => logs.push(m),
  ...overrides,
});

async function startBridge(overrides: Partial<AmqpBridgeOptions> = {}): Promise<AmqpBridge> {
  const b = await startAmqpBridge(bridgeOptions(overrides));
  await waitFor('the bridge to connect', () => b.isConnected());
  return b;
}

beforeAll(async () => {
  vh = await createTestVhost();
  t = await createTestDb();
  await seedDemoData(t.db);
  conn = await vh.connection();
  bridge = await startBridge();
});
afterAll(async () => {
  await bridge?.stop();
  await t?.drop();
  await vh?.drop();
});

const send = (queue: string, m: ProducedMessage) => publishRaw(conn, queue, m.content, m.options);
/** Messages settled (committed, seen before, or dead-lettered) on a queue so far. */
const settled = (b: AmqpBridge, queue: string) => b.stats[queue].processed + b.stats[queue].duplicates + b.stats[queue].deadLettered;
async function untilSettled(b: AmqpBridge, queue: string, n: number) {
  await waitFor(`${n} messages settled on ${queue}`, () => settled(b, queue) >= n);
}
const ticketCount = async (ticketNumber: string) =>
  (await t.db.select({ n: count() }).from(tickets).where(eq(tickets.ticketNumber, ticketNumber)))[0].n;
/** Where a ticket stands in the routing queue (its routing state), and how many wake-ups are queued for all. */
const routingQueued = async (ticketId: number) => {
  const [row] = await t.db.select({ routingStatus: tickets.routingStatus }).from(tickets).where(eq(tickets.id, ticketId));
  const [{ n }] = Array.from(
    (await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'ticket-route' and state = 'created'`)) as Iterable<{ n: number }>,
  );
  return { routingStatus: row.routingStatus, wakeUps: n };
};

describe('receive_ticket from a Celery producer', () => {
  it('takes a message byte for byte as Celery 5 sends it, and creates one ticket when it is delivered twice', async () => {
    const ticket = ticketPayload({ ticket_number: 'TX20260301000001', subject: 'Café laptop return', priority: 'Urgent' });
    const m = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticket });
    expect(m.content.toString()).toContain('"subject": "Caf\\u00e9 laptop return"');
    const before = settled(bridge, QUEUES.ticketTasks);
    const duplicatesBefore = bridge.stats[QUEUES.ticketTasks].duplicates;

    await send(QUEUES.ticketTasks, m);
    await send(QUEUES.ticketTasks, m);
    await untilSettled(bridge, QUEUES.ticketTasks, before + 2);

    const [stored] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20260301000001'));
    expect(stored).toMatchObject({ subject: 'Café laptop return', priority: 'Critical', source: 'amqp', submittedBy: null });
    expect(stored.payload.asset_name).toBe('Dell Latitude 7440');
    expect(await ticketCount('TX20260301000001')).toBe(1);
    const [seen] = await t.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, `celery:${m.id}`));
    expect(seen).toMatchObject({ source: 'amqp', taskName: 'tickets.tasks.receive_ticket', ticketId: stored.id });
    expect(await routingQueued(stored.id)).toEqual({ routingStatus: 'pending', wakeUps: 1 });
    expect(bridge.stats[QUEUES.ticketTasks].duplicates - duplicatesBefore).toBe(1);
    const q = await queueStats(vh.name);
    expect(q[QUEUES.ticketTasks]).toMatchObject({ ready: 0, unacked: 0 });
  });

  it('accepts every payload shape: {payload: {ticket}}, the ticket positionally, protocol v1, ticket_id as the number', async () => {
    const before = settled(bridge, QUEUES.ticketTasks);
    await send(QUEUES.ticketTasks, celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: { ticket: ticketPayload({ ticket_number: 'TX20260301000002' }) } }));
    await send(QUEUES.ticketTasks, celeryProducerMessage(INBOUND_TASKS.receiveTicket, {}, { args: [ticketPayload({ ticket_number: 'TX20260301000003' })] }));
    await send(QUEUES.ticketTasks, celeryV1Message(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: 'TX20260301000004' }) }));
    await send(QUEUES.ticketTasks, celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_id: 'TX20260301000005' }) }));
    await untilSettled(bridge, QUEUES.ticketTasks, before + 4);
    for (const n of ['TX20260301000002', 'TX20260301000003', 'TX20260301000004', 'TX20260301000005']) {
      expect(await ticketCount(n), n).toBe(1);
    }
  });

  it("honours Celery's expires: runs a task before it, and only acks a redelivery after it of a task already run", async () => {
    const m = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: 'TX20260301000010' }) });
    const withExpires = (headers: object, expires: string) => ({ ...m.options, headers: { ...headers, expires } });
    const before = settled(bridge, QUEUES.ticketTasks);
    const deadBefore = bridge.stats[QUEUES.ticketTasks].deadLettered;
    await publishRaw(conn, QUEUES.ticketTasks, m.content, withExpires(m.options.headers, new Date(Date.now() + 3_600_000).toISOString()));
    await untilSettled(bridge, QUEUES.ticketTasks, before + 1);
    expect(await ticketCount('TX20260301000010')).toBe(1);
    // The same task again, now past its expiry (a redelivery that took long): applied already, so acked.
    await publishRaw(conn, QUEUES.ticketTasks, m.content, withExpires(m.options.headers, '2020-01-01T00:00:00+00:00'));
    await untilSettled(bridge, QUEUES.ticketTasks, before + 2);
    expect(bridge.stats[QUEUES.ticketTasks].deadLettered).toBe(deadBefore);
    expect(await ticketCount('TX20260301000010')).toBe(1);
    expect(await t.db.select().from(deadLetters).where(eq(deadLetters.messageId, `celery:${m.id}`))).toEqual([]);
  });

  it('keeps one ticket when the same ticket number comes again under a new task id', async () => {
    const before = settled(bridge, QUEUES.ticketTasks);
    const a = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: 'TX20260301000006' }) });
    const b = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: 'TX20260301000006', subject: 'changed' }) });
    await send(QUEUES.ticketTasks, a);
    await untilSettled(bridge, QUEUES.ticketTasks, before + 1);
    await send(QUEUES.ticketTasks, b);
    await untilSettled(bridge, QUEUES.ticketTasks, before + 2);
    const rows = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20260301000006'));
    expect(rows).toHaveLength(1);
    expect(rows[0].subject).toBe('Laptop return');
    expect(await routingQueued(rows[0].id)).toEqual({ routingStatus: 'pending', wakeUps: 1 });
  });

  it('takes a task sent by a real Celery 5 producer (app.send_task)', async () => {
    const before = settled(bridge, QUEUES.ticketTasks);
    const { stdout } = await promisify(execFile)(
      '/usr/bin/python3',
      [path.resolve('lib/testing/celery/tts_peer.py'), 'send', INBOUND_TASKS.receiveTicket, QUEUES.ticketTasks, JSON.stringify({ payload: ticketPayload({ ticket_number: 'TX20260301000007' }) })],
      { env: { ...process.env, CELERY_BROKER_URL: vh.url } },
    );
    const taskId = stdout.trim();
    await untilSettled(bridge, QUEUES.ticketTasks, before + 1);
    const [row] = await t.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, `celery:${taskId}`));
    expect(row.ticketId).not.toBeNull();
    expect(await ticketCount('TX20260301000007')).toBe(1);
  });
});

describe('group commits', () => {
  it('stores a batch in one transaction; one poison and one conflicting message in it are dead-lettered alone, the rest commit', async () => {
    // A ticket planted over HTTP under a number the batch also carries, with other content.
    await intakeTicket(t.db, { payload: ticketPayload({ ticket_number: 'TX20260304000099', subject: 'Planted' }), source: 'http', submittedBy: 777 });
    await bridge.stop();
    const good = Array.from({ length: 18 }, (_, i) =>
      celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: `TX202603040000${String(i).padStart(2, '0')}` }) }),
    );
    const poison = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ subject: '', ticket_number: 'TX20260304000098' }) });
    const conflicting = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: 'TX20260304000099' }) });
    // The same task delivered twice within the batch counts once.
    const all = [...good.slice(0, 9), poison, good[3], conflicting, ...good.slice(9)];
    for (const m of all) await send(QUEUES.ticketTasks, m);
    await waitFor('the messages to be queued', async () => (await queueStats(vh.name))[QUEUES.ticketTasks].ready === all.length);

    bridge = await startBridge({ prefetch: 50 });
    const s = bridge.stats[QUEUES.ticketTasks];
    await untilSettled(bridge, QUEUES.ticketTasks, all.length);
    expect(s).toMatchObject({ processed: 18, duplicates: 1, deadLettered: 2, redelivered: 0 });
    // Far fewer transactions than messages (how many depends on how the deliveries arrive).
    expect(s.batches).toBeLessThanOrEqual(5);
    for (const m of good) expect(await ticketCount(JSON.parse(m.content.toString())[1].payload.ticket_number)).toBe(1);
    expect(await ticketCount('TX20260304000098')).toBe(0);
    const [planted] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20260304000099'));
    expect(planted.subject).toBe('Planted');

    // The two refused messages left no claim behind: their task ids are not "applied".
    const claims = await t.db.select().from(inboundMessages).where(sql`${inboundMessages.messageId} in (${`celery:${poison.id}`}, ${`celery:${conflicting.id}`})`);
    expect(claims).toEqual([]);
    const parked = await drainQueue(conn, deadLetterQueueName(QUEUES.ticketTasks));
    const reasonOf = (id: string) => String(parked.find((p) => p.properties.headers?.id === id)?.properties.headers?.[DEAD_LETTER_HEADERS.reason]);
    expect(parked).toHaveLength(2);
    expect(reasonOf(poison.id)).toMatch(/INVALID_INPUT.*subject/);
    expect(reasonOf(conflicting.id)).toMatch(/CONFLICT: ticket_number TX20260304000099 already belongs to a different ticket/);
    expect((await t.db.select().from(deadLetters).where(eq(deadLetters.messageId, `celery:${conflicting.id}`)))[0]?.reason).toMatch(/CONFLICT/);
    expect((await queueStats(vh.name))[QUEUES.ticketTasks]).toMatchObject({ ready: 0, unacked: 0 });
    await bridge.stop();
    bridge = await startBridge();
  });
});

describe('role sync from the Auth Service', () => {
  const roleMsg = (role: Record<string, unknown>, extra: Record<string, unknown> = {}, id?: string) =>
    celeryProducerMessage(INBOUND_TASKS.syncRole, { payload: { role, ...extra } }, { id });
  const memberMsg = (m: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    celeryProducerMessage(INBOUND_TASKS.syncUserSystemRole, { payload: { user_system_role: m, ...extra } });
  async function sendAll(...ms: ProducedMessage[]) {
    const before = settled(bridge, QUEUES.roleSync);
    for (const m of ms) await send(QUEUES.roleSync, m);
    await untilSettled(bridge, QUEUES.roleSync, before + ms.length);
  }
  const role = async (id: number) => (await t.db.select().from(roles).where(eq(roles.id, id)))[0];
  const member = async (roleId: number, userId: number) =>
    (await t.db.select().from(roleUsers).where(and(eq(roleUsers.roleId, roleId), eq(roleUsers.userId, userId))))[0];

  it('takes one role-sync message at a time, so a requeued one cannot come back behind later ones', async () => {
    // Role sync upserts roles: a share lock on the table holds the first message in its
    // transaction, where the broker counts it as delivered but unacked.
    const lock = await holdShareLock(t.url, 'roles');
    try {
      const before = settled(bridge, QUEUES.roleSync);
      for (let i = 0; i < 5; i++) await send(QUEUES.roleSync, roleMsg({ id: 70 + i, name: `Queue Role ${i}`, system: 'tts' }));
      const q = await waitFor('the first message to be held', async () => {
        const s = (await queueStats(vh.name))[QUEUES.roleSync];
        return s.unacked === 1 && s.ready === 4 ? s : null;
      });
      expect(q).toMatchObject({ unacked: 1, ready: 4 });
      await lock.release();
      await untilSettled(bridge, QUEUES.roleSync, before + 5);
      expect((await role(74))?.name).toBe('Queue Role 4');
    } finally {
      await lock.release();
    }
  });

  it('creates, renames and deactivates roles and memberships, in order, ignoring a re-sent task id', async () => {
    const renameA = roleMsg({ id: 50, name: 'Field Engineer', system: 'tts' });
    await sendAll(
      roleMsg({ id: 50, name: 'Field Agent', system: 'tts' }),
      memberMsg({ role_id: 50, user_id: 900, user_full_name: 'Fay Field', is_active: true }),
      renameA,
      roleMsg({ id: 50, name: 'Field Technician', system: 'tts' }),
    );
    expect(await role(50)).toMatchObject({ name: 'Field Technician', system: 'tts', isActive: true });
    expect(await member(50, 900)).toMatchObject({ userFullName: 'Fay Field', isActive: true });

    // The earlier rename delivered again (same task id) must not roll the name back.
    await sendAll(renameA);
    expect((await role(50)).name).toBe('Field Technician');

    await sendAll(
      memberMsg({ role_id: 50, user_id: 900, user_full_name: 'Fay Fielding', is_active: false }),
      memberMsg({ role_id: 50, user_id: 901, user_full_name: 'Finn Field' }),
      roleMsg({ id: 50 }, { action: 'delete' }),
    );
    expect(await member(50, 900)).toMatchObject({ userFullName: 'Fay Fielding', isActive: false });
    expect(await member(50, 901)).toMatchObject({ isActive: true });
    expect(await role(50)).toMatchObject({ name: 'Field Technician', isActive: false });
  });

  it('stores a role of another system inactive, so its names give no rights in TTS', async () => {
    await sendAll(roleMsg({ id: 51, name: 'Admin', system: 'hdts' }), memberMsg({ role_id: 51, user_id: 902, user_full_name: 'Hal Desk' }));
    expect(await role(51)).toMatchObject({ name: 'Admin', system: 'hdts', isActive: false });
    expect(await member(51, 902)).toMatchObject({ isActive: true });
  });

  it('keeps memberships that arrive before their role and applies them, in arrival order, when it comes', async () => {
    await sendAll(
      memberMsg({ role_id: 60, user_id: 910, user_full_name: 'Olive Order', is_active: true }),
      memberMsg({ role_id: 60, user_id: 911, user_full_name: 'Otto Order', is_active: true }),
      memberMsg({ role_id: 60, user_id: 911, user_full_name: 'Otto Order', is_active: false }),
    );
    expect(await role(60)).toBeUndefined();
    expect(await t.db.select().from(pendingRoleUsers).where(eq(pendingRoleUsers.roleId, 60))).toHaveLength(3);

    await sendAll(roleMsg({ id: 60, name: 'Late Role', system: 'tts' }));
    expect(await member(60, 910)).toMatchObject({ userFullName: 'Olive Order', isActive: true });
    expect(await member(60, 911)).toMatchObject({ isActive: false });
    expect(await t.db.select().from(pendingRoleUsers).where(eq(pendingRoleUsers.roleId, 60))).toHaveLength(0);
  });

  it('dead-letters a membership whose role never arrives, with the reason, after the bounded wait', async () => {
    const m = memberMsg({ role_id: 61, user_id: 920, user_full_name: 'Nora Never' });
    await sendAll(m);
    expect(await bridge.sweepPendingRoleUsers(new Date())).toBe(0);
    expect(await bridge.sweepPendingRoleUsers(new Date(Date.now() + 2 * 60 * 60 * 1000))).toBe(1);

    expect(await t.db.select().from(pendingRoleUsers).where(eq(pendingRoleUsers.roleId, 61))).toHaveLength(0);
    const [dl] = await t.db.select().from(deadLetters).where(eq(deadLetters.messageId, `celery:${m.id}`));
    expect(dl).toMatchObject({ queue: QUEUES.roleSync, taskName: INBOUND_TASKS.syncUserSystemRole });
    expect(dl.reason).toMatch(/role 61 unknown/);
    expect(JSON.parse(dl.body)).toMatchObject({ user_system_role: { role_id: 61, user_id: 920 } });
    const copies = await waitFor('the dead-letter copy', async () => {
      const got = await drainQueue(conn, deadLetterQueueName(QUEUES.roleSync));
      return got.length > 0 ? got : null;
    });
    expect(copies).toHaveLength(1);
    expect(String(copies[0].properties.headers?.[DEAD_LETTER_HEADERS.reason])).toMatch(/role 61 unknown/);
    expect(copies[0].properties.headers?.id).toBe(m.id);
  });
});

describe('poison messages', () => {
  it('dead-letters each with its reason, never redelivers it, and goes on consuming', async () => {
    const taskHeaders = (task: string, id: string) => ({ contentType: 'application/json', headers: { task, id } });
    const poison: Array<{ id: string; content: string | Buffer; options: Record<string, unknown>; reason: RegExp; queue?: string }> = [
      { id: 'p-json', content: '[[], {"payload": {', options: taskHeaders(INBOUND_TASKS.receiveTicket, 'p-json'), reason: /not valid UTF-8 JSON/ },
      { id: 'p-task', content: '[[], {}, {}]', options: taskHeaders('tickets.tasks.delete_everything', 'p-task'), reason: /unknown task "tickets.tasks.delete_everything"/ },
      {
        id: 'p-invalid',
        content: JSON.stringify([[], { payload: { department: 'IT', category: 'X' } }, {}]),
        options: taskHeaders(INBOUND_TASKS.receiveTicket, 'p-invalid'),
        reason: /INVALID_INPUT.*subject/,
      },
      {
        id: 'p-pickle',
        content: Buffer.from([0x80, 0x04, 0x95, 0x00]),
        options: { ...taskHeaders(INBOUND_TASKS.receiveTicket, 'p-pickle'), contentType: 'application/x-python-serialize' },
        reason: /unsupported content type/,
      },
      { id: 'p-empty', content: JSON.stringify([[], {}, {}]), options: taskHeaders(INBOUND_TASKS.receiveTicket, 'p-empty'), reason: /no ticket object/ },
      {
        id: 'p-nul',
        content: JSON.stringify([[], { payload: ticketPayload({ description: 'bad \u0000 byte' }) }, {}]),
        options: taskHeaders(INBOUND_TASKS.receiveTicket, 'p-nul'),
        // Refused by the schema, naming the field: never handed to Postgres to reject.
        reason: /INVALID_INPUT.*description/,
      },
      {
        id: 'p-role',
        content: JSON.stringify([[], { payload: { role: { id: 'abc' } } }, {}]),
        options: taskHeaders(INBOUND_TASKS.syncRole, 'p-role'),
        reason: /INVALID_INPUT/,
        queue: QUEUES.roleSync,
      },
      {
        id: 'p-expired',
        content: JSON.stringify([[], { payload: ticketPayload({ ticket_number: 'TX20260301000098' }) }, {}]),
        options: { contentType: 'application/json', headers: { task: INBOUND_TASKS.receiveTicket, id: 'p-expired', expires: '2020-01-01T00:00:00+00:00' } },
        reason: /expired at 2020-01-01T00:00:00.000Z/,
      },
    ];
    // Ids and names that cannot be stored as they are: a task id far too long to be a key (parked
    // under the body's hash) and a task name with a NUL (parked with the NUL taken out); neither loops.
    const longId = 'x'.repeat(3000);
    const odd = [
      {
        content: '[[], {}, {}]',
        options: taskHeaders(INBOUND_TASKS.receiveTicket, longId),
        reason: /task id must be 1-255 printable/,
        messageId: `sha256:${createHash('sha256').update('[[], {}, {}]').digest('hex')}`,
      },
      {
        content: '[[], {}, {"x": 1}]',
        options: taskHeaders('tickets.tasks.receive\u0000ticket', 'p-nul-name'),
        reason: /unknown task/,
        messageId: 'celery:p-nul-name',
      },
    ];
    const beforeTickets = settled(bridge, QUEUES.ticketTasks);
    const beforeRoles = settled(bridge, QUEUES.roleSync);
    const redeliveredBefore = bridge.stats[QUEUES.ticketTasks].redelivered;
    for (const p of poison) await publishRaw(conn, p.queue ?? QUEUES.ticketTasks, p.content, p.options);
    for (const o of odd) await publishRaw(conn, QUEUES.ticketTasks, o.content, o.options);
    const good = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: 'TX20260301000099' }) });
    await send(QUEUES.ticketTasks, good);

    const onTickets = poison.filter((p) => !p.queue).length + odd.length;
    await untilSettled(bridge, QUEUES.ticketTasks, beforeTickets + onTickets + 1);
    await untilSettled(bridge, QUEUES.roleSync, beforeRoles + 1);
    expect(await ticketCount('TX20260301000099')).toBe(1);
    expect(await ticketCount('TX20260301000098')).toBe(0);

    const dlq = [
      ...(await drainQueue(conn, deadLetterQueueName(QUEUES.ticketTasks))),
      ...(await drainQueue(conn, deadLetterQueueName(QUEUES.roleSync))),
    ];
    expect(dlq).toHaveLength(poison.length + odd.length);
    for (const o of odd) {
      const [row] = await t.db.select().from(deadLetters).where(eq(deadLetters.messageId, o.messageId));
      expect(row?.reason, o.messageId).toMatch(o.reason);
    }
    for (const p of poison) {
      const copy = dlq.find((m) => m.properties.headers?.id === p.id);
      expect(copy, p.id).toBeDefined();
      expect(String(copy!.properties.headers?.[DEAD_LETTER_HEADERS.reason]), p.id).toMatch(p.reason);
      expect(copy!.properties.headers?.[DEAD_LETTER_HEADERS.queue]).toBe(p.queue ?? QUEUES.ticketTasks);
      expect(copy!.content.equals(Buffer.from(p.content))).toBe(true);
      const [row] = await t.db.select().from(deadLetters).where(eq(deadLetters.messageId, `celery:${p.id}`));
      expect(row?.reason, p.id).toMatch(p.reason);
    }
    const [pickled] = await t.db.select().from(deadLetters).where(eq(deadLetters.messageId, 'celery:p-pickle'));
    expect(pickled.body.startsWith('base64:')).toBe(true);

    expect(bridge.stats[QUEUES.ticketTasks].redelivered).toBe(redeliveredBefore);
    const q = await queueStats(vh.name);
    expect(q[QUEUES.ticketTasks]).toMatchObject({ ready: 0, unacked: 0 });
    expect(q[QUEUES.roleSync]).toMatchObject({ ready: 0, unacked: 0 });
  });

  it('records a message with no readable id under its body hash, once however often it comes', async () => {
    const before = settled(bridge, QUEUES.ticketTasks);
    await publishRaw(conn, QUEUES.ticketTasks, 'garbage without headers', { contentType: 'application/json' });
    await publishRaw(conn, QUEUES.ticketTasks, 'garbage without headers', { contentType: 'application/json' });
    await untilSettled(bridge, QUEUES.ticketTasks, before + 2);
    const rows = await t.db.select().from(deadLetters).where(eq(deadLetters.body, 'garbage without headers'));
    expect(rows).toHaveLength(1);
    expect(rows[0].messageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The queue copy is per delivery; the record an admin reads is per message.
    const copies = await drainQueue(conn, deadLetterQueueName(QUEUES.ticketTasks));
    expect(copies.map((c) => c.content.toString())).toEqual(['garbage without headers', 'garbage without headers']);
  });
});

describe('flow control and failures', () => {
  it('holds at most `prefetch` unacked messages, and a graceful stop finishes them without taking more', async () => {
    // A share lock on tickets makes every intake wait inside its transaction, so the messages it
    // holds stay delivered-but-unacked where the broker can count them.
    const lock = await holdShareLock(t.url, 'tickets');
    try {
      const numbers = Array.from({ length: 30 }, (_, i) => `TX2026030210${String(i).padStart(4, '0')}`);
      for (const n of numbers) await send(QUEUES.ticketTasks, celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: n }) }));
      const q = await waitFor('prefetch to fill', async () => {
        const s = (await queueStats(vh.name))[QUEUES.ticketTasks];
        return s.unacked === PREFETCH && s.ready === 30 - PREFETCH ? s : null;
      });
      expect(q).toMatchObject({ unacked: PREFETCH, ready: 30 - PREFETCH, consumers: 1 });

      const stopping = bridge.stop();
      await waitFor('the consumer to be cancelled', async () => (await queueStats(vh.name))[QUEUES.ticketTasks].consumers === 0);
      await lock.release();
      await stopping;

      const stored = (await t.db.select({ n: tickets.ticketNumber }).from(tickets)).map((r) => r.n).filter((n) => numbers.includes(n));
      const after = (await queueStats(vh.name))[QUEUES.ticketTasks];
      // Nothing lost, nothing twice: what was taken is stored, the rest is still queued.
      expect(stored.length + after.ready).toBe(30);
      expect(stored.length).toBe(PREFETCH);
      expect(after.unacked).toBe(0);

      bridge = await startBridge();
      await waitFor('the rest to be taken', async () => (await ticketCount(numbers[29])) === 1);
      await waitFor('all 30 stored', async () => {
        const n = (await t.db.select({ n: tickets.ticketNumber }).from(tickets)).filter((r) => numbers.includes(r.n)).length;
        return n === 30;
      });
    } finally {
      await lock.release();
    }
  });

  it('redelivers a message while the database is down instead of dead-lettering it, and takes it once the database is back', async () => {
    await bridge.stop();
    const deadDb = createDb('postgres://postgres@127.0.0.1:1/nowhere', { max: 2 });
    const broken = await startBridge({ db: deadDb, name: 'tts-consumer-dead-db', stopTimeoutMs: 500 });
    const deadLettersBefore = (await t.db.select({ n: count() }).from(deadLetters))[0].n;
    try {
      await send(QUEUES.ticketTasks, celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: 'TX20260303000001' }) }));
      await waitFor('a redelivery', () => broken.stats[QUEUES.ticketTasks].redelivered >= 1);
      expect(broken.stats[QUEUES.ticketTasks].deadLettered).toBe(0);
      expect(broken.stats[QUEUES.ticketTasks].transientFailures).toBeGreaterThan(2);
    } finally {
      await broken.stop();
      // Its pool is still waiting out postgres.js's reconnect back-off; no need to wait with it.
      void deadDb.$close().catch(() => {});
    }
    expect((await queueStats(vh.name))[QUEUES.ticketTasks]).toMatchObject({ ready: 1, unacked: 0 });
    expect((await t.db.select({ n: count() }).from(deadLetters))[0].n).toBe(deadLettersBefore);

    bridge = await startBridge();
    await waitFor('the ticket', async () => (await ticketCount('TX20260303000001')) === 1);
    expect((await drainQueue(conn, deadLetterQueueName(QUEUES.ticketTasks))).length).toBe(0);
  });
});
