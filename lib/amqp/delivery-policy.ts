import { describeError, errorCodes, sqlState } from '../db/driver-error';
import { AppError } from '../errors';
import { PoisonMessageError } from './decode-celery-message';

/**
 * What the AMQP bridge does with deliveries whose effect failed: the retry / poison policy, pure,
 * so the edge (workers/amqp-bridge) keeps only the ack state machine and this is unit-tested alone.
 */

export interface RetryPolicy {
  /** Attempts in this process before the message is handed back to the broker. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 5_000 };

export type DeliveryDecision =
  /** Try the same deliveries again in this process after `delayMs`. */
  | { action: 'retry'; delayMs: number }
  /** Hand them back to the broker (nack with requeue): the failure is about availability, or we are stopping. */
  | { action: 'requeue'; reason: string }
  /** This one delivery can never succeed: park it with the reason. */
  | { action: 'dead-letter'; reason: string }
  /** A group commit failed in a way one bad message could cause: run each delivery alone. */
  | { action: 'split' }
  /** Ask again with `isDatabaseUp` known (the edge probes the database). */
  | { action: 'probe-database' };

export interface FailedAttempt {
  error: unknown;
  /** 1 for the first failure of these deliveries. */
  attempt: number;
  /** How many deliveries failed together (a group commit), 1 for a delivery alone. */
  deliveries: number;
  policy: RetryPolicy;
  isStopping: boolean;
  /** The probe's answer, once the decision asked for it. */
  isDatabaseUp?: boolean;
}

/**
 * The decision after a failed attempt:
 * - an error that can never pass (permanentFailure) dead-letters a delivery alone, and splits a
 *   group, so that only the delivery that causes it is parked and its neighbours commit;
 * - stopping hands everything back to the broker;
 * - otherwise retry with exponential back-off, up to `policy.attempts`;
 * - then: an error that itself says the database was away (isAvailabilityError) is handed back to
 *   the broker; any other error while the database answers is a bug or bad data, not an outage:
 *   a group is split, a delivery alone is dead-lettered (parked, it cannot starve the queue;
 *   retried forever, it would); with the database down, it is handed back too.
 */
export function decideAfterFailure(f: FailedAttempt): DeliveryDecision {
  const permanent = permanentFailure(f.error);
  if (permanent) return f.deliveries > 1 ? { action: 'split' } : { action: 'dead-letter', reason: permanent };
  if (f.isStopping) return { action: 'requeue', reason: 'stopping' };
  if (f.attempt < f.policy.attempts) {
    return { action: 'retry', delayMs: Math.min(f.policy.maxDelayMs, f.policy.baseDelayMs * 2 ** (f.attempt - 1)) };
  }
  if (isAvailabilityError(f.error)) return { action: 'requeue', reason: `database unavailable: ${describeError(f.error)}` };
  if (f.isDatabaseUp === undefined) return { action: 'probe-database' };
  if (!f.isDatabaseUp) return { action: 'requeue', reason: `database unreachable: ${describeError(f.error)}` };
  if (f.deliveries > 1) return { action: 'split' };
  return { action: 'dead-letter', reason: `failed ${f.attempt} times while the database was up; last error: ${describeError(f.error)}` };
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
  if (code?.startsWith('22')) return `database rejected the data (${code}): ${describeError(err)}`;
  return null;
}

/**
 * Errors that say the database (or the path to it) was unavailable, not that a message is bad:
 * SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (shutdown, starting up),
 * serialization failures and deadlocks, and the driver's own connection errors.
 */
export function isAvailabilityError(err: unknown): boolean {
  return errorCodes(err).some(
    (code) => /^(08|53|57P)/.test(code) || code === '40001' || code === '40P01' || /^(CONNECTION_|CONNECT_TIMEOUT|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH)/.test(code),
  );
}
