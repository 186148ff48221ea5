import { Resend } from 'resend';
import { getEnv } from '../env';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The same key on every attempt of one delivery: the provider sends it once. */
  idempotencyKey: string;
}

/**
 * What the provider said, sorted by what to do next:
 * - `sent`: accepted (also a repeat of an accepted request under the same idempotency key);
 * - `retry`: worth trying again (unreachable, timeout, 5xx, another request with the same key
 *   still in flight); `waitSeconds` when the provider said how long (a 429's Retry-After);
 * - `permanent`: it will fail the same way every time (invalid address, refused key, any other 4xx).
 */
export type SendOutcome =
  | { kind: 'sent'; providerId: string }
  | { kind: 'retry'; error: string; waitSeconds?: number; isRateLimit?: boolean }
  | { kind: 'permanent'; error: string };

export type Mailer = (email: OutgoingEmail) => Promise<SendOutcome>;

interface ResendError {
  name?: string;
  message?: string;
  statusCode?: number | null;
}

/** The longest a 429's Retry-After is followed; past it, the usual backoff applies. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 3600;

/** Seconds a Retry-After (or ratelimit-reset) header asks for: delta-seconds or an HTTP date. */
export function retryAfterSeconds(headers: Record<string, string> | null | undefined, now = Date.now()): number | undefined {
  const raw = headers?.['retry-after'] ?? headers?.['ratelimit-reset'];
  if (!raw) return undefined;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : (Date.parse(raw) - now) / 1000;
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_RATE_LIMIT_WAIT_SECONDS, Math.max(1, Math.ceil(seconds)));
}

/** Sorts a Resend error (the SDK never throws: it answers `{error}`) into retry or permanent. */
export function classifyResendError(error: ResendError, headers: Record<string, string> | null | undefined): SendOutcome {
  const status = typeof error.statusCode === 'number' ? error.statusCode : null;
  const text = `${status === null ? 'no answer' : `HTTP ${status}`}${error.name ? ` ${error.name}` : ''}: ${error.message ?? 'unknown error'}`.slice(0, 1000);
  if (status === 429) return { kind: 'retry', error: text, waitSeconds: retryAfterSeconds(headers), isRateLimit: true };
  if (status === null || status >= 500) return { kind: 'retry', error: text };
  if (status === 409 && error.name === 'concurrent_idempotent_requests') return { kind: 'retry', error: text };
  if (status === 408) return { kind: 'retry', error: text };
  return { kind: 'permanent', error: text };
}

let cached: { key: string; baseUrl: string | undefined; client: Resend } | undefined;

/**
 * The Resend mailer from RESEND_API_KEY (and RESEND_BASE_URL, which points the SDK at another
 * endpoint, such as the tests' stand-in). Null without a key: email then goes to the outbox.
 * Each request gives up after NOTIFY_SEND_TIMEOUT_MS (a retry, under the same idempotency key).
 */
export function getMailer(): Mailer | null {
  const env = getEnv();
  if (!env.RESEND_API_KEY) return null;
  if (!cached || cached.key !== env.RESEND_API_KEY || cached.baseUrl !== env.RESEND_BASE_URL) {
    const baseUrl = env.RESEND_BASE_URL?.replace(/\/+$/, '');
    cached = { key: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL, client: new Resend(env.RESEND_API_KEY, baseUrl ? { baseUrl } : undefined) };
  }
  const client = cached.client;
  const timeoutMs = env.NOTIFY_SEND_TIMEOUT_MS;
  return async (email) => {
    const { data, error, headers } = await client.emails.send(
      { from: email.from, to: [email.to], subject: email.subject, html: email.html, text: email.text },
      // The signal reaches fetch (the SDK passes its request options through): a timeout comes
      // back as an `{error}` with statusCode null, like any unreachable provider.
      { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
    );
    if (error || !data?.id) return classifyResendError(error ?? { message: 'no email id in the answer' }, headers);
    return { kind: 'sent', providerId: data.id };
  };
}
