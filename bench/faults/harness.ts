/**
 * What every fault scenario shares: real processes (the same entry points a host runs), started,
 * killed and restarted by pid; free ports; a throwaway database; a Celery producer that streams
 * tickets the way HDTS's Celery does (with redeliveries, duplicates and poison among them); a
 * consumer standing in for the Python services on the outbound queues; and the one-line summary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import postgres from 'postgres';
import { INBOUND_TASKS } from '../../lib/amqp/topology';
import { migrateDatabase } from '../../lib/db/migrate';
import { seedDemo } from '../../lib/demo/seed-demo';
import { createQueues } from '../../lib/jobs/create-queues';
import { celeryProducerMessage, type ProducedMessage } from '../../lib/testing/celery-messages';
import { freePort } from '../../lib/testing/free-port';
import { waitFor } from '../../lib/testing/wait-for';
import { PRIORITIES } from '../../lib/tickets/priority';

export { freePort, waitFor };

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const SECRETS = { JWT_SECRET: 'fault-jwt-secret-0123456789abcdef', AUTH_SECRET: 'fault-auth-secret-0123456789abcdef' };
process.env.JWT_SECRET ??= SECRETS.JWT_SECRET;
process.env.AUTH_SECRET ??= SECRETS.AUTH_SECRET;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const rowsOf = <T>(r: unknown) => Array.from(r as Iterable<T>);

/** A seeded random number generator, so a failing run can be repeated with FAULT_SEED. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export async function isHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * One TTS process (web, worker, realtime) started from its real entry point with its own
 * environment, its output kept in a log file. kill() is `kill -9`; start() starts it again.
 */
export class ManagedProcess {
  child: ChildProcess | null = null;
  starts = 0;
  private readonly log: WriteStream;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    readonly healthUrl: string,
    readonly logFile: string,
  ) {
    mkdirSync(path.dirname(logFile), { recursive: true });
    this.log = createWriteStream(logFile, { flags: 'w' });
  }

  get pid() {
    return this.child?.pid;
  }

  isRunning() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    this.starts++;
    this.log.write(`\n--- start #${this.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, this.args, { cwd: root, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    child.on('exit', (code, signal) => this.log.write(`--- exited (${code ?? signal}) at ${new Date().toISOString()}\n`));
    this.child = child;
  }

  async waitHealthy(timeoutMs = 120_000): Promise<void> {
    await waitFor(`${this.name} to answer ${this.healthUrl}`, async () => {
      if (!this.isRunning()) throw new Error(`${this.name} exited; its log: ${this.logFile}\n${this.tail()}`);
      return isHealthy(this.healthUrl);
    }, timeoutMs, 200);
  }

  /** `kill -9`: no drain, no cleanup, exactly what a crash or an OOM kill does. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.isRunning()) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM and wait for the drain (SIGKILL after `timeoutMs`). */
  async stop(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !this.isRunning()) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  async close(): Promise<void> {
    await this.stop(10_000);
    await new Promise((r) => this.log.end(r));
  }
}

/** The environment every TTS process of a scenario shares. */
export function processEnv(p: { databaseUrl: string; amqpUrl?: string; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: p.databaseUrl,
    AMQP_URL: p.amqpUrl ?? '',
    ...SECRETS,
    AUTH_TRUST_HOST: 'true',
    DEMO_DATA: 'false',
    // Quiet defaults for a run with many processes on two cores.
    DRAIN_TIMEOUT_MS: '10000',
    ...p.extra,
  };
}

/** A worker process (`npm run start:worker`'s entry point) with its health probe on a free port. */
export async function workerProcess(name: string, env: NodeJS.ProcessEnv, logDir: string): Promise<ManagedProcess> {
  const port = await freePort();
  return new ManagedProcess(
    name,
    ['--import', 'tsx', 'workers/index.ts'],
    { ...env, WORKER_HEALTH_PORT: String(port) },
    `http://127.0.0.1:${port}/healthz`,
    path.join(logDir, `${name}.log`),
  );
}

/** A fresh database on the PostgreSQL at `adminUrl`, migrated and its queues created (`npm run db:migrate` and `jobs:create-queues`' functions) and seeded with the demo data. */
export async function createFaultDatabase(adminUrl: string, label: string) {
  const name = `tts_fault_${label}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  await createQueues(url.toString());
  const { createDb } = await import('../../lib/db/client');
  const db = createDb(url.toString(), { max: 3 });
  await seedDemo(db);
  return {
    name,
    url: url.toString(),
    db,
    async drop() {
      await db.$close().catch(() => {});
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await a.end();
    },
  };
}

export type TicketMessageKind = 'ticket' | 'redelivery' | 'duplicate' | 'poison';
export interface PlannedMessage {
  kind: TicketMessageKind;
  ticketNumber: string | null;
  message: ProducedMessage;
}

/**
 * `n` distinct tickets as HDTS's Celery producer sends them, plus (mixed in at random places)
 * 5% re-sent with the same task id (a producer retry after a lost confirm: a redelivery), 5% sent
 * again under a new task id (HDTS submitting the ticket twice), and 0.5% poison (at least 3: a body
 * that is not JSON, a ticket with no subject, a message with no ticket at all). Ticket numbers
 * carry `prefix`, so the checks count only this run's tickets.
 */
export function planTicketStream(n: number, prefix: string, random: () => number): PlannedMessage[] {
  const out: PlannedMessage[] = [];
  const originals: PlannedMessage[] = [];
  for (let i = 0; i < n; i++) {
    const ticketNumber = `${prefix}${String(i).padStart(6, '0')}`;
    const payload = ticketPayload(ticketNumber, i);
    const m: PlannedMessage = { kind: 'ticket', ticketNumber, message: celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload }) };
    originals.push(m);
    out.push(m);
  }
  const extras: PlannedMessage[] = [];
  const pick = () => originals[Math.floor(random() * originals.length)];
  for (let i = 0; i < Math.ceil(n * 0.05); i++) {
    const o = pick();
    extras.push({ kind: 'redelivery', ticketNumber: o.ticketNumber, message: o.message });
  }
  for (let i = 0; i < Math.ceil(n * 0.05); i++) {
    const o = pick();
    const idx = Number(o.ticketNumber!.slice(prefix.length));
    extras.push({ kind: 'duplicate', ticketNumber: o.ticketNumber, message: celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: ticketPayload(o.ticketNumber!, idx) }) });
  }
  const poisons = Math.max(3, Math.ceil(n * 0.005));
  for (let i = 0; i < poisons; i++) {
    let message: ProducedMessage;
    if (i % 3 === 0) {
      message = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: {} });
      message.content = Buffer.from('{"this is": not json');
    } else if (i % 3 === 1) {
      const { subject: _, ...noSubject } = ticketPayload(`${prefix}P${i}`, i);
      message = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { payload: noSubject });
    } else {
      message = celeryProducerMessage(INBOUND_TASKS.receiveTicket, { note: 'no ticket here' }, { args: ['not a ticket'] });
    }
    extras.push({ kind: 'poison', ticketNumber: null, message });
  }
  // Each extra goes somewhere after its original (a repeat never precedes the first send).
  for (const e of extras) {
    const first = e.ticketNumber ? out.findIndex((m) => m.ticketNumber === e.ticketNumber) : 0;
    const at = first + 1 + Math.floor(random() * (out.length - first));
    out.splice(at, 0, e);
  }
  return out;
}

function ticketPayload(ticketNumber: string, i: number): Record<string, unknown> {
  // Two workflows, so two roles' round-robin cursors are contended.
  const isIt = i % 2 === 1;
  return {
    ticket_number: ticketNumber,
    subject: `Fault run ticket ${i}`,
    description: 'Streamed in while the processes are being killed',
    department: isIt ? 'IT Department' : 'Asset Department',
    category: isIt ? 'IT Support' : 'Asset Check In',
    ...(isIt ? { sub_category: 'Software Installation' } : { asset_name: `Laptop ${i}`, serial_number: `SN-${i}` }),
    priority: PRIORITIES[i % PRIORITIES.length],
    employee: { id: 501, name: 'Jane Doe', email: 'jane.doe@company.com' },
    source_service: 'hdts',
  };
}

/**
 * Publishes messages to a queue at `perSecond` through a confirm channel, as a Celery producer
 * with `confirm_publish` and retries does: a message counts as sent when the broker confirmed it;
 * one whose confirm never came (the connection died) is published again under the same task id
 * once the broker is back. `confirmed` holds the task ids the broker confirmed.
 */
export class CeleryProducer {
  readonly confirmed = new Set<string>();
  resent = 0;
  private conn: ChannelModel | null = null;
  private ch: ConfirmChannel | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly queue: string,
  ) {}

  private async channel(): Promise<ConfirmChannel> {
    while (!this.ch) {
      if (this.stopped) throw new Error('producer stopped');
      try {
        const conn = await amqp.connect(this.url, { clientProperties: { connection_name: 'fault-celery-producer' } });
        conn.on('error', () => {});
        const ch = await conn.createConfirmChannel();
        ch.on('error', () => {});
        await ch.assertQueue(this.queue, { durable: true });
        const drop = () => {
          if (this.conn === conn) {
            this.conn = null;
            this.ch = null;
          }
        };
        conn.on('close', drop);
        ch.on('close', drop);
        this.conn = conn;
        this.ch = ch;
      } catch {
        await sleep(250);
      }
    }
    return this.ch;
  }

  /** Resolves true once confirmed; false when the producer was closed first. */
  private async publishOne(m: ProducedMessage): Promise<boolean> {
    for (;;) {
      if (this.stopped) return false;
      let ch: ConfirmChannel;
      try {
        ch = await this.channel();
      } catch {
        return false;
      }
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no confirm within 10 s')), 10_000);
          ch.publish('', this.queue, m.content, m.options, (err) => {
            clearTimeout(timer);
            if (err) reject(err instanceof Error ? err : new Error(String(err)));
            else resolve();
          });
        });
        return true;
      } catch {
        this.resent++;
        if (this.ch === ch) {
          this.ch = null;
          await this.conn?.close().catch(() => {});
          this.conn = null;
        }
        await sleep(100);
      }
    }
  }

  /**
   * Streams `messages` at `perSecond`, up to 50 unconfirmed at a time. With `holdBack`, the last
   * `holdBack.count` messages wait for `holdBack.until`, so the stream is still running when
   * whatever it gates (the last kill) happens, however long the machine takes to get there.
   */
  async stream(messages: PlannedMessage[], perSecond: number, holdBack?: { count: number; until: Promise<unknown> }): Promise<void> {
    let started = Date.now();
    const inFlight = new Set<Promise<void>>();
    for (const [i, m] of messages.entries()) {
      if (holdBack && i === messages.length - holdBack.count) {
        await holdBack.until;
        started = Date.now() - (i * 1000) / perSecond;
      }
      const due = started + (i * 1000) / perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      while (inFlight.size >= 50) await Promise.race(inFlight);
      if (this.stopped) break;
      const p = this.publishOne(m.message).then((isConfirmed) => {
        if (isConfirmed) this.confirmed.add(m.message.id);
      });
      const tracked = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.conn?.close().catch(() => {});
  }
}

/**
 * Takes every message off `<queue>.dead-letter` and returns their Celery task ids (the copy keeps
 * the original's headers). A poison message whose ack was cut off after its confirmed copy is
 * dead-lettered again on redelivery: the same id twice, a copy, not a second poison message.
 */
export async function drainDeadLetterIds(url: string, queue: string): Promise<string[]> {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createChannel();
    await ch.assertQueue(`${queue}.dead-letter`, { durable: true });
    const ids: string[] = [];
    for (;;) {
      const msg = await ch.get(`${queue}.dead-letter`, { noAck: true });
      if (!msg) break;
      ids.push(String(msg.properties.headers?.id ?? msg.properties.correlationId ?? '?'));
    }
    return ids;
  } finally {
    await conn.close();
  }
}

export interface ReceivedTask {
  id: string;
  task: string;
  kwargs: Record<string, unknown>;
}

/**
 * Stands in for the Python consumers of the outbound queues (HDTS's ticket_service, AMS, BMS):
 * takes every message off the queues, acking it, and records its Celery task id, task name and
 * kwargs; reconnects when the broker goes away.
 */
export class OutboundRecorder {
  readonly received: ReceivedTask[] = [];
  private conn: ChannelModel | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly queues: string[],
  ) {}

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const conn = await amqp.connect(this.url, { clientProperties: { connection_name: 'fault-outbound-recorder' } });
        this.conn = conn;
        conn.on('error', () => {});
        const closed = new Promise<void>((r) => conn.once('close', () => r()));
        const ch = await conn.createChannel();
        ch.on('error', () => {});
        await ch.prefetch(100);
        for (const q of this.queues) {
          await ch.assertQueue(q, { durable: true });
          await ch.consume(q, (msg) => {
            if (!msg) return;
            const headers = msg.properties.headers ?? {};
            let kwargs: Record<string, unknown> = {};
            try {
              kwargs = (JSON.parse(msg.content.toString()) as [unknown, Record<string, unknown>])[1] ?? {};
            } catch {}
            this.received.push({ id: String(headers.id ?? msg.properties.correlationId), task: String(headers.task), kwargs });
            ch.ack(msg);
          });
        }
        await closed;
      } catch {}
      this.conn = null;
      if (!this.stopped) await sleep(250);
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.conn?.close().catch(() => {});
    await this.loop;
  }
}

export interface FaultSummary {
  scenario: string;
  passed: boolean;
  line: string;
  failures: string[];
  figures: Record<string, number | string>;
}

/** The one line a scenario prints: its counts, then PASS or FAIL and why. */
export function summarize(scenario: string, figures: Record<string, number | string>, failures: string[]): FaultSummary {
  const counts = Object.entries(figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const passed = failures.length === 0;
  const line = `[fault:${scenario}] ${counts} -- ${passed ? 'PASS' : `FAIL: ${failures.join('; ')}`}`;
  return { scenario, passed, line, failures, figures };
}
