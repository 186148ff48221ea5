import type { BusinessCalendar } from '../db/schema';

/**
 * `start` plus `seconds` of working time. Without a calendar every second counts.
 * (Business calendars are implemented with the workflow engine; until then wall-clock time.)
 */
export function addWorkingSeconds(start: Date, seconds: number, calendar: BusinessCalendar | null): Date {
  if (!calendar) return new Date(start.getTime() + seconds * 1000);
  return new Date(start.getTime() + seconds * 1000);
}
