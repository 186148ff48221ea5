/**
 * What one comment costs the database: the statements `createComment` sends (counted on the wire,
 * with their text), EXPLAIN ANALYZE of each read it makes, and comments/s with C concurrent
 * authors on C routed tickets. Baseline in the same run: the least a live comment needs, one
 * transaction inserting the row and announcing it with pg_notify, at the same concurrency.
 *
 *   npx tsx bench/comment-cost.ts [concurrency=10] [seconds=10]
 */
import { loadavg } from 'node:os';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createComment } from '../lib/comments/create-comment';
import * as schema from '../lib/db/schema';
import { REALTIME_CHANNEL } from '../lib/realtime/events';
import { intakeTicket } from '../lib/tickets/intake-ticket';
import { routeTicket } from '../lib/tickets/route-ticket';
import { withThrowawayDatabase } from './throwaway-database';

const CONCURRENCY = Number(process.argv[2] ?? 10);
const SECONDS = Number(process.argv[3] ?? 10);
process.env.COMMENT_RATE_LIMIT_PER_MINUTE = '100000';

await withThrowawayDatabase(async (setupDb, url) => {
  const tickets: Array<{ number: string; id: number; user: number }> = [];
  for (let r = 0; r < CONCURRENCY; r++) {
    const user = 20_000 + r;
    const { ticket } = await intakeTicket(setupDb, {
      payload: { ticket_number: `TXCOST${String(r).padStart(5, '0')}`, subject: `Cost ${r}`, department: 'Asset Department', category: 'Asset Check In', priority: 'Medium' },
      source: 'http',
      submittedBy: user,
    });
    await routeTicket(setupDb, ticket.id);
    tickets.push({ number: ticket.ticketNumber, id: ticket.id, user });
  }

  // 1. The statements of one comment, as sent.
  let recording: Array<{ query: string; params: unknown[] }> | null = null;
  const client = postgres(url, { max: CONCURRENCY + 2, onnotice: () => {}, debug: (_c, query, params) => recording?.push({ query, params: params as unknown[] }) });
  const db = Object.assign(drizzle(client, { schema, casing: 'snake_case' }), { $close: () => client.end() });
  await createComment(db, { userId: tickets[0].user, ticketNumber: tickets[0].number, body: 'warm-up', clientId: 'warm-up' });
  recording = [];
  await createComment(db, { userId: tickets[0].user, ticketNumber: tickets[0].number, body: 'counted, @nobody', clientId: 'counted' });
  const statements = recording as Array<{ query: string; params: unknown[] }>;
  recording = null;
  console.log(`createComment (author = submitter, routed ticket: coordinator + assignee notified): ${statements.length} statements, BEGIN and COMMIT included`);
  for (const [i, s] of statements.entries()) console.log(`  ${String(i + 1).padStart(2)}. ${s.query.replace(/\s+/g, ' ').slice(0, 150)}`);

  // 2. The plans of its statements, each run again in a transaction that is rolled back.
  console.log('\nPlans (EXPLAIN ANALYZE, BUFFERS; each in a rolled-back transaction):');
  for (const s of statements) {
    if (/^\s*(begin|commit)/i.test(s.query)) continue;
    console.log(`  ${s.query.replace(/\s+/g, ' ').trim().slice(0, 110)}`);
    await client
      .begin(async (sql) => {
        const plan = (await sql.unsafe(`explain (analyze, buffers) ${s.query}`, s.params as never[])) as unknown as Array<Record<string, string>>;
        for (const row of plan) {
          const line = Object.values(row)[0];
          if (/Scan|Insert on|Planning Time|Execution Time/.test(line)) console.log(`      ${line.trim()}`);
        }
        throw new Error('rollback');
      })
      .catch((err: Error) => {
        if (err.message !== 'rollback') console.log(`      (not explained: ${err.message})`);
      });
  }

  // 3. Throughput: CONCURRENCY authors, one comment at a time each, for SECONDS.
  const run = async (label: string, one: (t: (typeof tickets)[number], seq: number) => Promise<unknown>) => {
    const latencies: number[] = [];
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      tickets.map(async (t) => {
        for (let seq = 0; performance.now() < until; seq++) {
          const t0 = performance.now();
          await one(t, seq);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const rate = latencies.length / SECONDS;
    console.log(
      `${label.padEnd(44)} ${rate.toFixed(0).padStart(5)} comments/s  p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms  p95 ${latencies[Math.floor(latencies.length * 0.95)].toFixed(1)} ms`,
    );
    return rate;
  };
  console.log(`\n${CONCURRENCY} concurrent authors on ${CONCURRENCY} tickets, ${SECONDS} s each; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const base = await run('baseline: insert + pg_notify, one transaction', (t, seq) =>
    client.begin(async (sql) => {
      const [row] = await sql`insert into comments (ticket_id, author_user_id, body, client_id) values (${t.id}, ${t.user}, ${'baseline'}, ${`b-${t.user}-${seq}`}) returning id`;
      await sql`select pg_notify(${REALTIME_CHANNEL}, ${JSON.stringify({ k: 'comment', op: 'created', id: row.id, ticket: t.number })})`;
    }),
  );
  const tts = await run('createComment', (t, seq) => createComment(db, { userId: t.user, ticketNumber: t.number, body: `comment ${seq}`, clientId: `c-${seq}` }));
  console.log(`createComment at ${((tts / base) * 100).toFixed(0)}% of the baseline; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await client.end();
});
process.exit(0);
