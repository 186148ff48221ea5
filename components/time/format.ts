/** Formatting of times and durations for people; one place so every page says them the same way. */

/** "1 d 3 h", "1 h 20 m", "12 m", "less than a minute": the two largest units, rounded down. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.trunc(seconds));
  if (s < 60) return 'less than a minute';
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} m` : `${h} h`;
  return `${m} m`;
}

/** "due in 1 h 20 m" or "overdue by 12 m", from the seconds left (negative: overdue). */
export function formatDue(secondsLeft: number): string {
  return secondsLeft >= 0 ? `due in ${formatDuration(secondsLeft)}` : `overdue by ${formatDuration(secondsLeft)}`;
}

/** A date and time in `timeZone` (undefined: the runtime's), with the zone named: "1 Dec 2026, 14:05 CET". */
export function formatDateTime(iso: string | Date, timeZone?: string, withSeconds = false): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(date);
}
