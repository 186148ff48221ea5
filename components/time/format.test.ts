import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDue, formatDuration } from './format';

describe('time formatting', () => {
  it('says durations in their two largest units', () => {
    expect(formatDuration(30)).toBe('less than a minute');
    expect(formatDuration(12 * 60 + 59)).toBe('12 m');
    expect(formatDuration(80 * 60)).toBe('1 h 20 m');
    expect(formatDuration(2 * 3600)).toBe('2 h');
    expect(formatDuration(27 * 3600 + 5 * 60)).toBe('1 d 3 h');
  });
  it('says whether an item is due or overdue', () => {
    expect(formatDue(80 * 60)).toBe('due in 1 h 20 m');
    expect(formatDue(-12 * 60)).toBe('overdue by 12 m');
  });
  it('names the time zone it shows', () => {
    expect(formatDateTime('2026-12-01T14:05:00Z', 'UTC')).toBe('1 Dec 2026, 14:05 UTC');
    expect(formatDateTime('2026-12-01T14:05:00Z', 'Europe/Berlin')).toMatch(/^1 Dec 2026, 15:05 (CET|GMT\+1)$/);
    expect(formatDateTime('2026-07-01T14:05:00Z', 'Asia/Manila')).toMatch(/22:05 (PHT|GMT\+8)$/);
  });
});
