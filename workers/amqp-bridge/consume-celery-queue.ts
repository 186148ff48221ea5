import { createHash } from 'node:crypto';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Db } from '@/lib/db/client';
import { type DecodedCeleryTask, PoisonMessageError, decodeCeleryMessage } from '@/lib/amqp/decode-celery-message';
import { type RetryPolicy, decideAfterFailure, isUsableTaskId, permanentFailure } from '@/lib/amqp/delivery-policy';
import { describeError, safeStack } from '@/lib/db/driver-error';
import { publishDeadLetter } from '@/lib/amqp/publish-dead-letter';
import { checkDatabase } from '@/lib/health';
import { listClaimedMessageIds } from '@/lib/integration/claim-inbound-message';
import { recordDeadLetter } from '@/lib/integration/record-dead-letter';
import { type InboundTaskHandler, celeryMessageId } from './inbound-tasks';

export interface ConsumerStats {
  received: number;
  /** Effects committed. */
  processed: number;
  /** Task ids seen before: acked with no effect. */
  duplicates: number;
  deadLettered: number;
  /** Deliveries whose attempt failed for a reason that may pass (database away, deadlock, ...). */
  transientFailures: number;
  /** Deliveries the broker flagged as redelivered. */
  redelivered: number;
  /** Group commits run (a delivery alone counts as one). */
  batches: number;
}

export const emptyStats = (): ConsumerStats => ({
  received: 0,
  processed: 0,
  duplicates: 0,
  deadLettered: 0,
  transientFailures: 0,
  redelivered: 0,
  batches: 0,
});

export interface ConsumeCeleryQueueOptions {
  queue: string;
  db: Db;
  handlers: Record<string, InboundTaskHandler>;
  /** One message at a time, in delivery order (role sync: a rename must not overtake a create). */
  isSerial: boolean;
  /** Group commits in flight at once on a queue that is not serial (default 2). */
  concurrentBatches?: number;
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

interface Delivery {
  msg: ConsumeMessage;
  task: DecodedCeleryTask;
}

/**
 * Consumes one Celery queue with manual acks, in group commits: the deliveries in hand (up to the
 * prefetch) are gathered and each task name's share is applied by its handler in one transaction,
 * then acked together. Every delivery ends in exactly one of:
 * - ack after the transaction committed (effect + task id, or "already seen");
 * - dead-letter for a message that can never succeed (unreadable, unknown task, invalid payload,
 *   conflicting, expired, or failing again and again while the database is fine): recorded in
 *   dead_letters, copied to `<queue>.dead-letter` with the reason (publisher-confirmed), then
 *   acked, so it never loops. Its neighbours in the batch commit without it;
 * - nack with requeue when the failure looks transient (database away) after a few retries: the
 *   broker redelivers it, and it is tried again from the start.
 * What to do after a failure is lib/amqp/delivery-policy.ts's decision; this edge only keeps the
 * ack state. If the channel dies first, nothing is acked: the broker redelivers and the task id
 * makes the second run a no-op.
 */
export async function consumeCeleryQueue(channel: ConfirmChannel, o: ConsumeCeleryQueueOptions): Promise<{ consumerTag: string }> {
  const waiting: Array<{ msg: ConsumeMessage; done: () => void }> = [];
  const maxRunning = o.isSerial ? 1 : Math.max(1, o.concurrentBatches ?? 2);
  let running = 0;
  let isPumpScheduled = false;

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
        headers: (msg.properties.headers ?? null),
        body: msg.content,
      });
      await publishDeadLetter(channel, { queue: o.queue, content: msg.content, properties: msg.properties, reason: err.reason });
      o.stats.deadLettered++;
      o.log(`[amqp] ${o.queue}: dead-lettered ${messageId} (${err.partial.task ?? 'unknown task'}): ${err.reason}`);
      settle(msg, 'ack');
    } catch (e) {
      // Could not park it (database or broker away): keep it, try again on redelivery.
      o.stats.transientFailures++;
      o.log(`[amqp] ${o.queue}: could not dead-letter ${messageId}, requeueing: ${describeError(e)}`);
      await sleep(o.retry.maxDelayMs, o.signal);
      settle(msg, 'requeue');
    }
  }

  /** Decodes a batch, parks what is unreadable, and runs each task name's share as one group. */
  async function runBatch(msgs: ConsumeMessage[]): Promise<void> {
    o.stats.batches++;
    const groups = new Map<string, Delivery[]>();
    for (const msg of msgs) {
      try {
        const task = decodeCeleryMessage(msg, { maxBytes: o.maxBodyBytes });
        if (!isUsableTaskId(task.id)) {
          throw new PoisonMessageError('task id must be 1-255 printable characters (Celery sends a UUID)', { task: task.task });
        }
        if (!Object.hasOwn(o.handlers, task.task)) {
          throw new PoisonMessageError(`unknown task "${task.task}" (TTS runs ${Object.keys(o.handlers).join(', ')})`, task);
        }
        groups.set(task.task, [...(groups.get(task.task) ?? []), { msg, task }]);
      } catch (err) {
        if (err instanceof PoisonMessageError) await deadLetter(msg, err);
        else throw err;
      }
    }
    for (const [name, group] of groups) await runGroup(o.handlers[name], group);
  }

  /** Applies a group in one handler call, retrying, requeueing or splitting it as the policy decides. */
  async function runGroup(handler: InboundTaskHandler, group: Delivery[]): Promise<void> {
    let pending = group;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let failed: Delivery[] = [];
      let failure: unknown;
      try {
        pending = await settleExpired(pending);
        if (pending.length === 0) return;
        const outcomes = await handler(o.db, pending.map((d) => d.task));
        const parked: Array<[Delivery, string]> = [];
        pending.forEach((d, i) => {
          const outcome = outcomes[i];
          if (!('error' in outcome)) {
            if (outcome.isDuplicate) o.stats.duplicates++;
            else o.stats.processed++;
            return settle(d.msg, 'ack');
          }
          const reason = permanentFailure(outcome.error);
          if (reason) parked.push([d, reason]);
          else {
            failed.push(d);
            failure = outcome.error;
          }
        });
        for (const [d, reason] of parked) await deadLetter(d.msg, new PoisonMessageError(reason, d.task));
        if (failed.length === 0) return;
      } catch (err) {
        failed = pending;
        failure = err;
      }

      o.stats.transientFailures += failed.length;
      const attemptFailed = { error: failure, attempt, deliveries: failed.length, policy: o.retry, isStopping: o.isStopping() };
      let decision = decideAfterFailure(attemptFailed);
      if (decision.action === 'probe-database') {
        decision = decideAfterFailure({ ...attemptFailed, isDatabaseUp: (await checkDatabase(o.db)).status === 'up' });
      }
      switch (decision.action) {
        case 'retry':
          await sleep(decision.delayMs, o.signal);
          if (o.isStopping()) return failed.forEach((d) => settle(d.msg, 'requeue'));
          pending = failed;
          continue;
        case 'split':
          // One bad message must not hold back its neighbours: each runs alone, with its own attempts.
          for (const d of failed) await runGroup(handler, [d]);
          return;
        case 'dead-letter':
          for (const d of failed) await deadLetter(d.msg, new PoisonMessageError(decision.reason, d.task));
          return;
        case 'requeue':
        case 'probe-database':
          if (decision.action === 'requeue' && decision.reason !== 'stopping') {
            o.log(`[amqp] ${o.queue}: ${failed.length} task(s) failed ${attempt} times, requeueing (${decision.reason})`);
          }
          return failed.forEach((d) => settle(d.msg, 'requeue'));
      }
    }
  }

  /**
   * Celery never runs a task past its `expires`; neither does TTS, unless it already ran it (a
   * redelivery after the effect committed is still just acked). Returns the deliveries to run.
   */
  async function settleExpired(deliveries: Delivery[]): Promise<Delivery[]> {
    const now = Date.now();
    const expired = deliveries.filter((d) => d.task.expires && d.task.expires.getTime() <= now);
    if (expired.length === 0) return deliveries;
    const applied = await listClaimedMessageIds(o.db, expired.map((d) => celeryMessageId(d.task)));
    for (const d of expired) {
      if (applied.has(celeryMessageId(d.task))) {
        o.stats.duplicates++;
        settle(d.msg, 'ack');
      } else {
        const reason = `expired at ${d.task.expires!.toISOString()} before it could run (Celery does not run an expired task)`;
        await deadLetter(d.msg, new PoisonMessageError(reason, d.task));
      }
    }
    return deliveries.filter((d) => !expired.includes(d));
  }

  function pump() {
    while (running < maxRunning && waiting.length > 0) {
      // A serial queue takes one at a time; otherwise everything in hand is one group commit.
      const batch = waiting.splice(0, o.isSerial ? 1 : waiting.length);
      running++;
      void runBatch(batch.map((b) => b.msg))
        .catch(async (err) => {
          // A bug in this edge, not in a message: hand them back (settling twice is harmless).
          o.log(`[amqp] ${o.queue}: unexpected error, requeueing: ${safeStack(err)}`);
          await sleep(o.retry.baseDelayMs, o.signal);
          for (const b of batch) settle(b.msg, 'requeue');
        })
        .finally(() => {
          running--;
          for (const b of batch) b.done();
          pump();
        });
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
      o.stats.received++;
      if (msg.fields.redelivered) o.stats.redelivered++;
      if (o.isStopping()) return settle(msg, 'requeue');
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      o.inFlight.add(finished);
      void finished.then(() => o.inFlight.delete(finished));
      waiting.push({ msg, done });
      // Deliveries that arrive together (one socket read) form one batch: gather them first.
      if (!isPumpScheduled) {
        isPumpScheduled = true;
        setImmediate(() => {
          isPumpScheduled = false;
          pump();
        });
      }
    },
    { noAck: false },
  );
  return { consumerTag };
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
