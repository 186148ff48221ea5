import type { ChannelModel, ConfirmChannel, Message } from 'amqplib';
import { connectBroker, type BrokerConnection } from './connect-broker';
import { type CeleryTaskToSend, encodeCeleryTask } from './encode-celery-task';
import { assertCeleryQueue } from './topology';

export interface CeleryPublisher {
  /**
   * Publishes one persistent Celery task and resolves only once the broker confirmed it (it is then
   * on disk in a durable queue). Rejects when the broker is away, nacks, returns the message as
   * unroutable, or does not confirm in time: the caller (a pg-boss job) retries with backoff.
   */
  publish(queue: string, task: CeleryTaskToSend): Promise<void>;
  isConnected(): boolean;
  close(): Promise<void>;
}

export class BrokerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerUnavailableError';
  }
}

export interface CeleryPublisherOptions {
  name?: string;
  confirmTimeoutMs?: number;
  /** How long publish waits for a connection that is (re)connecting before giving up. */
  connectWaitMs?: number;
  reconnectMaxDelayMs?: number;
  log?: (message: string) => void;
}

interface Current {
  model: ChannelModel;
  channel: ConfirmChannel;
  declared: Map<string, Promise<void>>;
  returned: Set<string>;
}

/**
 * The outbound side of the bridge: its own connection (RabbitMQ throttles a publishing connection
 * under memory pressure, which must not stall the consumers) and one confirm channel.
 */
export async function createCeleryPublisher(url: string, options: CeleryPublisherOptions = {}): Promise<CeleryPublisher> {
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
  const connectWaitMs = options.connectWaitMs ?? 5_000;
  let current: Current | null = null;
  let isClosed = false;

  const connection: BrokerConnection = await connectBroker(url, {
    name: options.name ?? 'tts-publisher',
    maxDelayMs: options.reconnectMaxDelayMs,
    log: options.log,
    async setup(model) {
      const channel = await model.createConfirmChannel();
      const state: Current = { model, channel, declared: new Map(), returned: new Set() };
      channel.on('error', () => {});
      // A mandatory message no queue took comes back before its confirm; remember it so the
      // confirm is not mistaken for delivery (a queue deleted behind our back).
      channel.on('return', (msg: Message) => {
        const id: unknown = msg.properties.headers?.id ?? msg.properties.correlationId;
        if (typeof id === 'string') state.returned.add(id);
      });
      channel.on('close', () => {
        if (current !== state) return;
        current = null;
        // A channel can die alone (a channel-level error); dropping the connection brings both
        // back through recovery instead of leaving a live connection with no channel.
        if (!isClosed) model.close().catch(() => {});
      });
      current = state;
    },
  });

  async function channelOrWait(): Promise<Current> {
    if (isClosed) throw new BrokerUnavailableError('publisher is closed');
    if (!current) await connection.waitUntilConnected(connectWaitMs);
    if (!current) {
      const why = connection.lastError();
      throw new BrokerUnavailableError(`not connected to the broker${why ? ` (${why})` : ''}`);
    }
    return current;
  }

  function declareOnce(state: Current, queue: string): Promise<void> {
    let p = state.declared.get(queue);
    if (!p) {
      p = assertCeleryQueue(state.channel, queue);
      state.declared.set(queue, p);
      p.catch(() => state.declared.delete(queue));
    }
    return p;
  }

  async function publishOn(state: Current, queue: string, task: CeleryTaskToSend): Promise<void> {
    await declareOnce(state, queue);
    const { content, options: props } = encodeCeleryTask(task);
    state.returned.delete(task.id);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new BrokerUnavailableError(`no publisher confirm within ${confirmTimeoutMs} ms`)),
        confirmTimeoutMs,
      );
      try {
        state.channel.publish('', queue, content, { ...props, mandatory: true }, (err) => {
          clearTimeout(timer);
          if (err) return reject(new BrokerUnavailableError(`broker did not confirm the message: ${err instanceof Error ? err.message : String(err)}`));
          if (state.returned.delete(task.id)) {
            state.declared.delete(queue);
            return reject(new BrokerUnavailableError(`queue ${queue} does not exist (message returned unroutable)`));
          }
          resolve();
        });
      } catch (err) {
        clearTimeout(timer);
        reject(new BrokerUnavailableError(`publish failed: ${(err as Error).message}`));
      }
    });
  }

  return {
    async publish(queue, task) {
      for (let attempt = 1; ; attempt++) {
        const state = await channelOrWait();
        try {
          return await publishOn(state, queue, task);
        } catch (err) {
          // The channel died under this message (connection lost): whether the broker kept it is
          // unknown, so it goes again, once, on the next connection. Same task id, so a consumer
          // that gets both can drop one; sending zero times is the failure that cannot be undone.
          if (attempt === 1 && current !== state && !isClosed) continue;
          throw err;
        }
      }
    },
    isConnected: () => current !== null && connection.isConnected(),
    async close() {
      isClosed = true;
      current = null;
      await connection.close();
    },
  };
}
