/**
 * Ticket priorities, the one list: lowest first, as HDTS names them. Steps keep an SLA per
 * priority, the intake schema accepts these (and "Urgent" for Critical), lists sort by them.
 */
export const PRIORITIES = ['Low', 'Medium', 'High', 'Critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Most urgent first: how lists, filters, dashboards and SLA tables show them. */
export const PRIORITIES_MOST_URGENT_FIRST: readonly Priority[] = [...PRIORITIES].reverse();

export function isPriority(v: unknown): v is Priority {
  return typeof v === 'string' && (PRIORITIES as readonly string[]).includes(v);
}
