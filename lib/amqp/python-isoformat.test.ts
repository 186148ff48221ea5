import { describe, expect, it } from 'vitest';
import { pythonIsoFormat } from './python-isoformat';

describe('pythonIsoFormat', () => {
  it('writes microseconds and +00:00, as datetime.isoformat() does for an aware UTC time', () => {
    expect(pythonIsoFormat(new Date('2026-04-01T10:00:00.123Z'))).toBe('2026-04-01T10:00:00.123000+00:00');
    expect(pythonIsoFormat(new Date('2026-04-01T10:00:00Z'))).toBe('2026-04-01T10:00:00.000000+00:00');
    expect(Date.parse(pythonIsoFormat(new Date(1_775_037_600_456)))).toBe(1_775_037_600_456);
  });
});
