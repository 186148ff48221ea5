import { type SQL, sql } from 'drizzle-orm';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

/**
 * Lower edges (seconds) of the working-time buckets, roughly doubling: bucket 0 is under a minute,
 * bucket i (1..) is [DURATION_EDGES[i-1], DURATION_EDGES[i]), the last is everything from 30 days.
 * Changing them needs the dashboard_duration_days rows rebuilt.
 */
export const DURATION_EDGES = [
  MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, 45 * MIN, HOUR, 1.5 * HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR,
  8 * HOUR, 12 * HOUR, 18 * HOUR, DAY, 1.5 * DAY, 2 * DAY, 3 * DAY, 4 * DAY, 5 * DAY, 7 * DAY, 14 * DAY, 30 * DAY,
];

/** The bucket of a duration column, as SQL (`width_bucket` over the edges: 0 below the first). */
export function durationBucketSql(seconds: SQL): SQL {
  return sql`width_bucket(${seconds}, array[${sql.raw(DURATION_EDGES.join(', '))}]::int[])`;
}

/** [lo, hi) of a bucket; null for an open end. */
export function bucketBounds(bucket: number): { lo: number | null; hi: number | null } {
  return { lo: bucket === 0 ? null : DURATION_EDGES[bucket - 1], hi: bucket >= DURATION_EDGES.length ? null : DURATION_EDGES[bucket] };
}
