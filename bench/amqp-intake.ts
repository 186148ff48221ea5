/**
 * Broker intake throughput: Celery `tickets.tasks.receive_ticket` messages per second through the
 * bridge's consumer into PostgreSQL (decode, validate, ticket + task id + ingestion job committed,
 * ack), with the prefetch TTS ships (AMQP_PREFETCH, default 20) against a baseline of prefetch 1,
 * in the same run on the same machine. Each case gets a throwaway database on the PostgreSQL of
 * TEST_DATABASE_URL and its own vhost on the local RabbitMQ; the messages are queued first (byte
 * for byte as a Celery 5 producer sends them), then the clock runs from the consumer's start
 * until every ticket is stored and the queue is empty.
 *
 *   npx tsx bench/amqp-intake.ts [messages=2000] [prefetch...=1 5 20 50]
 *
 * REPEAT=3 runs every case three times, interleaved (1, 5, 20, 50, 1, 5, ...) so load from other
 * processes on the machine falls on all cases alike, and reports the median.
 */
import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import postgres from 'postgres';
import { INBOUND_TASKS, QUEUES } from '../lib/amqp/topology';
import { createDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { inboundMessages } from '../lib/db/schema';
import { seedDemo } from '../lib/demo/seed-demo';
import { createQueues } from '../lib/jobs/create-queues';
import { celeryProducerMessage } from '../lib/testing/celery-messages';
import { createTestVhost, queueStats } from '../lib/testing/rabbitmq';
import { startAmqpBridge } from '../workers/amqp-bridge/start-amqp-bridge';

process.env.JWT_SECRET ??= 'bench-secret-0123456789abcdef';
process.env.AUTH_SECRET ??= 'bench-secret-0123456789abcdef';
const n = Number(process.argv[2] ?? 2000);
const prefetches = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, 5, 20, 50];
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SHIPPED_PREFETCH = 20;

async function runCase(prefetch: number): Promise<number> {
  const name = `tts_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const vh = await createTestVhost();
  try {
    await migrateDatabase(url.toString());
    await createQueues(url.toString());
    // The pool the worker process gives the bridge (workers/index.ts).
    const db = createDb(url.toString(), { max: Math.min(10, prefetch + 1) });
    await seedDemo(db);

    const conn = await vh.connection();
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue(QUEUES.ticketTasks, { durable: true });
    for (let i = 0; i < n; i++) {
      const m = celeryProducerMessage(INBOUND_TASKS.receiveTicket, {
        payload: {
          ticket_number: `TX20260701${String(i).padStart(6, '0')}`,
          subject: `Bench ${i}`,
          description: 'Returning the laptop after the project',
          department: 'Asset Department',
          category: 'Asset Check In',
          priority: 'Medium',
          employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
          source_service: 'hdts',
          asset_name: 'Dell Latitude 7440',
          serial_number: `SN-${i}`,
        },
      });
      ch.publish('', QUEUES.ticketTasks, m.content, m.options);
    }
    await ch.waitForConfirms();
    await ch.close();

    const started = performance.now();
    const bridge = await startAmqpBridge({ url: vh.url, db, prefetch, pendingRoleUserTtlMs: 3_600_000, log: () => {} });
    for (;;) {
      const [{ stored }] = await db.select({ stored: count() }).from(inboundMessages);
      if (stored === n) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const q = (await queueStats(vh.name))[QUEUES.ticketTasks];
    await bridge.stop();
    await db.$close();
    if (bridge.stats[QUEUES.ticketTasks].processed !== n) throw new Error(`processed ${bridge.stats[QUEUES.ticketTasks].processed} of ${n}`);
    const label = `prefetch ${prefetch}${prefetch === 1 ? ' (baseline)' : prefetch === SHIPPED_PREFETCH ? ' (shipped default)' : ''}`;
    console.log(`${label.padEnd(30)} ${n} messages in ${seconds.toFixed(2)} s = ${(n / seconds).toFixed(0)} msg/s (left: ${q.ready} ready, ${q.unacked} unacked)`);
    return n / seconds;
  } finally {
    await vh.drop();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const repeat = Number(process.env.REPEAT ?? 1);
const results = new Map<number, number[]>(prefetches.map((p) => [p, []]));
for (let r = 0; r < repeat; r++) for (const p of prefetches) results.get(p)!.push(await runCase(p));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (repeat > 1) {
  for (const [p, xs] of results) {
    console.log(`prefetch ${String(p).padEnd(4)} median ${median(xs).toFixed(0)} msg/s (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`);
  }
}
const base = results.get(1);
const shipped = results.get(SHIPPED_PREFETCH);
if (base && shipped) console.log(`speed-up of prefetch ${SHIPPED_PREFETCH} over prefetch 1: ${(median(shipped) / median(base)).toFixed(1)}x`);
