import type { BusinessCalendar } from '../db/schema';

/**
 * Working-time arithmetic for SLA targets. Without a calendar every second counts. With one, only
 * the hours between `start` and `end` local time (in the calendar's IANA timezone) of working days
 * that are not holidays count. Local times are turned into instants with Intl, so daylight-saving
 * changes move the working hours with the wall clock, as people expect.
 */

interface LocalDate {
  y: number;
  m: number; // 1-12
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** True when `timezone` is an IANA zone this runtime knows. */
export function isValidTimezone(timezone: string): boolean {
  try {
    formatterFor(timezone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a timezone. */
function localParts(ms: number, timezone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timezone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour, min: parts.minute, s: parts.second };
}

/** Offset of the timezone from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(ms: number, timezone: string): number {
  const p = localParts(ms, timezone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a local wall-clock time happens in a timezone (the later offset wins in a gap). */
function zonedToInstant(date: LocalDate, minutes: number, timezone: string): number {
  const guess = Date.UTC(date.y, date.m - 1, date.d) + minutes * 60_000;
  const first = guess - offsetAt(guess, timezone);
  const second = guess - offsetAt(first, timezone);
  return second;
}

function localDateOf(ms: number, timezone: string): LocalDate {
  const p = localParts(ms, timezone);
  return { y: p.y, m: p.m, d: p.d };
}

function nextDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.y, date.m - 1, date.d + 1));
  return { y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() };
}

function isoDate(date: LocalDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

/** ISO weekday, 1 = Monday ... 7 = Sunday. */
function isoWeekday(date: LocalDate): number {
  const day = new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** "HH:MM" to minutes after midnight; "24:00" is the end of the day. */
export function parseClock(value: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** The working interval [from, to) of one local date in ms, or null on a day off. */
function workingInterval(date: LocalDate, calendar: BusinessCalendar, holidays: Set<string>): [number, number] | null {
  if (!calendar.workingDays.includes(isoWeekday(date)) || holidays.has(isoDate(date))) return null;
  const start = parseClock(calendar.start);
  const end = parseClock(calendar.end);
  if (start === null || end === null || end <= start) return null;
  return [zonedToInstant(date, start, calendar.timezone), zonedToInstant(date, end, calendar.timezone)];
}

// A calendar with no working time at all (every working day a holiday) must not loop forever:
// ten years without a working minute is treated as a broken calendar.
const MAX_DAYS = 3660;

/** Walks the working intervals that end after `fromMs`, in order, clipped to start at `fromMs`. */
function* workingIntervalsFrom(fromMs: number, calendar: BusinessCalendar): Generator<[number, number]> {
  const holidays = new Set(calendar.holidays);
  // Start one local day early: a working day of a zone far east of UTC can begin before `fromMs`'s date.
  let date = localDateOf(fromMs - 24 * 3600_000, calendar.timezone);
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    const interval = workingInterval(date, calendar, holidays);
    if (!interval || interval[1] <= fromMs) continue;
    yield [Math.max(interval[0], fromMs), interval[1]];
  }
  throw new Error(`Business calendar (${calendar.timezone}) has no working time in ten years`);
}

/**
 * `start` plus `seconds` of working time. Without a calendar every second counts. When the SLA runs
 * out exactly at the end of a working day the target is that end, not the next morning.
 */
export function addWorkingSeconds(start: Date, seconds: number, calendar: BusinessCalendar | null): Date {
  if (!calendar) return new Date(start.getTime() + seconds * 1000);
  if (seconds <= 0) return new Date(start.getTime());
  let remaining = seconds * 1000;
  for (const [from, to] of workingIntervalsFrom(start.getTime(), calendar)) {
    if (remaining <= to - from) return new Date(from + remaining);
    remaining -= to - from;
  }
  throw new Error('unreachable');
}

/** Working seconds between two instants (0 when `end` is not after `start`). */
export function workingSecondsBetween(start: Date, end: Date, calendar: BusinessCalendar | null): number {
  const a = start.getTime();
  const b = end.getTime();
  if (b <= a) return 0;
  if (!calendar) return Math.round((b - a) / 1000);
  let total = 0;
  for (const [from, to] of workingIntervalsFrom(a, calendar)) {
    if (from >= b) break;
    total += Math.min(to, b) - from;
  }
  return Math.round(total / 1000);
}
