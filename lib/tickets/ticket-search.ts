import { or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { tickets } from '../db/schema';
import { PRIORITIES, PRIORITIES_MOST_URGENT_FIRST } from './priority';

/** Critical first: a ticket's priority as a rank that sorts ascending. */
// Literals, not parameters (they are our constants): the same SQL text whatever the query, so plans are shared.
export const priorityRank = sql<number>`(case ${tickets.priority} ${sql.raw(
  PRIORITIES_MOST_URGENT_FIRST.slice(0, -1)
    .map((p, i) => `when '${p}' then ${i}`)
    .join(' '),
)} else ${sql.raw(String(PRIORITIES.length - 1))} end)`;
export const PRIORITY_RANK: Record<string, number> = Object.fromEntries(PRIORITIES_MOST_URGENT_FIRST.map((p, i) => [p, i]));

/**
 * A search of tickets by number, subject, or the requester's name or email (HDTS's `employee`),
 * case-insensitive, the term's own `%` and `_` taken literally.
 */
export function ticketSearchCondition(q: string): SQL {
  const term = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    sql`${tickets.ticketNumber} ilike ${term}`,
    sql`${tickets.subject} ilike ${term}`,
    sql`${tickets.payload}->'employee'->>'name' ilike ${term}`,
    sql`${tickets.payload}->'employee'->>'email' ilike ${term}`,
  )!;
}

/** An item's SLA state at `now` as SQL, matching slaState() for items not on hold. */
export function slaStateCondition(
  item: { breachedAt: AnyPgColumn; targetAt: AnyPgColumn; warnedAt: AnyPgColumn; warnAt: AnyPgColumn },
  state: 'on_track' | 'at_risk' | 'breached',
  now: Date,
): SQL {
  const n = sql`${now.toISOString()}::timestamptz`;
  const breached = sql`(${item.breachedAt} is not null or ${item.targetAt} <= ${n})`;
  const atRisk = sql`(${item.warnedAt} is not null or ${item.warnAt} <= ${n})`;
  if (state === 'breached') return breached;
  if (state === 'at_risk') return sql`(not ${breached} and ${atRisk})`;
  return sql`(not ${breached} and not ${atRisk})`;
}

/** An item in any of these SLA states at `now` (the filters' "SLA: at risk or breached"). */
export function slaStatesCondition(
  item: { breachedAt: AnyPgColumn; targetAt: AnyPgColumn; warnedAt: AnyPgColumn; warnAt: AnyPgColumn },
  states: ReadonlyArray<'on_track' | 'at_risk' | 'breached'>,
  now: Date,
): SQL {
  return or(...states.map((s) => slaStateCondition(item, s, now)))!;
}
