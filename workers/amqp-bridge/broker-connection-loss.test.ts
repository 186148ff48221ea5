import { count, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CeleryPublisher, createCeleryPublisher } from '@/lib/amqp/celery-publisher';
import { INBOUND_TASKS, QUEUES, deadLetterQueueName } from '@/lib/amqp/topology';
import { deadLetters, inboundMessages, tickets } from '@/lib/db/schema';
import { enqueue } from '@/lib/jobs/send';
import { celeryProducerMessage } from '@/lib/testing/celery-messages';
import { seedDemoData, ticketPayload } from '@/lib/testing/fixtures';
import { type TestVhost, createTestVhost, drainQueue, queueStats } from '@/lib/testing/rabbitmq';
import { waitFor } from '@/lib/testing/wait-for';
import { holdShareLock } from '@/lib/testing/table-lock';
import { type TestDb, createTestDb } from '@/lib/testing/test-db';
import { outboundCeleryJobs } from '../jobs/outbound-celery-jobs';
import { type Worker, startWorker } from '../worker';
import { type AmqpBridge, startAmqpBridge } from './start-amqp-bridge';

/**
 * `rabbitmqctl close_all_connections` on the test's vhost while messages flow both ways: every
 * connection drops at once, as in a broker restart or a network cut. Nothing may be lost and
 * nothing applied twice.
 */
let vh: TestVhost;
let t: TestDb;
let bridge: AmqpBridge;
let publisher: CeleryPublisher;
let worker: Worker;
const logs: string[] = [];
const log = (m: string) => logs.push(m);

beforeAll(async () => {
  vh = await createTestVhost();
  t = await createTestDb();
  await seedDemoData(t.db);
  bridge = await startAmqpBridge({ url: vh.url, db: t.db, prefetch: 20, pendingRoleUserTtlMs: 3_600_000, log });
  publisher = await createCeleryPublisher(vh.url, { log, name: 'tts-publisher-test' });
  worker = await startWorker({ databaseUrl: t.url, modules: outboundCeleryJobs(publisher, { isInappEnabled: false }), isMaintenanceEnabled: false });
  await waitFor('the bridge to connect', () => bridge.isConnected() && publisher.isConnected());
});
afterAll(async () => {
  await worker?.stop();
  await bridge?.stop();
  await publisher?.close();
  await t?.drop();
  await vh?.drop();
});

const lostConnections = (name: string) => logs.filter((l) => l.includes(`${name}: connection lost`)).length;

describe('broker connections closed mid-stream', () => {
  it('inbound: every ticket is stored exactly once, with one ingestion job each', async () => {
    const N = 300;
    const numbers = Array.from({ length: N }, (_, i) => `TX2026050100${String(i).padStart(4, '0')}`);
    const messages = numbers.map((n) => celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload({ ticket_number: n }) }));
    const ch = await (await vh.connection()).createConfirmChannel();
    for (const m of messages) ch.publish('', QUEUES.ticketTasks, m.content, m.options);
    await ch.waitForConfirms();
    await ch.close();

    const stored = async () => (await t.db.select({ n: count() }).from(tickets).where(inArray(tickets.ticketNumber, numbers)))[0].n;
    const atClose = await waitFor('intake to be under way', async () => {
      const n = await stored();
      return n >= 30 ? n : null;
    }, 30_000, 5);
    // Freeze intake so the cut surely lands mid-stream: `rabbitmqctl` needs a second or two to
    // start, long enough for the consumer to finish all 300 otherwise. Deliveries in progress
    // now wait on the lock with their messages unacked, and the cut hands them back to the broker.
    const lock = await holdShareLock(t.url, 'tickets');
    try {
      await waitFor('deliveries held unacked', async () => ((await queueStats(vh.name))[QUEUES.ticketTasks]?.unacked ?? 0) > 0);
      await vh.closeAllConnections('test: connection loss mid-stream');
    } finally {
      await lock.release();
    }
    expect(atClose).toBeLessThan(N);

    await waitFor('the consumer to reconnect', () => lostConnections('tts-consumer') >= 1 && bridge.isConnected());
    await waitFor('every ticket', async () => (await stored()) === N, 60_000);
    await waitFor('the queue to drain', async () => {
      const q = (await queueStats(vh.name))[QUEUES.ticketTasks];
      return q.ready === 0 && q.unacked === 0;
    });

    expect(await stored()).toBe(N);
    const seen = await t.db
      .select({ n: count() })
      .from(inboundMessages)
      .where(inArray(inboundMessages.messageId, messages.map((m) => `celery:${m.id}`)));
    expect(seen[0].n).toBe(N);
    // Each ticket was taken in once (one 'ticket.received' each) and waits in the routing queue.
    const intake = Array.from(
      (await t.db.execute(sql`
        select count(*)::int as received, count(distinct a.entity_id)::int as tickets,
               count(*) filter (where t.routing_status = 'pending')::int as pending
        from audit_events a join tickets t on t.ticket_number = a.entity_id
        where a.action = 'ticket.received' and t.ticket_number like 'TX2026050100%'`)) as Iterable<{ received: number; tickets: number; pending: number }>,
    )[0];
    expect(intake).toEqual({ received: N, tickets: N, pending: N });
    expect((await t.db.select({ n: count() }).from(deadLetters))[0].n).toBe(0);
    expect(await drainQueue(await vh.connection(), deadLetterQueueName(QUEUES.ticketTasks))).toHaveLength(0);
    // The messages in flight at the cut came back; the task ids made the second run a no-op.
    expect(bridge.stats[QUEUES.ticketTasks].redelivered).toBeGreaterThan(0);
    expect(bridge.stats[QUEUES.ticketTasks].processed).toBe(N);
  }, 120_000);

  it('outbound: every message reaches its queue under its job id, none lost', async () => {
    const M = 400;
    const ids: string[] = [];
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < M; i++) ids.push((await enqueue(tx, 'ticketStatusSync', { ticket_id: `TX2026050200${String(i).padStart(4, '0')}`, status: 'Resolved' }))!);
    });
    const completed = async () =>
      Array.from(
        (await t.db.execute(sql`select count(*)::int as n from pgboss.job where name = 'ticket-status-sync' and state = 'completed'`)) as Iterable<{ n: number }>,
      )[0].n;
    const lostBefore = lostConnections('tts-publisher-test');
    await waitFor('publishing to be under way', async () => (await completed()) >= 20, 30_000, 5);
    // Freeze the job table (no fetch, no completion) while the connections are cut, so the cut
    // lands with jobs still to send however long `rabbitmqctl` takes to start; those must go out
    // on the new connection.
    const lock = await holdShareLock(t.url, 'pgboss.job');
    let atClose: number;
    try {
      await vh.closeAllConnections('test: connection loss mid-publish');
      atClose = await completed();
    } finally {
      await lock.release();
    }
    expect(atClose).toBeLessThan(M);

    await waitFor('the publisher to reconnect', () => lostConnections('tts-publisher-test') > lostBefore && publisher.isConnected());
    await waitFor('every job to complete', async () => (await completed()) === M, 60_000);

    const got = await drainQueue(await vh.connection(), QUEUES.ticketStatus);
    const taskIds = got.map((m) => String(m.properties.headers?.id));
    const distinct = new Set(taskIds);
    // None lost: every job's id arrived. A message whose confirm was cut off may arrive twice,
    // always under the same task id, which is what lets the ticket service drop the copy.
    expect(distinct.size).toBe(M);
    expect([...distinct].every((id) => ids.includes(id))).toBe(true);
    for (const m of got) {
      const [args, kwargs] = JSON.parse(m.content.toString());
      expect(args).toEqual([]);
      expect(kwargs.status).toBe('Resolved');
    }
    console.log(`[connection-loss] outbound: ${M} jobs, ${got.length} messages, ${got.length - M} re-sent copies under the same id`);
  }, 120_000);
});
