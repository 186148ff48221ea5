import amqp from 'amqplib';
import { getEnv } from '../env';

export interface BrokerHealth {
  status: 'up' | 'down' | 'disabled';
  error?: string;
}

const CACHE_MS = 5_000;
let cached: { url: string; at: number; result: Promise<BrokerHealth> } | undefined;

/**
 * Whether the broker accepts a connection now: opens one and closes it, within
 * BROKER_HEALTH_TIMEOUT_MS (two seconds by default). The
 * web process has no bridge of its own to ask, and a probe tells more than a flag would (wrong
 * credentials, vhost gone). Cached for five seconds so a health check polled by a load balancer
 * does not open a connection per request; concurrent callers share one probe.
 */
export async function checkBroker(): Promise<BrokerHealth> {
  const url = getEnv().AMQP_URL;
  if (!url) return { status: 'disabled' };
  const now = Date.now();
  if (cached && cached.url === url && now - cached.at < CACHE_MS) return cached.result;
  const result = probe(url);
  cached = { url, at: now, result };
  return result;
}

async function probe(url: string): Promise<BrokerHealth> {
  const timeoutMs = getEnv().BROKER_HEALTH_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const connecting = amqp.connect(url, { timeout: timeoutMs, clientProperties: { connection_name: 'tts-health-probe' } });
  try {
    const conn = await Promise.race([
      connecting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    conn.on('error', () => {});
    await conn.close().catch(() => {});
    return { status: 'up' };
  } catch (err) {
    // A connection that opens after the deadline is closed, not leaked.
    connecting.then((c) => c.close().catch(() => {}), () => {});
    return { status: 'down', error: redact((err as Error).message, url) };
  } finally {
    clearTimeout(timer);
  }
}

// amqplib error messages can quote the URL; the health output must not show the password.
function redact(message: string, url: string): string {
  const password = new URL(url).password;
  return password ? message.split(password).join('***') : message;
}

/** Tests change AMQP_URL between cases. */
export function resetBrokerHealthCache(): void {
  cached = undefined;
}
