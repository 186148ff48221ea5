/**
 * Fault (b): RabbitMQ connections forced closed, the broker restarted and PostgreSQL restarted,
 * each mid-stream, while `n` Celery tickets (redeliveries, duplicates, poison among them) stream
 * in and their status syncs stream out, through two worker processes that are never restarted.
 * The broker and the database are the run's own (bench/faults/dedicated-services.ts), never the
 * machine's shared ones.
 *
 * Passes when nothing the broker confirmed is lost (every confirmed task id claimed, every ticket
 * stored and routed), nothing is applied twice (one task, first item, notification and status
 * sync per ticket; a status sync re-sent only under its own task id), poison is dead-lettered, no
 * job is left failed or stuck, and both workers ride it out: the same processes, healthy, bridge
 * connected, database up. "No ack without a commit" is what makes the PostgreSQL crash safe: a
 * message acked before its transaction committed would be a ticket lost, which the checks count.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { QUEUES } from '../../lib/amqp/topology';
import { startDedicatedPostgres, startDedicatedRabbitMq } from './dedicated-services';
import {
  CeleryProducer,
  drainDeadLetterIds,
  OutboundRecorder,
  createFaultDatabase,
  planTicketStream,
  processEnv,
  rng,
  sleep,
  summarize,
  waitFor,
  workerProcess,
  type FaultSummary,
  type ManagedProcess,
} from './harness';
import { JOBS_SETTLE_SECONDS, checkTicketStream, findStuckJobs, progress } from './ticket-checks';

export interface BrokerDbRestartOptions {
  n: number;
  /** Rounds of faults; each round is: close all connections, restart the broker, restart PostgreSQL. */
  rounds: number;
  /** Also the clean (graceful) restarts of both, on top of the crashes. */
  isThorough: boolean;
  seed: number;
  logDir: string;
  log?: (m: string) => void;
}

export async function runBrokerDbRestart(o: BrokerDbRestartOptions): Promise<FaultSummary> {
  const log = o.log ?? ((m: string) => console.log(`[broker-db-restart] ${m}`));
  const random = rng(o.seed);
  const prefix = `FB${randomBytes(3).toString('hex').toUpperCase()}`;
  const planned = planTicketStream(o.n, prefix, random);
  const startedAt = Date.now();
  const [pg, mq] = await Promise.all([startDedicatedPostgres(), startDedicatedRabbitMq()]);
  const workers: ManagedProcess[] = [];
  let producer: CeleryProducer | undefined;
  let recorder: OutboundRecorder | undefined;
  let database: Awaited<ReturnType<typeof createFaultDatabase>> | undefined;
  try {
    database = await createFaultDatabase(pg.adminUrl, 'restart');
    // Reconnection backs off up to AMQP_RECONNECT_MAX_DELAY_MS (30 s by default); a few seconds
    // keep the run short without changing what is tested.
    const env = processEnv({ databaseUrl: database.url, amqpUrl: mq.url, extra: { AMQP_RECONNECT_MAX_DELAY_MS: '3000' } });
    for (const name of ['worker-1', 'worker-2']) workers.push(await workerProcess(name, env, o.logDir));
    for (const w of workers) w.start();
    await Promise.all(workers.map((w) => w.waitHealthy()));
    producer = new CeleryProducer(mq.url, QUEUES.ticketTasks);
    recorder = new OutboundRecorder(mq.url, [QUEUES.ticketStatus]);
    recorder.start();
    log(`dedicated PostgreSQL :${pg.port} and RabbitMQ :${mq.port} (${mq.node}) up in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; ${planned.length} messages for ${o.n} tickets, ${o.rounds} round(s), seed ${o.seed}`);

    const faults: Array<[string, () => Promise<void>]> = [];
    for (let r = 0; r < o.rounds; r++) {
      faults.push(['connections closed', () => mq.closeAllConnections('fault test: connections closed')]);
      faults.push(['broker killed and restarted', () => mq.crashAndRestart()]);
      faults.push(['PostgreSQL crashed and restarted', () => pg.crashAndRestart()]);
      if (o.isThorough) {
        faults.push(['broker restarted', () => mq.restart()]);
        faults.push(['PostgreSQL restarted', () => pg.restart()]);
      }
    }
    // Stream for as long as the faults take, the last 2% held until they are over.
    const perSecond = Math.max(20, Math.round(planned.length / (faults.length * 8)));
    let faultsDone!: () => void;
    const allDone = new Promise<void>((r) => (faultsDone = r));
    const streaming = producer.stream(planned, perSecond, { count: Math.max(5, Math.ceil(planned.length * 0.02)), until: allDone });
    const done: string[] = [];
    try {
      for (const [name, fault] of faults) {
        await sleep(1000 + random() * 2000);
        const t = Date.now();
        await fault();
        done.push(`${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
        // Let the processes notice and reconnect before the next one.
        await Promise.all(workers.map((w) => w.waitHealthy(60_000)));
      }
    } finally {
      faultsDone();
    }
    await streaming;
    log(`stream done (${producer.confirmed.size} task ids confirmed, ${producer.resent} publishes retried); faults: ${done.join(', ')}`);

    const expected = new Set(planned.filter((m) => m.kind !== 'poison').map((m) => m.ticketNumber!)).size;
    const lastFaultAt = Date.now();
    let last = { stored: 0, routed: 0, synced: 0 };
    await waitFor('every ticket routed and its status synced', async () => {
      last = await progress(database!.db, prefix, recorder!.received);
      return last.routed === expected && last.synced === expected;
    }, 120_000, 250).catch(() => {});
    const settleSeconds = (Date.now() - lastFaultAt) / 1000;
    await sleep(1500);
    // Jobs a killed process held come back after their expiry and the next maintenance.
    const jobsFrom = Date.now();
    await waitFor('every job done (none failed or stuck)', async () => (await findStuckJobs(database!.db)).length === 0, JOBS_SETTLE_SECONDS * 1000, 500).catch(() => {});
    const jobsSeconds = (Date.now() - jobsFrom) / 1000;

    const dlqIds = await drainDeadLetterIds(mq.url, QUEUES.ticketTasks);
    const counts = await checkTicketStream(database.db, { prefix, planned }, recorder.received, dlqIds);
    const failures = [...counts.failures];
    if (last.routed !== expected || last.synced !== expected) failures.unshift(`after 120 s: ${last.routed}/${expected} routed, ${last.synced} synced`);
    // Nothing confirmed lost: every task id the broker confirmed was taken (and committed).
    const confirmedGood = [...producer.confirmed].filter((id) => planned.some((m) => m.message.id === id && m.kind !== 'poison'));
    // (checkTicketStream already requires every good id claimed; this names the confirmed ones.)
    // The workers rode it out: never restarted, healthy, their bridge connected.
    for (const w of workers) {
      if (w.starts !== 1 || !w.isRunning()) failures.push(`${w.name} did not survive the faults (started ${w.starts} times); log: ${w.logFile}`);
      else {
        const health = (await (await fetch(w.healthUrl)).json()) as { database?: string; bridge?: string };
        if (health.database !== 'up' || health.bridge !== 'connected') failures.push(`${w.name} is not back: ${JSON.stringify(health)}`);
      }
    }
    return summarize(
      'broker-db-restart',
      {
        tickets: counts.tickets,
        messages: planned.length,
        faults: faults.length,
        'confirmed task ids': confirmedGood.length,
        lost: counts.lost,
        duplicated: counts.duplicated,
        'dead-lettered': counts.deadLettered,
        'dead-letter copies (same task id)': counts.deadLetterCopies,
        'double-sends (same task id)': counts.doubleSends,
        'settled after last fault': `${settleSeconds.toFixed(1)} s`,
        'leftover jobs done after': `${jobsSeconds.toFixed(1)} s more`,
      },
      failures,
    );
  } finally {
    await producer?.close();
    await recorder?.close();
    await Promise.all(workers.map((w) => w.close()));
    await database?.db.$close().catch(() => {});
    // The whole server goes, database and all.
    await Promise.all([pg.close(), mq.close()]);
  }
}

/** `npx tsx bench/faults/broker-db-restart.ts [n=2000] [rounds=2]` */
if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 2000);
  const rounds = Number(process.argv[3] ?? 2);
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1e9);
  const s = await runBrokerDbRestart({ n, rounds, isThorough: true, seed, logDir: path.join('test-results', 'faults', 'broker-db-restart') });
  console.log(s.line);
  process.exit(s.passed ? 0 : 1);
}
