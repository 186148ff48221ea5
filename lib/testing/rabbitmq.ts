import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import amqp, { type ChannelModel, type GetMessage, type Options } from 'amqplib';

const run = promisify(execFile);

/**
 * RabbitMQ for tests. Each test file gets its own virtual host, so files running in parallel (and
 * other people's runs on the same broker) never share a queue, and a test can close "all
 * connections" of its vhost without touching anyone else's.
 */
export const TEST_AMQP_BASE = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestVhost {
  name: string;
  /** amqp URL for this vhost. */
  url: string;
  /** Forcibly closes every client connection of this vhost, as a broker restart would. */
  closeAllConnections(reason?: string): Promise<void>;
  /** Client connection names (connection_name) currently open on this vhost. */
  connectionNames(): Promise<string[]>;
  /** A connection for the test's own publishing and peeking (reopened after a forced close); closed by drop(). */
  connection(): Promise<ChannelModel>;
  drop(): Promise<void>;
}

async function rabbitmqctl(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('rabbitmqctl is not on PATH: install RabbitMQ (apt-get install rabbitmq-server) and start it with `rabbitmq-server -detached`');
    }
    throw new Error(`rabbitmqctl ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Fails at once, saying what is missing and how to start it, when the broker is not there. */
export async function assertBrokerReachable(): Promise<void> {
  try {
    const conn = await amqp.connect(`${TEST_AMQP_BASE}/`, { timeout: 3000 });
    await conn.close();
  } catch (err) {
    throw new Error(
      `RabbitMQ is not reachable at ${TEST_AMQP_BASE.replace(/\/\/[^@]*@/, '//')} (${(err as Error).message}).\n` +
        'These tests need the real broker: start it with `rabbitmq-server -detached` ' +
        '(then `rabbitmqctl await_startup`), or point TEST_AMQP_URL at one whose guest user may create vhosts.',
    );
  }
}

export async function createTestVhost(): Promise<TestVhost> {
  await assertBrokerReachable();
  const name = `tts_t_${randomBytes(5).toString('hex')}`;
  await rabbitmqctl(['add_vhost', name]);
  const user = new URL(TEST_AMQP_BASE).username || 'guest';
  await rabbitmqctl(['set_permissions', '-p', name, user, '.*', '.*', '.*']);
  const url = `${TEST_AMQP_BASE}/${encodeURIComponent(name)}`;
  let own: ChannelModel | undefined;

  return {
    name,
    url,
    async closeAllConnections(reason = 'test: broker connection closed') {
      await rabbitmqctl(['close_all_connections', '-p', name, reason]);
    },
    async connectionNames() {
      const out = await rabbitmqctl(['list_connections', '--no-table-headers', 'vhost', 'client_properties']);
      return out
        .split('\n')
        .filter((line) => line.startsWith(`${name}\t`))
        .map((line) => /connection_name","?([^"]+)"/.exec(line)?.[1] ?? /\{<<"connection_name">>,longstr,<<"([^"]+)">>\}/.exec(line)?.[1] ?? '?');
    },
    async connection() {
      if (!own) {
        const c = await amqp.connect(url);
        c.on('error', () => {});
        // closeAllConnections closes this one too; the next call opens a fresh one.
        c.on('close', () => {
          if (own === c) own = undefined;
        });
        own = c;
      }
      return own;
    },
    async drop() {
      await own?.close().catch(() => {});
      await rabbitmqctl(['delete_vhost', name]);
    },
  };
}

/** Publishes raw bytes with the given properties through the default exchange, confirmed. */
export async function publishRaw(conn: ChannelModel, queue: string, content: Buffer | string, options: Options.Publish = {}): Promise<void> {
  const ch = await conn.createConfirmChannel();
  try {
    await ch.assertQueue(queue, { durable: true });
    ch.publish('', queue, typeof content === 'string' ? Buffer.from(content) : content, options);
    await ch.waitForConfirms();
  } finally {
    await ch.close();
  }
}

/** Takes every message currently in a queue (acking them). */
export async function drainQueue(conn: ChannelModel, queue: string): Promise<GetMessage[]> {
  const ch = await conn.createChannel();
  const out: GetMessage[] = [];
  try {
    await ch.assertQueue(queue, { durable: true });
    for (;;) {
      const msg = await ch.get(queue, { noAck: true });
      if (!msg) break;
      out.push(msg);
    }
  } finally {
    await ch.close();
  }
  return out;
}

/** Messages ready in a queue (not counting those delivered and unacked). */
export async function queueDepth(conn: ChannelModel, queue: string): Promise<number> {
  const ch = await conn.createChannel();
  ch.on('error', () => {});
  try {
    return (await ch.checkQueue(queue)).messageCount;
  } finally {
    await ch.close().catch(() => {});
  }
}


export interface QueueStats {
  ready: number;
  unacked: number;
  consumers: number;
  durable: boolean;
}

/** Per queue of a vhost, as the broker counts them (ready, delivered-but-unacked, consumers). */
export async function queueStats(vhost: string): Promise<Record<string, QueueStats>> {
  const out = await rabbitmqctl(['list_queues', '-p', vhost, '--no-table-headers', 'name', 'messages_ready', 'messages_unacknowledged', 'consumers', 'durable']);
  const stats: Record<string, QueueStats> = {};
  for (const line of out.split('\n')) {
    const [name, ready, unacked, consumers, durable] = line.split('\t');
    if (name && ready !== undefined) {
      stats[name] = { ready: Number(ready), unacked: Number(unacked), consumers: Number(consumers), durable: durable === 'true' };
    }
  }
  return stats;
}
