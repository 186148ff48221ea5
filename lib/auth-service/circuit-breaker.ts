import { AppError } from '../errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Thrown without calling the service while the circuit is open. */
export class CircuitOpenError extends AppError {
  constructor(name: string, retryInMs: number) {
    super('UNAVAILABLE', `${name} is unavailable (circuit open, next try in ${Math.max(0, Math.ceil(retryInMs / 1000))} s)`);
    this.name = 'CircuitOpenError';
  }
}

export interface CircuitBreakerOptions {
  name: string;
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long it stays open before one trial call is let through. */
  cooldownMs: number;
  /** Injected clock, so tests move time instead of waiting. */
  now?: () => number;
  /** Told when the circuit opens (after failures, or a failed trial) and when it closes again. */
  onStateChange?: (state: 'open' | 'closed', detail: string) => void;
}

/**
 * Stops calling a service that keeps failing, so callers fail in microseconds instead of each
 * waiting out a timeout (which would stall request handlers and job workers behind a dead peer).
 * Closed: calls go through; `failureThreshold` failures in a row open it. Open: calls fail fast
 * with CircuitOpenError. After `cooldownMs` it is half-open: exactly one trial call goes through
 * (concurrent callers still fail fast); success closes it, failure opens it for another cool-down.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private isTrialRunning = false;
  private readonly now: () => number;

  constructor(private readonly o: CircuitBreakerOptions) {
    this.now = o.now ?? Date.now;
  }

  state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.o.cooldownMs ? 'half-open' : 'open';
  }

  /**
   * Runs `fn` through the breaker. `isFailure` decides which errors count against the service
   * (a 404 is an answer, not an outage); those that do not count still propagate.
   */
  async run<T>(fn: () => Promise<T>, isFailure: (err: unknown) => boolean = () => true): Promise<T> {
    const state = this.state();
    if (state === 'open' || (state === 'half-open' && this.isTrialRunning)) {
      throw new CircuitOpenError(this.o.name, (this.openedAt ?? 0) + this.o.cooldownMs - this.now());
    }
    const isTrial = state === 'half-open';
    if (isTrial) this.isTrialRunning = true;
    try {
      const result = await fn();
      this.close();
      return result;
    } catch (err) {
      if (isFailure(err)) {
        this.failures++;
        if (isTrial || this.failures >= this.o.failureThreshold) {
          const wasOpen = this.openedAt !== null;
          this.openedAt = this.now();
          if (!wasOpen) this.o.onStateChange?.('open', `${this.failures} failures in a row, last: ${(err as Error).message}`);
        }
      } else if (isTrial) {
        // The service answered (e.g. 404): it is up.
        this.close();
      }
      throw err;
    } finally {
      if (isTrial) this.isTrialRunning = false;
    }
  }

  private close() {
    const wasOpen = this.openedAt !== null;
    this.failures = 0;
    this.openedAt = null;
    if (wasOpen) this.o.onStateChange?.('closed', 'a trial call succeeded');
  }
}
