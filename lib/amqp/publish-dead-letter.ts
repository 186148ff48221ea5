import type { ConfirmChannel, MessageProperties, Options } from 'amqplib';
import { DEAD_LETTER_HEADERS, deadLetterQueueName } from './topology';

export interface DeadLetterCopy {
  /** The queue the message came from (or belongs to); the copy goes to `<queue>.dead-letter`. */
  queue: string;
  content: Buffer;
  /** The original message's properties (headers included), kept on the copy. */
  properties?: Partial<MessageProperties>;
  reason: string;
  confirmTimeoutMs?: number;
}

/**
 * The one way TTS parks a message on a broker dead-letter queue: a copy to `<queue>.dead-letter`
 * with the reason, the original queue and the time in its headers, persistent, and confirmed by the
 * broker (resolves only once the broker has it; rejects when it refuses, or when no confirm comes
 * within the timeout, e.g. under a memory or disk alarm). Expiration and user-id are dropped: the
 * copy must not expire, and a user-id other than ours would make the broker close the channel.
 */
export async function publishDeadLetter(channel: ConfirmChannel, m: DeadLetterCopy): Promise<void> {
  const { headers, ...props } = { ...m.properties };
  delete props.expiration;
  delete props.userId;
  const ours = {
    [DEAD_LETTER_HEADERS.reason]: m.reason.slice(0, 1000),
    [DEAD_LETTER_HEADERS.queue]: m.queue,
    [DEAD_LETTER_HEADERS.at]: new Date().toISOString(),
  };
  const timeoutMs = m.confirmTimeoutMs ?? 10_000;
  const publish = (h: Record<string, unknown>) =>
    new Promise<void>((resolve, reject) => {
      const options: Options.Publish = { ...props, deliveryMode: 2, headers: h };
      const timer = setTimeout(() => reject(new Error(`dead-letter publish not confirmed within ${timeoutMs} ms`)), timeoutMs);
      try {
        channel.publish('', deadLetterQueueName(m.queue), m.content, options, (err) => {
          clearTimeout(timer);
          if (err) reject(new Error(`dead-letter publish not confirmed: ${err}`));
          else resolve();
        });
      } catch (err) {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  try {
    await publish({ ...(headers ?? {}), ...ours });
  } catch (err) {
    // The original headers plus ours overflow amqplib's 64 KiB table: keep what identifies it.
    if (!(err instanceof RangeError)) throw err;
    await publish({ task: headers?.task ?? null, id: headers?.id ?? null, ...ours });
  }
}
