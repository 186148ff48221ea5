/**
 * Ingestion throughput: tickets routed per second by the pg-boss ingestion job, with the worker
 * settings TTS ships (workers/jobs/ticket-ingest.ts) against a baseline of one poller taking one
 * job at a time, in the same run on the same machine. Uses a throwaway database on the PostgreSQL
 * of TEST_DATABASE_URL (default: the local server).
 *
 *   npx tsx bench/ingest.ts [tickets=1000]
 */
import { count, eq } from 'drizzle-orm';
import { tickets } from '../lib/db/schema';
import { intakeTicket } from '../lib/tickets/intake-ticket';
import { defineJob } from '../workers/job-module';
import { ticketIngestJob } from '../workers/jobs/ticket-ingest';
import { startWorker } from '../workers/worker';
import { withThrowawayDatabase } from './throwaway-database';

const n = Number(process.argv[2] ?? 1000);

async function runCase(label: string, module: typeof ticketIngestJob) {
  return withThrowawayDatabase(async (db, url) => {
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
    const worker = await startWorker({ databaseUrl: url, modules: [module], isMaintenanceEnabled: false });
    for (;;) {
      const [{ routed }] = await db.select({ routed: count() }).from(tickets).where(eq(tickets.routingStatus, 'routed'));
      if (routed === n) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    console.log(`${label.padEnd(44)} ${n} tickets in ${seconds.toFixed(2)} s = ${(n / seconds).toFixed(0)} tickets/s`);
    return n / seconds;
  });
}

const baseline = await runCase('baseline: 1 poller', defineJob({ ...ticketIngestJob, workers: 1 }));
const shipped = await runCase(
  `shipped: ${ticketIngestJob.workers} pollers`,
  ticketIngestJob,
);
console.log(`speed-up: ${(shipped / baseline).toFixed(1)}x`);
