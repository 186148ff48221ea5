import type { BusinessCalendar } from '../db/schema';
import { addWorkingSeconds } from './business-time';

export interface SlaWindow {
  targetAt: Date;
  warnAt: Date;
}

/**
 * The moment `seconds` of SLA time after `start` run out, and the moment `warningShare` of them
 * have: wall-clock time, or working time only when the workflow has a business calendar.
 */
export function slaWindow(start: Date, seconds: number, warningShare: number, calendar: BusinessCalendar | null): SlaWindow {
  return {
    targetAt: addWorkingSeconds(start, seconds, calendar),
    warnAt: addWorkingSeconds(start, Math.round(seconds * warningShare), calendar),
  };
}

/** An item's share of the task SLA: SLA x step weight / sum of the weights of the version's steps. */
export function stepSeconds(slaSeconds: number, weight: number, totalWeight: number): number {
  if (totalWeight <= 0) return slaSeconds;
  return Math.round((slaSeconds * weight) / totalWeight);
}
