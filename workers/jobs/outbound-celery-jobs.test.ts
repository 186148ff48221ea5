import type { ChannelModel } from 'amqplib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CeleryPublisher, createCeleryPublisher } from '@/lib/amqp/celery-publisher';
import { OUTBOUND_TASKS, QUEUES, assertCeleryQueue } from '@/lib/amqp/topology';
import { listOutboundMessages } from '@/lib/integration/list-outbound-messages';
import { enqueue } from '@/lib/jobs/send';
import { type JobKey, type JobPayload, jobs } from '@/lib/jobs/queues';
import { startCeleryWorker } from '@/lib/testing/celery-worker';
import { seedDemoData } from '@/lib/testing/fixtures';
import { type TestVhost, createTestVhost, drainQueue, queueStats } from '@/lib/testing/rabbitmq';
import { waitFor } from '@/lib/testing/wait-for';
import { type TestDb, createTestDb } from '@/lib/testing/test-db';
import { type Worker, startWorker } from '../worker';
import { outboundCeleryJobs } from './outbound-celery-jobs';

const ADMIN = 101;
let vh: TestVhost;
let t: TestDb;
let conn: ChannelModel;
let publisher: CeleryPublisher;
let worker: Worker | undefined;

const quiet = () => {};
const startOutboundWorker = (p: CeleryPublisher) =>
  startWorker({ databaseUrl: t.url, modules: outboundCeleryJobs(p, { isInappEnabled: true }), isMaintenanceEnabled: false });

beforeAll(async () => {
  vh = await createTestVhost();
  t = await createTestDb();
  await seedDemoData(t.db);
  conn = await vh.connection();
  publisher = await createCeleryPublisher(vh.url, { log: quiet });
});
afterAll(async () => {
  await worker?.stop();
  await publisher?.close();
  await t?.drop();
  await vh?.drop();
});

const samples = {
  ticketStatusSync: { ticket_id: 'TX20260401000001', status: 'Resolved' },
  amsWorkflowCompletion: {
    ticket_id: 'TX20260401000002',
    asset_name: 'Dell Latitude 7440',
    serial_number: 'SN-12345',
    action: 'Asset Check In',
    completed_at: '2026-04-01T10:00:00.000000+00:00',
  },
  bmsBudgetApproval: {
    ticket_id: 'TX20260401000003',
    requested_budget: '15000.00',
    cost_items: { laptops: 3, 'licence fees': 1200.5 },
    approved_by: 121,
    completed_at: '2026-04-01T11:00:00.000000+00:00',
  },
  inappNotification: {
    user_id: 131,
    subject: 'New Task: Laptop return',
    message: "You have been assigned to ticket TX20260401000004 ('urgent')",
    notification_type: 'task_assignment',
    related_task_item_id: 7,
    related_ticket_number: 'TX20260401000004',
    metadata: { workflow_name: 'Asset Check In', step_name: 'Triage' },
  },
} satisfies { [K in keyof typeof OUTBOUND_TASKS]: JobPayload<K> };
const keys = Object.keys(samples) as Array<keyof typeof samples>;

/** Queues the four outbound jobs in one transaction, as producers do; returns key -> job id. */
async function enqueueAll(): Promise<Record<keyof typeof samples, string>> {
  const ids = {} as Record<keyof typeof samples, string>;
  await t.db.transaction(async (tx) => {
    for (const key of keys) ids[key] = (await enqueue(tx, key as JobKey, samples[key] as never))!;
  });
  return ids;
}

async function jobState(id: string): Promise<{ state: string; output: { message?: string } | null } | undefined> {
  const rows = Array.from((await t.db.execute(sql`select state::text, output from pgboss.job where id = ${id}`)) as Iterable<never>);
  return rows[0];
}
const untilCompleted = (ids: string[]) =>
  waitFor('the outbound jobs to complete', async () => {
    for (const id of ids) if ((await jobState(id))?.state !== 'completed') return false;
    return true;
  });

describe('outbound Celery messages', () => {
  it('wait visibly while no broker is configured, then go out once the bridge runs', async () => {
    const ids = await enqueueAll();
    const listed = await listOutboundMessages(t.db, { actorUserId: ADMIN, state: 'waiting', limit: 50, offset: 0 });
    expect(listed.counts.waiting).toBe(4);
    const status = listed.items.find((i) => i.id === ids.ticketStatusSync)!;
    expect(status).toMatchObject({
      state: 'waiting',
      job_state: 'created',
      celery_task_id: ids.ticketStatusSync,
      amqp_queue: 'TICKET_STATUS_QUEUE',
      task: 'ticket_service.update_status',
      kwargs: samples.ticketStatusSync,
    });

    worker = await startOutboundWorker(publisher);
    await untilCompleted(Object.values(ids));
    expect((await listOutboundMessages(t.db, { actorUserId: ADMIN, state: 'waiting', limit: 50, offset: 0 })).counts.waiting).toBe(0);
    for (const key of keys) {
      const got = await drainQueue(conn, OUTBOUND_TASKS[key].queue);
      expect(got.map((m) => m.properties.headers?.id), key).toEqual([ids[key]]);
    }
  });

  it('publishes each in the exact Celery v2 layout, persistent, with the job id as task id', async () => {
    const ids = await enqueueAll();
    await untilCompleted(Object.values(ids));
    for (const key of keys) {
      const { queue, task } = OUTBOUND_TASKS[key];
      const [m, ...more] = await drainQueue(conn, queue);
      expect(more, key).toHaveLength(0);
      const id = ids[key];
      expect(m.properties).toMatchObject({ contentType: 'application/json', contentEncoding: 'utf-8', deliveryMode: 2, priority: 0, correlationId: id });
      expect(m.properties.headers).toEqual({
        lang: 'py',
        task,
        id,
        shadow: null,
        eta: null,
        expires: null,
        group: null,
        group_index: null,
        retries: 0,
        timelimit: [null, null],
        root_id: id,
        parent_id: null,
        argsrepr: '()',
        kwargsrepr: expect.stringMatching(/^\{'ticket_id': |^\{'user_id': /),
        origin: expect.stringMatching(/^tts@/),
        ignore_result: false,
      });
      // Key order inside kwargs is jsonb's (the job payload is stored as jsonb); JSON objects are unordered.
      const body = m.content.toString('utf8');
      expect(body.startsWith('[[],{')).toBe(true);
      expect(body.endsWith('},{"callbacks":null,"errbacks":null,"chain":null,"chord":null}]')).toBe(true);
      expect(JSON.parse(body)).toEqual([[], samples[key], { callbacks: null, errbacks: null, chain: null, chord: null }]);
    }
    // Declared durable, as a Celery worker declares them, so it can consume them with no error.
    const q = await queueStats(vh.name);
    for (const key of keys) expect(q[OUTBOUND_TASKS[key].queue], key).toMatchObject({ durable: true, ready: 0 });
  });

  it('is executed by a real Celery 5 worker registered for those task names, whichever side declared the queues first', async () => {
    // TTS declared the queues in the tests above and the worker below declares them again; here
    // they are removed first so the worker declares them, and TTS's declaration must then agree.
    const ch = await conn.createChannel();
    for (const key of keys) {
      await ch.deleteQueue(OUTBOUND_TASKS[key].queue);
      await ch.deleteExchange(OUTBOUND_TASKS[key].queue);
    }
    const celery = await startCeleryWorker({ brokerUrl: vh.url, queues: keys.map((k) => OUTBOUND_TASKS[k].queue) });
    try {
      for (const key of keys) await assertCeleryQueue(ch, OUTBOUND_TASKS[key].queue);
      await ch.close();
      const ids = await enqueueAll();
      await untilCompleted(Object.values(ids));
      const records = await waitFor('Celery to execute all four', () => (celery.records().length >= 4 ? celery.records() : null));
      for (const key of keys) {
        const r = records.find((x) => x.id === ids[key]);
        expect(r, `${key}\n${celery.output()}`).toMatchObject({ task: OUTBOUND_TASKS[key].task, args: [], kwargs: samples[key], queue: OUTBOUND_TASKS[key].queue });
      }
      expect(records).toHaveLength(4);
      expect(celery.output()).not.toMatch(/Unrecoverable error|unregistered task|Traceback/);
    } finally {
      await celery.stop();
    }
  }, 120_000);

  it('retries every 30 s while the broker is unreachable, showing why, and later sends under the same task id', async () => {
    await worker!.stop();
    const unreachable = await createCeleryPublisher('amqp://guest:guest@127.0.0.1:1/', { connectWaitMs: 50, log: quiet });
    const downWorker = await startOutboundWorker(unreachable);
    let id: string;
    try {
      id = (await enqueue(t.db, 'ticketStatusSync', { ticket_id: 'TX20260401000009', status: 'In Progress' }))!;
      const failed = await waitFor('a failed attempt', async () => {
        const s = await jobState(id);
        return s?.state === 'retry' ? s : null;
      });
      expect(failed.output?.message).toMatch(/not connected to the broker/);
      const listed = await listOutboundMessages(t.db, { actorUserId: ADMIN, state: 'waiting', limit: 50, offset: 0 });
      const item = listed.items.find((i) => i.id === id)!;
      expect(item).toMatchObject({ state: 'waiting', job_state: 'retry', celery_task_id: id });
      expect(item.last_error).toMatch(/not connected to the broker/);
      expect(new Date(item.next_attempt_at!).getTime()).toBeGreaterThan(Date.now());
    } finally {
      await downWorker.stop();
      await unreachable.close();
    }
    // The broker is back: instead of waiting out the back-off, let the retry be due now.
    await t.db.execute(sql`update pgboss.job set start_after = now() where id = ${id!}`);
    worker = await startOutboundWorker(publisher);
    await untilCompleted([id!]);
    const got = await drainQueue(conn, QUEUES.ticketStatus);
    expect(got.map((m) => m.properties.headers?.id)).toEqual([id!]);
    expect(JSON.parse(got[0].content.toString())[1]).toEqual({ ticket_id: 'TX20260401000009', status: 'In Progress' });
  });

  it('lists a job with an invalid payload as failed, with the reason', async () => {
    const id = await worker!.boss.send(jobs.ticketStatusSync.name, { ticket_id: 42 });
    const listed = await waitFor('the invalid job to be dead-lettered', async () => {
      const l = await listOutboundMessages(t.db, { actorUserId: ADMIN, state: 'failed', limit: 50, offset: 0 });
      return l.items.some((i) => i.celery_task_id === id) ? l : null;
    });
    const item = listed.items.find((i) => i.celery_task_id === id)!;
    expect(item).toMatchObject({ state: 'failed', job_queue: 'ticket-status-sync', amqp_queue: 'TICKET_STATUS_QUEUE' });
    expect(item.last_error).toMatch(/invalid payload: ticket_id/);
    expect(await drainQueue(conn, QUEUES.ticketStatus)).toHaveLength(0);
  });

  it('sends the statuses of one ticket in the order they were set, even when an earlier one is held up', async () => {
    await worker?.stop();
    worker = undefined;
    const first = (await enqueue(t.db, 'ticketStatusSync', { ticket_id: 'TX20260401000010', status: 'In Progress' }))!;
    const second = (await enqueue(t.db, 'ticketStatusSync', { ticket_id: 'TX20260401000010', status: 'Resolved' }))!;
    const otherTicket = (await enqueue(t.db, 'ticketStatusSync', { ticket_id: 'TX20260401000011', status: 'Open' }))!;
    // The first one failed a publish a moment ago and waits for its retry.
    await t.db.execute(sql`update pgboss.job set state = 'retry', retry_count = 1, start_after = now() + interval '1 hour' where id = ${first}`);

    worker = await startOutboundWorker(publisher);
    await untilCompleted([otherTicket]);
    const held = await waitFor('the second to wait for the first', async () => {
      const s = await jobState(second);
      return s?.state === 'retry' ? s : null;
    });
    expect(held.output?.message).toMatch(/earlier status/);
    expect((await drainQueue(conn, QUEUES.ticketStatus)).map((m) => m.properties.headers?.id)).toEqual([otherTicket]);

    // The first one's retry comes due: it goes out, then the second.
    await t.db.execute(sql`update pgboss.job set start_after = now() where id = ${first}`);
    await untilCompleted([first]);
    await t.db.execute(sql`update pgboss.job set start_after = now() where id = ${second}`);
    await untilCompleted([second]);
    const got = await drainQueue(conn, QUEUES.ticketStatus);
    expect(got.map((m) => JSON.parse(m.content.toString())[1].status)).toEqual(['In Progress', 'Resolved']);
  });
});
