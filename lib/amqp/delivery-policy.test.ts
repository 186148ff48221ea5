import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { PoisonMessageError } from './decode-celery-message';
import { type FailedAttempt, decideAfterFailure, isAvailabilityError, isUsableTaskId, permanentFailure } from './delivery-policy';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const wrapped = (cause: Error) => Object.assign(new Error('Failed query: insert ...'), { cause });
const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 250 };
const failed = (over: Partial<FailedAttempt>): FailedAttempt => ({ error: new Error('odd'), attempt: 1, deliveries: 1, policy, isStopping: false, ...over });

describe('classifying a failed delivery', () => {
  it('never blames the message for the database being away', () => {
    for (const code of ['57P03', '57P01', '08006', '08001', '53300', '40001', '40P01', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', 'ECONNREFUSED']) {
      expect(isAvailabilityError(wrapped(pgError(code))), code).toBe(true);
      expect(permanentFailure(wrapped(pgError(code))), code).toBeNull();
    }
  });

  it('blames the message for bad data and permanent domain errors', () => {
    expect(isAvailabilityError(wrapped(pgError('22021')))).toBe(false);
    expect(permanentFailure(wrapped(pgError('22021')))).toMatch(/database rejected the data \(22021\)/);
    expect(permanentFailure(new AppError('INVALID_INPUT', 'bad', [{ path: 'subject', message: 'Required' }]))).toMatch(/subject: Required/);
    expect(permanentFailure(new AppError('CONFLICT', 'taken'))).toBe('CONFLICT: taken');
    expect(permanentFailure(new AppError('UNAVAILABLE', 'later'))).toBeNull();
    expect(permanentFailure(new Error('something odd'))).toBeNull();
  });

  it('keys only on task ids that can be stored', () => {
    expect(isUsableTaskId('9f0c1b7e-3c55-4a3e-9d2e-5c1f0b8a7d11')).toBe(true);
    expect(isUsableTaskId('')).toBe(false);
    expect(isUsableTaskId('x'.repeat(256))).toBe(false);
    expect(isUsableTaskId('bad\u0000id')).toBe(false);
  });
});

describe('deciding what happens after a failure', () => {
  it('dead-letters a delivery that can never succeed, and splits a group commit so only it is parked', () => {
    const poison = new PoisonMessageError('unknown task "x"');
    expect(decideAfterFailure(failed({ error: poison }))).toEqual({ action: 'dead-letter', reason: 'unknown task "x"' });
    expect(decideAfterFailure(failed({ error: poison, deliveries: 20 }))).toEqual({ action: 'split' });
    expect(decideAfterFailure(failed({ error: wrapped(pgError('22P05')), deliveries: 20 }))).toEqual({ action: 'split' });
    // Even while stopping: parking it is as cheap as handing it back, and it would only come back.
    expect(decideAfterFailure(failed({ error: poison, isStopping: true })).action).toBe('dead-letter');
  });

  it('retries with capped exponential back-off, then hands an outage back to the broker', () => {
    const down = wrapped(pgError('57P03'));
    expect(decideAfterFailure(failed({ error: down, attempt: 1 }))).toEqual({ action: 'retry', delayMs: 100 });
    expect(decideAfterFailure(failed({ error: down, attempt: 2, deliveries: 20 }))).toEqual({ action: 'retry', delayMs: 200 });
    expect(decideAfterFailure({ ...failed({ error: down, attempt: 5 }), policy: { ...policy, attempts: 9 } })).toEqual({ action: 'retry', delayMs: 250 });
    expect(decideAfterFailure(failed({ error: down, attempt: 3 })).action).toBe('requeue');
    // An error that says the database was away never needs the probe, and never parks anything.
    expect(decideAfterFailure(failed({ error: down, attempt: 3, isDatabaseUp: true })).action).toBe('requeue');
  });

  it('hands everything back at once when stopping', () => {
    expect(decideAfterFailure(failed({ isStopping: true, deliveries: 7 }))).toEqual({ action: 'requeue', reason: 'stopping' });
  });

  it('after the last attempt asks whether the database is up: parks a repeat failure only when it is', () => {
    const odd = new Error('something odd');
    expect(decideAfterFailure(failed({ error: odd, attempt: 3 }))).toEqual({ action: 'probe-database' });
    expect(decideAfterFailure(failed({ error: odd, attempt: 3, isDatabaseUp: false })).action).toBe('requeue');
    expect(decideAfterFailure(failed({ error: odd, attempt: 3, isDatabaseUp: true }))).toEqual({
      action: 'dead-letter',
      reason: 'failed 3 times while the database was up; last error: something odd',
    });
    // A group is split instead: the failure may be one message's, and the others must not share its fate.
    expect(decideAfterFailure(failed({ error: odd, attempt: 3, isDatabaseUp: true, deliveries: 5 }))).toEqual({ action: 'split' });
  });
});
