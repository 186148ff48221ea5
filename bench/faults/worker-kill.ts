/**
 * Fault (a): `kill -9` a worker process `kills` times at random moments while `n` Celery tickets
 * (some redelivered, some duplicated, a few poison) stream into TICKET_TASKS_PRODUCTION, starting
 * it again each time, as a process manager would. Two workers run (the staging layout); each kill
 * takes one of them at random, so the other keeps going and picks up what the dead one held.
 *
 * Passes when every ticket is stored once with one task, one first item, one assignment
 * notification and one status sync; poison is dead-lettered; no job is left failed or stuck;
 * everything is routed within `boundSeconds` (60) of the last restart, and every status sync
 * delivered within SYNC_CEILING_SECONDS. An outbound
 * message may reach the stand-in twice only under the same Celery task id (the kill fell between
 * the broker's confirm and the job's completion): those are counted as double sends.
 *
 * Runs on the local PostgreSQL (a throwaway database) and RabbitMQ (a throwaway vhost); it kills
 * only the worker processes it started.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { QUEUES } from '../../lib/amqp/topology';
import { createTestVhost } from '../../lib/testing/rabbitmq';
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

/**
 * The status syncs a killed worker held come back after their job expiry (30 s), pg-boss's next
 * maintenance (10 s) and the outbound retry delay (30 s): about 70 s at worst. This is the ceiling
 * the run waits for them; the 60 s bound is on routing.
 */
const SYNC_CEILING_SECONDS = 120;

export interface WorkerKillOptions {
  n: number;
  kills: number;
  seed: number;
  logDir: string;
  boundSeconds?: number;
  adminUrl?: string;
  log?: (m: string) => void;
}

export async function runWorkerKill(o: WorkerKillOptions): Promise<FaultSummary> {
  const log = o.log ?? ((m: string) => console.log(`[worker-kill] ${m}`));
  const bound = o.boundSeconds ?? 60;
  const random = rng(o.seed);
  const prefix = `FK${randomBytes(3).toString('hex').toUpperCase()}`;
  const planned = planTicketStream(o.n, prefix, random);
  const adminUrl = o.adminUrl ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

  const database = await createFaultDatabase(adminUrl, 'kill');
  const vhost = await createTestVhost();
  const workers: ManagedProcess[] = [];
  const producer = new CeleryProducer(vhost.url, QUEUES.ticketTasks);
  const recorder = new OutboundRecorder(vhost.url, [QUEUES.ticketStatus]);
  try {
    const env = processEnv({ databaseUrl: database.url, amqpUrl: vhost.url });
    for (const name of ['worker-1', 'worker-2']) workers.push(await workerProcess(name, env, o.logDir));
    for (const w of workers) w.start();
    await Promise.all(workers.map((w) => w.waitHealthy()));
    recorder.start();
    log(`${planned.length} messages for ${o.n} tickets (prefix ${prefix}), ${o.kills} kills, seed ${o.seed}; logs in ${o.logDir}`);

    // Stream for about as long as the kills take (a restarted worker needs a few seconds to be
    // back), so every kill lands while tickets are still arriving and being routed.
    // The last 2% of the messages wait for the last restart, so no kill falls after the stream.
    const perSecond = Math.max(20, Math.round(planned.length / Math.max(5, o.kills * 6)));
    let killsDone!: () => void;
    const allKilled = new Promise<void>((r) => (killsDone = r));
    const streaming = producer.stream(planned, perSecond, { count: Math.max(5, Math.ceil(planned.length * 0.02)), until: allKilled });
    let isStreaming = true;
    void streaming.finally(() => (isStreaming = false));

    let lastRestartAt = Date.now();
    const killed: string[] = [];
    for (let k = 0; k < o.kills; k++) {
      // A random moment: 0.3-2.5 s after the previous restart came up, mid-stream as long as it lasts.
      await sleep(300 + random() * 2200);
      const victim = workers[Math.floor(random() * workers.length)];
      await victim.kill();
      killed.push(`${victim.name}${isStreaming ? '' : ' (after the stream)'}`);
      await sleep(random() * 500);
      victim.start();
      lastRestartAt = Date.now();
      await victim.waitHealthy();
    }
    killsDone();
    await streaming;
    log(`stream done (${producer.confirmed.size} task ids confirmed, ${producer.resent} re-sent); kills: ${killed.join(', ')}`);

    // Everything routed within the bound of the last restart; then every status sync delivered
    // (those a killed worker held wait out their job expiry and the outbound retry delay).
    const expected = new Set(planned.filter((m) => m.kind !== 'poison').map((m) => m.ticketNumber!)).size;
    let last = { stored: 0, routed: 0, synced: 0 };
    let routedAt: number | null = null;
    let syncedAt: number | null = null;
    // Poll past the bound, so a failure says how late it was (or that it never came).
    const hardDeadline = lastRestartAt + SYNC_CEILING_SECONDS * 1000;
    while (Date.now() < hardDeadline) {
      last = await progress(database.db, prefix, recorder.received);
      if (routedAt === null && last.routed === expected) routedAt = Date.now();
      if (last.routed === expected && last.synced === expected) {
        syncedAt = Date.now();
        break;
      }
      await sleep(250);
    }
    // Let stragglers (double sends, late dead letters) arrive before counting.
    await sleep(1500);
    // Jobs a killed process held come back after their expiry and the next maintenance.
    const jobsFrom = Date.now();
    await waitFor('every job done (none failed or stuck)', async () => (await findStuckJobs(database.db)).length === 0, JOBS_SETTLE_SECONDS * 1000, 500).catch(() => {});
    const jobsSeconds = (Date.now() - jobsFrom) / 1000;

    const dlqIds = await drainDeadLetterIds(vhost.url, QUEUES.ticketTasks);
    const counts = await checkTicketStream(database.db, { prefix, planned }, recorder.received, dlqIds);
    const failures = [...counts.failures];
    const since = (at: number | null) => (at === null ? null : (at - lastRestartAt) / 1000);
    const routedSeconds = since(routedAt);
    const syncedSeconds = since(syncedAt);
    if (routedSeconds === null) failures.unshift(`not all routed ${SYNC_CEILING_SECONDS} s after the last restart (${last.routed}/${expected})`);
    else if (routedSeconds > bound) failures.unshift(`everything routed ${routedSeconds.toFixed(1)} s after the last restart, over the ${bound} s bound`);
    if (routedSeconds !== null && syncedSeconds === null) failures.unshift(`status syncs still missing ${SYNC_CEILING_SECONDS} s after the last restart (${last.synced}/${expected})`);
    return summarize(
      'worker-kill',
      {
        tickets: counts.tickets,
        messages: planned.length,
        kills: o.kills,
        lost: counts.lost,
        duplicated: counts.duplicated,
        'dead-lettered': counts.deadLettered,
        'dead-letter copies (same task id)': counts.deadLetterCopies,
        'double-sends (same task id)': counts.doubleSends,
        'all routed after last restart': routedSeconds === null ? 'never' : `${routedSeconds.toFixed(1)} s`,
        'all status syncs delivered after': syncedSeconds === null ? 'never' : `${syncedSeconds.toFixed(1)} s`,
        'leftover jobs done after': `${jobsSeconds.toFixed(1)} s more`,
      },
      failures,
    );
  } finally {
    await producer.close();
    await recorder.close();
    await Promise.all(workers.map((w) => w.close()));
    await database.drop();
    await vhost.drop().catch(() => {});
  }
}

/** `npx tsx bench/faults/worker-kill.ts [n=2000] [kills=10]` */
if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 2000);
  const kills = Number(process.argv[3] ?? 10);
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1e9);
  const s = await runWorkerKill({ n, kills, seed, logDir: path.join('test-results', 'faults', 'worker-kill') });
  console.log(s.line);
  process.exit(s.passed ? 0 : 1);
}
