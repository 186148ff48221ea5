/**
 * Ingestion throughput: tickets routed per second by the pg-boss ingestion job, with the worker
 * settings TTS ships (workers/jobs/ticket-ingest.ts) against a baseline of one poller taking one
 * job at a time, in the same run on the same machine. Uses a throwaway database on the PostgreSQL
 * of TEST_DATABASE_URL (default: the local server).
 *
 *   npx tsx bench/ingest.ts [tickets=1000]
 */
import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { createDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { tickets } from '../lib/db/schema';
import { seedDemo } from '../lib/demo/seed-demo';
import { intakeTicket } from '../lib/tickets/intake-ticket';
import { defineJob } from '../workers/job-module';
import { ticketIngestJob } from '../workers/jobs/ticket-ingest';
import { startWorker } from '../workers/worker';

process.env.JWT_SECRET ??= 'bench-secret-0123456789abcdef';
process.env.AUTH_SECRET ??= 'bench-secret-0123456789abcdef';
const n = Number(process.argv[2] ?? 1000);
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function runCase(label: string, module: typeof ticketIngestJob) {
  const name = `tts_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await migrateDatabase(url.toString());
    const db = createDb(url.toString(), { max: 10 });
    await seedDemo(db);
    for (let i = 0; i < n; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, (_, j) =>
          intakeTicket(db, {
            payload: { subject: `Bench ${i + j}`, department: 'Asset Department', category: 'Asset Check In', priority: 'Medium' },
            source: 'http',
            submittedBy: 501,
          }),
        ),
      );
    }
    const started = performance.now();
    const worker = await startWorker({ databaseUrl: url.toString(), modules: [module], isMaintenanceEnabled: false });
    for (;;) {
      const [{ routed }] = await db.select({ routed: count() }).from(tickets).where(eq(tickets.routingStatus, 'routed'));
      if (routed === n) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    await db.$close();
    console.log(`${label.padEnd(44)} ${n} tickets in ${seconds.toFixed(2)} s = ${(n / seconds).toFixed(0)} tickets/s`);
    return n / seconds;
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const baseline = await runCase('baseline: 1 poller x batch 1', defineJob({ ...ticketIngestJob, workers: 1, batchSize: 1 }));
const shipped = await runCase(
  `shipped: ${ticketIngestJob.workers} pollers x batch ${ticketIngestJob.batchSize}`,
  ticketIngestJob,
);
console.log(`speed-up: ${(shipped / baseline).toFixed(1)}x`);
