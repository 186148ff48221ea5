import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Db } from '@/lib/db/client';
import { connectBroker } from '@/lib/amqp/connect-broker';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@/lib/amqp/delivery-policy';
import { publishDeadLetter } from '@/lib/amqp/publish-dead-letter';
import { INBOUND_TASKS, QUEUES, assertCeleryQueue, assertPlainQueue, deadLetterQueueName } from '@/lib/amqp/topology';
import { expirePendingRoleUsers } from '@/lib/roles/expire-pending-role-users';
import { type ConsumerStats, consumeCeleryQueue, emptyStats } from './consume-celery-queue';
import { type InboundTaskHandler, inboundTasks } from './inbound-tasks';
import { describeError } from '@/lib/db/driver-error';
import { logger } from '@/lib/log';

export interface AmqpBridgeOptions {
  url: string;
  /** Its own pool, so a burst of messages cannot starve the pg-boss handlers of connections. */
  db: Db;
  /**
   * Unacked messages per queue: the most a group commit can gather, and the bound on redelivery
   * after a crash (harmless: task ids make a redelivered message a no-op).
   */
  prefetch: number;
  /** Group commits in flight at once on the ticket queue (default 2: one runs while the next gathers). */
  concurrentBatches?: number;
  /** How long a membership waits for its role before it is dead-lettered. */
  pendingRoleUserTtlMs: number;
  sweepIntervalMs?: number;
  maxBodyBytes?: number;
  reconnectMaxDelayMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How long stop() waits for running messages before closing anyway. */
  stopTimeoutMs?: number;
  name?: string;
  handlers?: Record<string, InboundTaskHandler>;
  log?: (message: string) => void;
}

export interface AmqpBridge {
  stats: Record<string, ConsumerStats>;
  isConnected(): boolean;
  /** Dead-letters memberships whose role is overdue; runs on a timer, exposed for tests. */
  sweepPendingRoleUsers(now?: Date): Promise<number>;
  /** Stops taking messages, lets running ones finish (ack or requeue), closes the connection. */
  stop(): Promise<void>;
}

interface ConsumedQueue {
  queue: string;
  /** Tickets are independent and stored in group commits; role sync keeps order, one at a time. */
  isSerial: boolean;
}

const CONSUMED: ConsumedQueue[] = [
  { queue: QUEUES.ticketTasks, isSerial: false },
  { queue: QUEUES.roleSync, isSerial: true },
];

/**
 * The inbound half of the RabbitMQ bridge: Celery tasks from HDTS / the Ticket Service and from
 * the Auth Service, on one self-recovering connection with a channel per queue. Declares its
 * queues the way Celery does, so TTS and its peers may start in any order.
 */
export async function startAmqpBridge(o: AmqpBridgeOptions): Promise<AmqpBridge> {
  const log = o.log ?? ((m: string) => logger('amqp-bridge').info(m));
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...o.retry };
  const handlers = o.handlers ?? inboundTasks;
  const stats: Record<string, ConsumerStats> = Object.fromEntries(CONSUMED.map((c) => [c.queue, emptyStats()]));
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let stopping = false;
  let active: { model: ChannelModel; channels: Map<string, { channel: ConfirmChannel; consumerTag: string }> } | null = null;

  const connection = await connectBroker(o.url, {
    name: o.name ?? 'tts-consumer',
    maxDelayMs: o.reconnectMaxDelayMs,
    log,
    async setup(model) {
      if (stopping) throw new Error('the bridge is stopping');
      const channels = new Map<string, { channel: ConfirmChannel; consumerTag: string }>();
      for (const c of CONSUMED) {
        const channel = await model.createConfirmChannel();
        channel.on('error', () => {});
        // One channel dying alone (e.g. a broker-side cancel) takes the connection down with it,
        // and recovery rebuilds everything: simpler than repairing half a topology.
        channel.on('close', () => {
          if (!stopping) model.close().catch(() => {});
        });
        // A serial queue (role sync) takes one message at a time: with more in hand, a message
        // requeued after failures would come back behind later ones and be applied out of order.
        await channel.prefetch(c.isSerial ? 1 : o.prefetch);
        await assertCeleryQueue(channel, c.queue);
        await assertPlainQueue(channel, deadLetterQueueName(c.queue));
        const { consumerTag } = await consumeCeleryQueue(channel, {
          queue: c.queue,
          db: o.db,
          handlers,
          isSerial: c.isSerial,
          concurrentBatches: o.concurrentBatches,
          maxBodyBytes: o.maxBodyBytes,
          retry,
          stats: stats[c.queue],
          inFlight,
          isStopping: () => stopping,
          signal: abort.signal,
          log,
        });
        channels.set(c.queue, { channel, consumerTag });
      }
      active = { model, channels };
    },
  });

  async function sweepPendingRoleUsers(now?: Date): Promise<number> {
    const expired = await expirePendingRoleUsers(o.db, { maxAgeMs: o.pendingRoleUserTtlMs, now });
    const channel = active?.channels.get(QUEUES.roleSync)?.channel;
    for (const m of expired) {
      log(`[amqp] ${QUEUES.roleSync}: dead-lettered ${m.messageId ?? `pending membership ${m.id}`}: ${m.reason}`);
      if (!channel) continue;
      // The database row is the record; the queue copy (confirmed, like every dead letter) is for
      // tools that read DLQs, so a failure to copy is logged, not retried.
      try {
        await publishDeadLetter(channel, {
          queue: QUEUES.roleSync,
          content: Buffer.from(JSON.stringify([[], { payload: m.payload }, {}])),
          properties: {
            contentType: 'application/json',
            contentEncoding: 'utf-8',
            headers: { task: INBOUND_TASKS.syncUserSystemRole, id: m.messageId?.replace(/^celery:/, '') ?? null },
          },
          reason: m.reason,
        });
      } catch (err) {
        log(`[amqp] could not copy an expired membership to the dead-letter queue: ${describeError(err)}`);
      }
    }
    return expired.length;
  }

  const sweepTimer = setInterval(() => {
    sweepPendingRoleUsers().catch((err) => log(`[amqp] pending membership sweep failed: ${describeError(err)}`));
  }, o.sweepIntervalMs ?? 60_000);
  sweepTimer.unref();

  return {
    stats,
    isConnected: () => connection.isConnected(),
    sweepPendingRoleUsers,
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(sweepTimer);
      const current = active;
      if (current) {
        // Bounded: a connection blocked by a broker alarm may never answer the cancel.
        const cancelling = Promise.all([...current.channels.values()].map(({ channel, consumerTag }) => channel.cancel(consumerTag).catch(() => {})));
        await Promise.race([cancelling, new Promise((r) => setTimeout(r, 5_000).unref())]);
      }
      abort.abort();
      const timeoutMs = o.stopTimeoutMs ?? 15_000;
      let timer: NodeJS.Timeout | undefined;
      const isDrained = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (!isDrained) {
        // A handler stuck on an unreachable database: closing without its ack is safe, the
        // broker redelivers the message and its task id keeps a second run from doubling it.
        log(`[amqp] ${inFlight.size} message(s) still running after ${timeoutMs} ms; closing, the broker will redeliver them`);
      }
      // Closing each channel first waits for its close-ok, which the broker sends only after the
      // acks written before it; closing the connection alone can overtake the last acks and
      // leave finished messages to be redelivered.
      if (current) await Promise.all([...current.channels.values()].map(({ channel }) => channel.close().catch(() => {})));
      await connection.close();
    },
  };
}
