import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../db/schema';
import { addWorkingSeconds, workingSecondsBetween } from './business-time';
import { slaWindow } from './targets';

const H = 3600;
const berlin: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  holidays: ['2026-12-25'],
};
const at = (iso: string) => new Date(iso);

describe('addWorkingSeconds', () => {
  it('counts every second without a calendar', () => {
    expect(addWorkingSeconds(at('2026-03-06T16:00:00Z'), 5 * H, null).toISOString()).toBe('2026-03-06T21:00:00.000Z');
  });

  it('stays inside one working day when the time fits (Berlin is UTC+1 in winter)', () => {
    // Mon 2 Mar 2026 10:00 local = 09:00Z; +3 h -> 13:00 local.
    expect(addWorkingSeconds(at('2026-03-02T09:00:00Z'), 3 * H, berlin).toISOString()).toBe('2026-03-02T12:00:00.000Z');
  });

  it('ends exactly at closing time rather than the next morning', () => {
    expect(addWorkingSeconds(at('2026-03-02T08:00:00Z'), 8 * H, berlin).toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('carries over the night and the weekend', () => {
    // Fri 6 Mar 15:00 local: 2 h left that day, 3 h more on Monday 9 Mar -> 12:00 local.
    expect(addWorkingSeconds(at('2026-03-06T14:00:00Z'), 5 * H, berlin).toISOString()).toBe('2026-03-09T11:00:00.000Z');
  });

  it('starts counting at opening time when started outside working hours', () => {
    // Sat 7 Mar: nothing until Mon 9 Mar 09:00 local (08:00Z).
    expect(addWorkingSeconds(at('2026-03-07T12:00:00Z'), 1 * H, berlin).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    // Mon 06:00 local, before opening.
    expect(addWorkingSeconds(at('2026-03-09T05:00:00Z'), 30 * 60, berlin).toISOString()).toBe('2026-03-09T08:30:00.000Z');
  });

  it('skips holidays', () => {
    // Thu 24 Dec 2026 16:00 local: 1 h left, Fri 25 Dec is a holiday, then the weekend: Mon 28 Dec 10:00 local.
    expect(addWorkingSeconds(at('2026-12-24T15:00:00Z'), 2 * H, berlin).toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('follows the wall clock across a daylight-saving change', () => {
    // Fri 27 Mar 2026 16:00 CET (15:00Z); clocks go forward on Sun 29 Mar; Mon 10:00 CEST is 08:00Z.
    expect(addWorkingSeconds(at('2026-03-27T15:00:00Z'), 2 * H, berlin).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('works for a zone east of UTC whose working day starts on the previous UTC date', () => {
    const tokyo: BusinessCalendar = { timezone: 'Asia/Tokyo', workingDays: [1, 2, 3, 4, 5], start: '08:00', end: '12:00', holidays: [] };
    // Mon 2 Mar 2026 08:00 JST is Sun 1 Mar 23:00Z.
    expect(addWorkingSeconds(at('2026-03-01T22:00:00Z'), 1 * H, tokyo).toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('gives an SLA window whose warning also counts working time only', () => {
    // 10 working hours from Mon 09:00 local: warn at 80% = 8 h -> Mon 17:00, target -> Tue 11:00.
    const w = slaWindow(at('2026-03-02T08:00:00Z'), 10 * H, 0.8, berlin);
    expect(w.warnAt.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(w.targetAt.toISOString()).toBe('2026-03-03T10:00:00.000Z');
  });
});

describe('workingSecondsBetween', () => {
  it('is wall-clock time without a calendar and 0 backwards', () => {
    expect(workingSecondsBetween(at('2026-03-02T00:00:00Z'), at('2026-03-02T01:30:00Z'), null)).toBe(5400);
    expect(workingSecondsBetween(at('2026-03-02T02:00:00Z'), at('2026-03-02T01:00:00Z'), null)).toBe(0);
  });

  it('counts only working hours over a weekend and a holiday', () => {
    // Fri 6 Mar 16:00 local -> Mon 9 Mar 10:00 local: 1 h + 1 h.
    expect(workingSecondsBetween(at('2026-03-06T15:00:00Z'), at('2026-03-09T09:00:00Z'), berlin)).toBe(2 * H);
    // Thu 24 Dec 2026 16:00 -> Mon 28 Dec 09:30 local: 1 h + 30 min.
    expect(workingSecondsBetween(at('2026-12-24T15:00:00Z'), at('2026-12-28T08:30:00Z'), berlin)).toBe(1.5 * H);
  });

  it('is the inverse of addWorkingSeconds', () => {
    const start = at('2026-03-05T13:17:00Z');
    for (const s of [60, 4 * H, 9 * H, 37 * H + 123]) {
      expect(workingSecondsBetween(start, addWorkingSeconds(start, s, berlin), berlin)).toBe(s);
    }
  });
});
