/**
 * End-to-end ingestion: N Celery `tickets.tasks.receive_ticket` messages already queued, byte for
 * byte as Celery 5 sends them (three payload shapes in turn: kwargs {payload: ticket}, kwargs
 * {payload: {ticket: ticket}}, the ticket as first positional argument), drained by the real
 * worker process (`node --import tsx workers/index.ts`: AMQP bridge with group commits, routing
 * workers, everything `npm start` runs but the web app) until every ticket is fully routed: task,
 * coordinator, first assignee, history, assignment notification and status-sync job (routing
 * writes them in one transaction, so "routed" means all of them).
 *
 * Baseline, in the same run on the same machine: a bare consumer that takes the same messages
 * (prefetch 20, 20 in flight) and inserts one row per message in its own transaction, with the ack
 * after commit: what the broker, the database and the two cores allow with no domain work at all.
 *
 * Both are timed from the first row stored to the last one done, so process start-up is left out
 * of both. The worker's RSS is sampled every 500 ms.
 *
 *   npx tsx bench/ingest-e2e.ts [messages=10000] [cases=baseline,tts]
 *
 * Environment: TEST_DATABASE_URL (default the local server), TEST_AMQP_URL (default local
 * RabbitMQ as guest), AMQP_PREFETCH for the worker (else its default); BENCH_PROFILE=<dir> writes
 * the worker's CPU profile there (--cpu-prof); BENCH_LOG_STATEMENTS=1 logs every statement of the
 * run's database to the server log (it slows the database: not for figures); BENCH_PROGRESS=1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import amqp from 'amqplib';
import postgres from 'postgres';
import { INBOUND_TASKS, QUEUES, assertCeleryQueue } from '../lib/amqp/topology';
import { celeryProducerMessage } from '../lib/testing/celery-messages';
import { createTestVhost, type TestVhost } from '../lib/testing/rabbitmq';
import { withThrowawayDatabase } from './throwaway-database';
import { PRIORITIES } from '../lib/tickets/priority';

const n = Number(process.argv[2] ?? 10_000);
const cases = (process.argv[3] ?? 'baseline,tts').split(',');

function ticket(i: number) {
  return {
    ticket_number: `TX20260701${String(i).padStart(6, '0')}`,
    subject: `Bench ${i}`,
    description: 'Returning the laptop after the project',
    department: 'Asset Department',
    category: 'Asset Check In',
    priority: PRIORITIES[i % PRIORITIES.length],
    employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
    source_service: 'hdts',
    asset_name: 'Dell Latitude 7440',
    serial_number: `SN-${i}`,
  };
}

/** The three shapes producers use, in turn. */
function message(i: number) {
  const t = ticket(i);
  if (i % 3 === 0) return celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: t });
  if (i % 3 === 1) return celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: { ticket: t } });
  return celeryProducerMessage(INBOUND_TASKS.receiveTicket, {}, { args: [t] });
}

async function queueAll(vh: TestVhost) {
  const conn = await vh.connection();
  const ch = await conn.createConfirmChannel();
  await assertCeleryQueue(ch, QUEUES.ticketTasks);
  for (let i = 0; i < n; i++) {
    const m = message(i);
    if (!ch.publish('', QUEUES.ticketTasks, m.content, m.options)) await new Promise((r) => ch.once('drain', r));
    if (i % 5000 === 4999) await ch.waitForConfirms();
  }
  await ch.waitForConfirms();
  await ch.close();
}

/**
 * Polls `count` until it reaches n; returns seconds from the first row stored (`count` says how
 * many are stored and how many done; a bare row is both) to the last one done.
 */
async function timeUntil(
  count: () => Promise<{ stored: number; done: number }>,
  isAlive: () => boolean,
  onFirst?: () => Promise<void>,
): Promise<number> {
  let first: number | undefined;
  for (;;) {
    const c = await count();
    const now = performance.now();
    if (c.stored > 0 && first === undefined) {
      first = now;
      await onFirst?.();
    }
    if (c.done >= n) return (now - first!) / 1000;
    if (!isAlive()) throw new Error(`stopped at ${c.done} of ${n}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function baseline(): Promise<number> {
  const vh = await createTestVhost();
  try {
    await queueAll(vh);
    return await withThrowawayDatabase(async (_db, url) => {
      const sql = postgres(url, { max: 10, onnotice: () => {} });
      await sql`create table bare_messages (id text primary key, body jsonb not null, received_at timestamptz not null default now())`;
      const conn = await amqp.connect(vh.url);
      const ch = await conn.createChannel();
      await ch.prefetch(20);
      // Counted here as they commit (a count(*) every few ms would load the database it measures).
      let committed = 0;
      await ch.consume(QUEUES.ticketTasks, (msg) => {
        if (!msg) return;
        void sql
          .begin((tx) => tx`insert into bare_messages (id, body) values (${String(msg.properties.headers?.id)}, ${JSON.parse(msg.content.toString())})`)
          .then(() => {
            committed++;
            ch.ack(msg);
          });
      });
      let atFirst = machineCpu();
      const seconds = await timeUntil(
        async () => ({ stored: committed, done: committed }),
        () => true,
        async () => {
          atFirst = machineCpu();
        },
      );
      const atEnd = machineCpu();
      const [stored] = await sql`select count(*)::int as c from bare_messages`;
      if (stored.c !== n) throw new Error(`baseline stored ${stored.c} of ${n}`);
      const busy = atEnd.busy - atFirst.busy;
      console.log(
        `  baseline CPU, timed window: RabbitMQ ${(atEnd.broker - atFirst.broker).toFixed(2)} s, whole machine busy ${busy.toFixed(2)} s (${((busy / (2 * seconds)) * 100).toFixed(0)}%)`,
      );
      await conn.close();
      await sql.end();
      return seconds;
    });
  } finally {
    await vh.drop();
  }
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of each PostgreSQL backend serving a database (they live as long as their connection). */
async function databaseCpuSeconds(sql: postgres.Sql, database: string): Promise<Map<number, number>> {
  const rows = await sql`select pid from pg_stat_activity where datname = ${database} and application_name <> 'bench'`;
  const byPid = new Map<number, number>();
  for (const r of rows) {
    try {
      byPid.set(r.pid, cpuSeconds(r.pid));
    } catch {
      // gone
    }
  }
  return byPid;
}

const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** CPU seconds of the whole machine (busy, all cores) and of RabbitMQ's beam.smp, from /proc. */
function machineCpu(): { busy: number; broker: number } {
  const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = f.map(Number);
  let broker = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'beam.smp') broker += cpuSeconds(Number(pid));
    } catch {
      // gone
    }
  }
  return { busy: (user + nice + system + irq + softirq + steal) / 100, broker };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

async function tts(): Promise<{ seconds: number; rss: number[] }> {
  const vh = await createTestVhost();
  try {
    await queueAll(vh);
    return await withThrowawayDatabase(async (_db, url) => {
      // Named, so the CPU of the bench's own backends is not counted as the worker's database's.
      const sql = postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: 'bench' } });
      if (process.env.BENCH_LOG_STATEMENTS) await sql.unsafe(`alter database "${new URL(url).pathname.slice(1)}" set log_min_duration_statement = 0`);
      const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
      const worker: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', 'workers/index.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          AMQP_URL: vh.url,
          WORKER_HEALTH_PORT: '',
          // What `npm start` gives its processes (scripts/stack.ts).
          NODE_ENV: 'production',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      const rss: number[] = [];
      const sampler = setInterval(() => {
        try {
          rss.push(rssMb(worker.pid!));
        } catch {
          // exited
        }
      }, 500);
      // Progress every 2 s: how far intake (stored) and routing (routed) are.
      const progress = process.env.BENCH_PROGRESS
        ? setInterval(() => {
            void sql`select count(*)::int as stored, count(*) filter (where routing_status = 'routed')::int as routed from tickets`.then(([p]) =>
              console.log(`  stored ${p.stored}, routed ${p.routed}`),
            );
          }, 2000)
        : undefined;
      try {
        const database = new URL(url).pathname.slice(1);
        let atFirst = { worker: 0, db: new Map<number, number>(), machine: machineCpu() };
        const seconds = await timeUntil(
          // Cheap to ask at any size (a count of all tickets every 20 ms would itself load the
          // database more as the table grows): pending ones through the routing queue's partial
          // index; the whole count only once none is pending.
          async () => {
            const [r] = await sql`select exists (select 1 from tickets) as any, (select count(*)::int from tickets where routing_status = 'pending') as pending`;
            if (!r.any) return { stored: 0, done: 0 };
            if (r.pending > 0) return { stored: 1, done: 0 };
            const [all] = await sql`select count(*)::int as c from tickets where routing_status = 'routed'`;
            return { stored: 1, done: all.c };
          },
          () => worker.exitCode === null,
          async () => {
            atFirst = { worker: cpuSeconds(worker.pid!), db: await databaseCpuSeconds(sql, database), machine: machineCpu() };
          },
        );
        const atEnd = { worker: cpuSeconds(worker.pid!), db: await databaseCpuSeconds(sql, database), machine: machineCpu() };
        // The worker also sends what routing queued (status syncs, emails) while it routes: how far it got.
        const [sent] = await sql`
          select count(*) filter (where name = 'ticket-status-sync' and state = 'completed')::int as syncs,
                 count(*) filter (where name = 'email-deliver' and state = 'completed')::int as emails
          from pgboss.job where name in ('ticket-status-sync', 'email-deliver')`;
        // Everything once: the checks the tests make, on the whole run.
        const [c] = await sql`
          select (select count(*)::int from tickets) as tickets, (select count(*)::int from tasks) as tasks,
                 (select count(*)::int from task_items) as items, (select count(*)::int from notifications where type = 'task_assignment') as notifications,
                 (select count(*)::int from pgboss.job where name = 'ticket-status-sync') as syncs,
                 (select count(*)::int from tasks where owner_user_id is not null) as owned`;
        for (const k of ['tickets', 'tasks', 'items', 'notifications', 'syncs', 'owned']) {
          if (c[k] !== n) throw new Error(`${k}: ${c[k]} of ${n}`);
        }
        // CPU per ticket, which load from other processes on the machine does not inflate: the whole
        // run (start-up included), and the timed window alone (first row stored to last routed).
        const dbCpu = sum(atEnd.db);
        const workerCpu = atEnd.worker;
        const ms = (s: number) => ((s / n) * 1000).toFixed(2);
        console.log(`  CPU, whole run: worker ${workerCpu.toFixed(1)} s, its database backends ${dbCpu.toFixed(1)} s = ${ms(workerCpu + dbCpu)} ms per ticket`);
        const wWorker = atEnd.worker - atFirst.worker;
        const wDb = [...atEnd.db].reduce((a, [pid, c]) => a + c - (atFirst.db.get(pid) ?? 0), 0);
        const wBroker = atEnd.machine.broker - atFirst.machine.broker;
        const wBusy = atEnd.machine.busy - atFirst.machine.busy;
        console.log(
          `  CPU, timed window (${seconds.toFixed(2)} s, ${(2 * seconds).toFixed(1)} core-seconds on 2 cores): worker ${wWorker.toFixed(2)} s (${ms(wWorker)} ms/ticket), ` +
            `database backends ${wDb.toFixed(2)} s (${ms(wDb)} ms/ticket), RabbitMQ ${wBroker.toFixed(2)} s (${ms(wBroker)} ms/ticket), ` +
            `whole machine busy ${wBusy.toFixed(2)} s (${((wBusy / (2 * seconds)) * 100).toFixed(0)}%); ` +
            `meanwhile sent ${sent.syncs} status syncs and ${sent.emails} emails (to the outbox)`,
        );
        return { seconds, rss };
      } finally {
        clearInterval(sampler);
        clearInterval(progress);
        worker.kill('SIGTERM');
        await new Promise((r) => (worker.exitCode !== null ? r(null) : worker.once('exit', r)));
        await sql.end();
      }
    });
  } finally {
    await vh.drop();
  }
}

let base: number | undefined;
if (cases.includes('baseline')) {
  const s = await baseline();
  base = n / s;
  console.log(`baseline: bare consumer, one row per message, ack after commit: ${n} in ${s.toFixed(2)} s = ${base.toFixed(0)} msg/s`);
}
if (cases.includes('tts')) {
  const { seconds, rss } = await tts();
  const rate = n / seconds;
  const mb = (x: number) => `${x.toFixed(0)} MB`;
  console.log(
    `tts: worker process, ${n} messages to fully routed tickets in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} tickets/s` +
      (base ? ` (${((rate / base) * 100).toFixed(0)}% of the baseline)` : '') +
      `; worker RSS min ${mb(Math.min(...rss))}, max ${mb(Math.max(...rss))}, last ${mb(rss.at(-1) ?? 0)}`,
  );
}
