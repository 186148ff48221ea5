/**
 * Routing throughput: pending tickets routed per second (workflow matched, task, coordinator and
 * first assignee by round robin, history, assignment notification, status-sync job, audit), by
 * the routing worker TTS ships (workers/jobs/ticket-route.ts: sets of ROUTE_BATCH_SIZE claimed
 * with SKIP LOCKED) against a baseline of sets of one (one routing transaction per ticket, the
 * shape of the per-ticket job it replaced), in the same run on the same machine. Uses a throwaway
 * database on the PostgreSQL of TEST_DATABASE_URL (default: the local server).
 *
 *   npx tsx bench/ingest.ts [tickets=10000] [batch sizes...=1 200]
 */
import { count, eq, sql } from 'drizzle-orm';
import { tickets } from '../lib/db/schema';
import { ROUTE_BATCH_SIZE, routeTickets } from '../lib/tickets/route-tickets';
import { withThrowawayDatabase } from './throwaway-database';

const n = Number(process.argv[2] ?? 10_000);
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [1, ROUTE_BATCH_SIZE];
const ROUTERS = 2;

async function runCase(batch: number) {
  return withThrowawayDatabase(async (db) => {
    await db.execute(sql`
      insert into tickets (ticket_number, subject, department, category, priority, payload, source)
      select 'TX20260701' || lpad(i::text, 6, '0'), 'Bench ' || i, 'Asset Department', 'Asset Check In', 'Medium', '{}'::jsonb, 'amqp'
      from generate_series(1, ${n}) i`);
    const started = performance.now();
    // Two routers, as one worker process runs (two pollers of ticket-route).
    await Promise.all(
      Array.from({ length: ROUTERS }, async () => {
        while ((await routeTickets(db, { limit: batch })).claimed > 0);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const [{ routed }] = await db.select({ routed: count() }).from(tickets).where(eq(tickets.routingStatus, 'routed'));
    if (routed !== n) throw new Error(`routed ${routed} of ${n}`);
    console.log(`sets of ${String(batch).padEnd(5)} ${n} tickets in ${seconds.toFixed(2)} s = ${(n / seconds).toFixed(0)} tickets/s`);
    return n / seconds;
  });
}

const results: number[] = [];
for (const size of sizes) results.push(await runCase(size));
if (results.length > 1) console.log(`sets of ${sizes.at(-1)} over sets of ${sizes[0]}: ${(results.at(-1)! / results[0]).toFixed(1)}x`);
