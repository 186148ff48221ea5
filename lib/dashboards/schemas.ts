import { z } from 'zod';
import { INT4_MAX } from '../validation';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .trim()
  .regex(DAY, 'must be a date, YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'must be a real date');

export const MAX_RANGE_DAYS = 3 * 366;
export const DEFAULT_RANGE_DAYS = 30;

/**
 * The dashboard's filters, as its URL carries them: `from` and `to` are UTC days, both included
 * (default: the last 30 days up to today); `workflow` narrows everything to one workflow.
 */
export const dashboardQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    workflow: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().max(INT4_MAX).optional()),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'to must not be before from' })
  .refine((q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_RANGE_DAYS, {
    path: ['from'],
    message: `the range may span at most ${MAX_RANGE_DAYS} days`,
  });
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export interface DashboardRange {
  /** First day, included (YYYY-MM-DD, UTC). */
  from: string;
  /** Last day, included. */
  to: string;
  /** The instants: [start, end). */
  start: Date;
  end: Date;
  days: string[];
  workflowId: number | null;
}

const DAY_MS = 86_400_000;
export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (dayText: string, n: number) => utcDay(new Date(Date.parse(`${dayText}T00:00:00Z`) + n * DAY_MS));

/** The query's range made concrete against `now` (a `from` alone runs to today, or to itself when in the future). */
export function resolveRange(q: DashboardQuery, now: Date): DashboardRange {
  const to = q.to ?? (q.from && q.from > utcDay(now) ? q.from : utcDay(now));
  // A `from` alone may reach back further than the schema lets a pair span: kept to that span.
  const earliest = addDays(to, -(MAX_RANGE_DAYS - 1));
  const from = q.from ? (q.from < earliest ? earliest : q.from) : addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS);
  const count = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  const days = Array.from({ length: count }, (_, i) => addDays(from, i));
  return { from, to, start, end, days, workflowId: q.workflow ?? null };
}
