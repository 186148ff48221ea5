import { createHash } from 'node:crypto';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { type DecodedCeleryTask, PoisonMessageError, decodeCeleryMessage } from '@/lib/amqp/decode-celery-message';
import { DEAD_LETTER_HEADERS, deadLetterQueueName } from '@/lib/amqp/topology';
import { AppError } from '@/lib/errors';
import { recordDeadLetter } from '@/lib/integration/record-dead-letter';
import { inboundMessages } from '@/lib/db/schema';
import { type InboundTaskHandler, celeryMessageId } from './inbound-tasks';

export interface ConsumerStats {
  received: number;
  /** Effects committed. */
  processed: number;
  /** Task ids seen before: acked with no effect. */
  duplicates: number;
  deadLettered: number;
  /** Attempts that failed for a reason that may pass (database away, deadlock, ...). */
  transientFailures: number;
  /** Deliveries the broker flagged as redelivered. */
  redelivered: number;
}

export const emptyStats = (): ConsumerStats => ({
  received: 0,
  processed: 0,
  duplicates: 0,
  deadLettered: 0,
  transientFailures: 0,
  redelivered: 0,
});

export interface RetryPolicy {
  /** Attempts in this process before the message is handed back to the broker. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ConsumeCeleryQueueOptions {
  queue: string;
  db: Db;
  handlers: Record<string, InboundTaskHandler>;
  /** One message at a time, in delivery order (role sync: a rename must not overtake a create). */
  isSerial: boolean;
  maxBodyBytes?: number;
  retry: RetryPolicy;
  stats: ConsumerStats;
  /** Shared with the bridge so shutdown can wait for work on channels that have since died. */
  inFlight: Set<Promise<void>>;
  isStopping(): boolean;
  /** Aborted on shutdown: cuts retry back-off short. */
  signal: AbortSignal;
  log: (message: string) => void;
}

/**
 * Consumes one Celery queue with manual acks. Every delivery ends in exactly one of:
 * - ack after the handler's transaction committed (effect + task id, or "already seen");
 * - dead-letter for a message that can never succeed (unreadable, unknown task, invalid payload,
 *   or failing again and again while the database is fine): recorded in dead_letters, copied to
 *   `<queue>.dead-letter` with the reason in its headers (publisher-confirmed), then acked, so
 *   it never loops;
 * - nack with requeue after a few in-process retries when the failure looks transient (database
 *   away): the broker redelivers it, and it is tried again from the start.
 * If the channel dies first, nothing is acked: the broker redelivers and the task id makes the
 * second run a no-op.
 */
export async function consumeCeleryQueue(channel: ConfirmChannel, o: ConsumeCeleryQueueOptions): Promise<{ consumerTag: string }> {
  let chain: Promise<void> = Promise.resolve();
  const dlq = deadLetterQueueName(o.queue);

  const settle = (msg: ConsumeMessage, how: 'ack' | 'requeue') => {
    try {
      if (how === 'ack') channel.ack(msg);
      else channel.nack(msg, false, true);
    } catch {
      // The channel is gone; the broker has already put the message back for redelivery.
    }
  };

  async function deadLetter(msg: ConsumeMessage, err: PoisonMessageError): Promise<void> {
    const messageId =
      err.partial.id && isUsableTaskId(err.partial.id)
        ? `celery:${err.partial.id}`
        : `sha256:${createHash('sha256').update(msg.content).digest('hex')}`;
    try {
      await recordDeadLetter(o.db, {
        queue: o.queue,
        taskName: err.partial.task ?? null,
        messageId,
        reason: err.reason,
        headers: (msg.properties.headers ?? null) as Record<string, unknown> | null,
        body: msg.content,
      });
      await publishDeadLetter(channel, dlq, msg, o.queue, err.reason);
      o.stats.deadLettered++;
      o.log(`[amqp] ${o.queue}: dead-lettered ${messageId} (${err.partial.task ?? 'unknown task'}): ${err.reason}`);
      settle(msg, 'ack');
    } catch (e) {
      // Could not park it (database or broker away): keep it, try again on redelivery.
      o.stats.transientFailures++;
      o.log(`[amqp] ${o.queue}: could not dead-letter ${messageId}, requeueing: ${(e as Error).message}`);
      await sleep(o.retry.maxDelayMs, o.signal);
      settle(msg, 'requeue');
    }
  }

  async function handleDelivery(msg: ConsumeMessage): Promise<void> {
    o.stats.received++;
    if (msg.fields.redelivered) o.stats.redelivered++;
    let task: DecodedCeleryTask | undefined;
    try {
      if (o.isStopping()) return settle(msg, 'requeue');
      task = decodeCeleryMessage(msg, { maxBytes: o.maxBodyBytes });
      if (!isUsableTaskId(task.id)) {
        throw new PoisonMessageError('task id must be 1-255 printable characters (Celery sends a UUID)', { task: task.task });
      }
      const handler = Object.hasOwn(o.handlers, task.task) ? o.handlers[task.task] : undefined;
      if (!handler) {
        throw new PoisonMessageError(`unknown task "${task.task}" (TTS runs ${Object.keys(o.handlers).join(', ')})`, task);
      }
      for (let attempt = 1; ; attempt++) {
        try {
          // Celery never runs a task past its `expires`; neither does TTS, unless it already ran
          // it (a redelivery after the effect committed is still just acked).
          if (task.expires && task.expires.getTime() <= Date.now() && !(await wasApplied(o.db, task))) {
            throw new PoisonMessageError(`expired at ${task.expires.toISOString()} before it could run (Celery does not run an expired task)`, task);
          }
          const result = await handler(o.db, task);
          if (result.isDuplicate) o.stats.duplicates++;
          else o.stats.processed++;
          return settle(msg, 'ack');
        } catch (err) {
          const reason = permanentFailure(err);
          if (reason) throw new PoisonMessageError(reason, task);
          o.stats.transientFailures++;
          if (o.isStopping()) return settle(msg, 'requeue');
          if (attempt >= o.retry.attempts) {
            // The same message failing while the database answers is a bug or bad data, not an
            // outage: parked, it cannot starve the queue; retried forever, it would. An error that
            // itself says the database was away (connection refused or lost, starting up, shutting
            // down, overloaded, a deadlock) never counts, even if the database is back by now.
            if (!isAvailabilityError(err) && (await isDatabaseUp(o.db))) {
              throw new PoisonMessageError(`failed ${attempt} times while the database was up; last error: ${describe(err)}`, task);
            }
            o.log(`[amqp] ${o.queue}: task ${task.id} failed ${attempt} times, database unreachable; requeueing (${describe(err)})`);
            return settle(msg, 'requeue');
          }
          await sleep(Math.min(o.retry.maxDelayMs, o.retry.baseDelayMs * 2 ** (attempt - 1)), o.signal);
          if (o.isStopping()) return settle(msg, 'requeue');
        }
      }
    } catch (err) {
      if (err instanceof PoisonMessageError) return deadLetter(msg, err);
      o.log(`[amqp] ${o.queue}: unexpected error, requeueing: ${(err as Error).stack ?? err}`);
      await sleep(o.retry.baseDelayMs, o.signal);
      settle(msg, 'requeue');
    }
  }

  const { consumerTag } = await channel.consume(
    o.queue,
    (msg) => {
      if (msg === null) {
        // The broker cancelled us (queue deleted): drop the channel so recovery declares it again.
        o.log(`[amqp] ${o.queue}: consumer cancelled by the broker`);
        channel.close().catch(() => {});
        return;
      }
      const run = () => handleDelivery(msg);
      const p = o.isSerial ? (chain = chain.then(run)) : run();
      o.inFlight.add(p);
      void p.finally(() => o.inFlight.delete(p));
    },
    { noAck: false },
  );
  return { consumerTag };
}

/**
 * A task id TTS can key on: Celery's are UUIDs; a huge or binary one could not be stored as the
 * de-duplication key (or even as the dead-letter record), so it would loop instead of parking.
 */
export function isUsableTaskId(id: string): boolean {
  return id.length > 0 && id.length <= 255 && /^[\x20-\x7e]+$/.test(id);
}

/** Why an error can never pass on retry, or null when it might. */
export function permanentFailure(err: unknown): string | null {
  if (err instanceof PoisonMessageError) return err.reason;
  if (err instanceof AppError && err.isPermanent) {
    const issues = err.issues?.length ? ` [${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}]` : '';
    return `${err.code}: ${err.message}${issues}`;
  }
  // SQLSTATE class 22 (data exception: NUL in text, number out of range, ...) is about the values.
  const code = sqlState(err);
  if (code?.startsWith('22')) return `database rejected the data (${code}): ${describe(err)}`;
  return null;
}

/**
 * Errors that say the database (or the path to it) was unavailable, not that this message is bad:
 * SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (shutdown, starting up),
 * serialization failures and deadlocks, and the driver's own connection errors.
 */
export function isAvailabilityError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (/^(08|53|57P)/.test(code) || code === '40001' || code === '40P01') return true;
    if (/^(CONNECTION_|CONNECT_TIMEOUT|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH)/.test(code)) return true;
  }
  return false;
}

function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

function describe(err: unknown): string {
  const cause = (err as { cause?: Error })?.cause;
  const message = err instanceof Error ? err.message : String(err);
  return cause?.message && !message.includes(cause.message) ? `${message.split('\n')[0]}: ${cause.message}` : message.split('\n')[0];
}

async function wasApplied(db: Db, task: DecodedCeleryTask): Promise<boolean> {
  const [row] = await db.select({ id: inboundMessages.messageId }).from(inboundMessages).where(eq(inboundMessages.messageId, celeryMessageId(task)));
  return row !== undefined;
}

async function isDatabaseUp(db: Db): Promise<boolean> {
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Copies the message to our dead-letter queue with the reason in its headers and waits for the
 * broker's confirm. Expiration and user-id are dropped: the copy must not expire, and a user-id
 * other than ours would make the broker close the channel.
 */
async function publishDeadLetter(channel: ConfirmChannel, dlq: string, msg: ConsumeMessage, queue: string, reason: string): Promise<void> {
  const { headers, expiration: _e, userId: _u, ...props } = msg.properties;
  const ours = {
    [DEAD_LETTER_HEADERS.reason]: reason.slice(0, 1000),
    [DEAD_LETTER_HEADERS.queue]: queue,
    [DEAD_LETTER_HEADERS.at]: new Date().toISOString(),
  };
  const publish = (h: Record<string, unknown>) =>
    new Promise<void>((resolve, reject) => {
      const options: Options.Publish = { ...props, deliveryMode: 2, headers: h };
      // Bounded: under a broker memory or disk alarm the confirm may not come; the message is then
      // requeued (and recorded once) rather than holding the queue's chain forever.
      const timer = setTimeout(() => reject(new Error('dead-letter publish not confirmed within 10 s')), 10_000);
      channel.publish('', dlq, msg.content, options, (err) => {
        clearTimeout(timer);
        if (err) reject(new Error(`dead-letter publish not confirmed: ${err}`));
        else resolve();
      });
    });
  try {
    await publish({ ...(headers ?? {}), ...ours });
  } catch (err) {
    // The original headers plus ours overflow amqplib's 64 KiB table: keep what identifies it.
    if (!(err instanceof RangeError)) throw err;
    await publish({ task: headers?.task ?? null, id: headers?.id ?? null, ...ours });
  }
}
