import amqp, { type ChannelModel, type RecoveringChannelModel } from 'amqplib';
import { logger } from '../log';

export interface BrokerConnectionOptions {
  /** Shown in the RabbitMQ management UI and `rabbitmqctl list_connections client_properties`. */
  name: string;
  /**
   * Runs on every (re)connection before it counts as up: open channels, declare queues, start
   * consumers. Throwing drops the connection and schedules another attempt.
   */
  setup: (model: ChannelModel) => Promise<void>;
  maxDelayMs?: number;
  log?: (message: string) => void;
}

export interface BrokerConnection {
  isConnected(): boolean;
  /** The last connection error while not connected, for health output. */
  lastError(): string | undefined;
  /** Waits up to `ms` for the connection to be up; false on timeout. */
  waitUntilConnected(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * One long-lived broker connection that comes back by itself: amqplib's recovery reconnects with
 * exponential backoff and jitter (0.5 s up to maxDelayMs) for as long as the process runs, and
 * re-runs `setup` each time, because channels, consumers and declarations die with the
 * connection. Returns at once even when the broker is down, so the worker starts and serves
 * pg-boss jobs without it.
 */
export async function connectBroker(url: string, options: BrokerConnectionOptions): Promise<BrokerConnection> {
  const log = options.log ?? ((m: string) => logger('amqp').info(m));
  let connected = false;
  let lastError: string | undefined;
  const waiters = new Set<() => void>();

  const model: RecoveringChannelModel = await amqp.connect(url, {
    timeout: 5000,
    clientProperties: { connection_name: options.name },
    recovery: {
      initialDelay: 500,
      maxDelay: options.maxDelayMs ?? 30_000,
      waitForConnect: false,
      setup: (m: ChannelModel) => {
        // amqplib listens for this connection's 'error' only once setup has finished: a socket
        // error during setup (the broker killed just as we reconnect) would otherwise be an
        // unhandled 'error' event and end the process (found by bench/faults/broker-db-restart.ts).
        // The close that follows is what schedules the next attempt.
        m.on('error', () => {});
        return options.setup(m);
      },
    },
  });
  model.on('connect', () => {
    connected = true;
    lastError = undefined;
    log(`[amqp] ${options.name}: connected`);
    for (const wake of waiters) wake();
  });
  model.on('disconnect', (err: Error) => {
    connected = false;
    lastError = err.message;
    log(`[amqp] ${options.name}: connection lost (${err.message})`);
  });
  model.on('reconnect-scheduled', ({ attempt, delay, error }: { attempt: number; delay: number; error: Error }) => {
    lastError = error.message;
    log(`[amqp] ${options.name}: reconnect attempt ${attempt} in ${delay} ms (${error.message})`);
  });
  // Without a listener an 'error' event would throw; the 'disconnect' that follows is what counts.
  model.on('error', () => {});

  return {
    isConnected: () => connected,
    lastError: () => lastError,
    async waitUntilConnected(ms) {
      if (connected) return true;
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(ok);
        };
        const wake = () => done(connected);
        const timer = setTimeout(() => done(false), ms);
        waiters.add(wake);
      });
    },
    async close() {
      connected = false;
      for (const wake of waiters) wake();
      await model.close();
    },
  };
}
