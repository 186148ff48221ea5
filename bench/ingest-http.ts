/**
 * HTTP intake latency while a broker backlog drains: `POST /api/v1/tickets` on the built web app
 * (`npm run start:web`, one process) at a steady 200 requests/s (open loop: requests are sent on
 * schedule whether or not earlier ones have answered, so a slow answer cannot hide the queue
 * behind it), while the worker process drains N pre-queued Celery receive_ticket messages and
 * routes them (bench/ingest-e2e.ts's backlog). Baseline in the same run: a bare route handler, a
 * plain node:http server in its own process that parses the JSON and inserts one row in its own
 * transaction, at the same rate. The two take turns in 1-second rounds (TTS first) until the
 * backlog is routed, so both see the same machine, its first seconds of drain (the worker's
 * start-up and the broker's first flood) included; p50/p99/max over all their rounds, and each
 * round's p99. Both servers are warmed up before the backlog is queued.
 *
 *   npm run build && npx tsx bench/ingest-http.ts [backlog=10000] [rate=200]
 *
 * Environment: BENCH_WEB_PORT, BENCH_BARE_PORT (default 4200, 4201); WORKER_NICE for the worker
 * (default 10, as `npm start` runs it beside the web process); BENCH_ROUND_MS (1000);
 * BENCH_PROFILE=<dir> writes the web process's CPU profile there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { INBOUND_TASKS, QUEUES, assertCeleryQueue } from '../lib/amqp/topology';
import { celeryProducerMessage } from '../lib/testing/celery-messages';
import { createTestVhost } from '../lib/testing/rabbitmq';
import { withThrowawayDatabase } from './throwaway-database';

const backlog = Number(process.argv[2] ?? 10_000);
const rate = Number(process.argv[3] ?? 200);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 1000);
const WEB_PORT = Number(process.env.BENCH_WEB_PORT ?? 4200);
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? 4201);
if (!existsSync('.next/BUILD_ID')) throw new Error('build the app first: npm run build');

const BARE = `
const http = require('node:http');
const postgres = require('postgres');
const sql = postgres(process.env.DATABASE_URL, { max: 10, onnotice: () => {} });
let n = 0;
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    try {
      const ticket = JSON.parse(body);
      const [row] = await sql.begin((tx) => tx\`insert into bare_tickets (payload) values (\${ticket}) returning id\`);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: row.id }));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function spawnNode(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Until `url` answers (`anyStatus`: any answer will do, as the bare handler's 500 to a GET). */
async function waitUp(url: string, anyStatus = false) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (anyStatus || res.status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const vh = await createTestVhost();
try {
  await withThrowawayDatabase(async (_db, url) => {
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    await sql`create table bare_tickets (id serial primary key, payload jsonb not null, created_at timestamptz not null default now())`;
    const env = { DATABASE_URL: url, AMQP_URL: vh.url, JWT_SECRET: process.env.JWT_SECRET!, AUTH_SECRET: process.env.AUTH_SECRET!, WORKER_HEALTH_PORT: '' };
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const web = spawnNode([...profile, '--import', 'tsx', 'scripts/start-web.ts'], { ...env, PORT: String(WEB_PORT), APP_URL: `http://127.0.0.1:${WEB_PORT}` });
    const bare = spawnNode(['-e', BARE], { DATABASE_URL: url, PORT: String(BARE_PORT) });
    let worker: ChildProcess | undefined;
    try {
      await waitUp(`http://127.0.0.1:${WEB_PORT}/api/health`);
      await waitUp(`http://127.0.0.1:${BARE_PORT}/`, true);
      const token = await new SignJWT({ user_id: 501 }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('2h').sign(new TextEncoder().encode(env.JWT_SECRET));

      let seq = 0;
      const latencies = { tts: [] as number[], bare: [] as number[] };
      const errors = { tts: 0, bare: 0 };
      const byRound: number[][] = [];
      const send = async (which: 'tts' | 'bare', isWarmUp = false) => {
        const i = seq++;
        const ticket = { ticket_number: `TX20260802${String(i).padStart(6, '0')}`, subject: `HTTP ${i}`, department: 'Asset Department', category: 'Asset Check In', priority: 'High' };
        const started = performance.now();
        try {
          const res =
            which === 'tts'
              ? await fetch(`http://127.0.0.1:${WEB_PORT}/api/v1/tickets`, {
                  method: 'POST',
                  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                  body: JSON.stringify(ticket),
                })
              : await fetch(`http://127.0.0.1:${BARE_PORT}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ticket) });
          await res.arrayBuffer();
          if (isWarmUp) return;
          if (res.status !== 201) errors[which]++;
          else latencies[which].push(performance.now() - started);
          byRound[byRound.length - 1].push(performance.now() - started);
        } catch {
          if (!isWarmUp) errors[which]++;
        }
      };
      // Both servers warmed up first, as a server that has been up a while is (JIT, Next's lazily
      // loaded routes, and database pools open to their size: 16 requests at a time, so a round
      // does not open connections); these requests are not counted.
      for (const which of ['tts', 'bare'] as const) {
        for (let i = 0; i < 10; i++) await Promise.all(Array.from({ length: 16 }, () => send(which, true)));
      }

      // The backlog, queued before the worker starts.
      const conn = await vh.connection();
      const ch = await conn.createConfirmChannel();
      await assertCeleryQueue(ch, QUEUES.ticketTasks);
      for (let i = 0; i < backlog; i++) {
        const t = { ticket_number: `TX20260801${String(i).padStart(6, '0')}`, subject: `Backlog ${i}`, department: 'Asset Department', category: 'Asset Check In', priority: 'Medium' };
        const m = celeryProducerMessage(INBOUND_TASKS.receiveTicket, i % 2 ? { payload: t } : { payload: { ticket: t } });
        if (!ch.publish('', QUEUES.ticketTasks, m.content, m.options)) await new Promise((r) => ch.once('drain', r));
      }
      await ch.waitForConfirms();
      await ch.close();
      // As `npm start` runs it (scripts/stack.ts); the web process sets it itself (scripts/start-web.ts).
      worker = spawnNode(['--import', 'tsx', 'workers/index.ts'], { ...env, NODE_ENV: 'production', WORKER_NICE: process.env.WORKER_NICE ?? '10' });
      // Wait until the drain has begun, so every round runs against it.
      while ((await sql`select count(*)::int as c from tickets where ticket_number like 'TX20260801%'`)[0].c === 0) await new Promise((r) => setTimeout(r, 50));

      const routed = async () => (await sql`select count(*)::int as c from tickets where routing_status = 'routed' and ticket_number like 'TX20260801%'`)[0].c;
      const inFlight: Promise<void>[] = [];
      let rounds = 0;
      for (let r = 0; rounds < 2 || r % 2 === 1 || (await routed()) < backlog; r++, rounds++) {
        const which = r % 2 === 0 ? 'tts' : 'bare';
        byRound.push([]);
        const start = performance.now();
        for (let k = 0; k < (rate * ROUND_MS) / 1000; k++) {
          const due = start + (k * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((res) => setTimeout(res, wait));
          inFlight.push(send(which));
        }
      }
      await Promise.all(inFlight);
      const routedAtEnd = await routed();
      const line = (name: string, xs: number[], errs: number) =>
        `${name.padEnd(44)} ${xs.length} requests, p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms${errs ? `, ${errs} failed` : ''}`;
      console.log(`${rounds} rounds of ${ROUND_MS / 1000} s at ${rate} req/s while ${backlog} queued messages drained (${routedAtEnd} routed by the end)`);
      console.log(line('baseline: bare route handler (one insert)', latencies.bare, errors.bare));
      console.log(line('tts: POST /api/v1/tickets (start:web)', latencies.tts, errors.tts));
      console.log(`per round p99 (tts, bare, ...): ${byRound.map((xs) => (xs.length ? pct(xs, 99).toFixed(0) : '-')).join(' ')} ms`);
      console.log(`p99 ratio tts/baseline: ${(pct(latencies.tts, 99) / pct(latencies.bare, 99)).toFixed(2)}`);
    } finally {
      for (const p of [web, bare, worker]) p?.kill('SIGTERM');
      await Promise.all([web, bare, worker].map((p) => (p && p.exitCode === null ? new Promise((r) => p.once('exit', r)) : Promise.resolve())));
      await sql.end();
    }
  });
} finally {
  await vh.drop();
}
