import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { isAvailabilityError, isUsableTaskId, permanentFailure } from './consume-celery-queue';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const wrapped = (cause: Error) => Object.assign(new Error('Failed query: insert ...'), { cause });

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
    expect(permanentFailure(new Error('something odd'))).toBeNull();
  });

  it('keys only on task ids that can be stored', () => {
    expect(isUsableTaskId('9f0c1b7e-3c55-4a3e-9d2e-5c1f0b8a7d11')).toBe(true);
    expect(isUsableTaskId('')).toBe(false);
    expect(isUsableTaskId('x'.repeat(256))).toBe(false);
    expect(isUsableTaskId('bad\u0000id')).toBe(false);
  });
});
