import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { steps, workflows } from '../db/schema';
import { seedDemoData } from '../testing/fixtures';
import { startTicket } from '../testing/engine';
import { createTestDb, type TestDb } from '../testing/test-db';
import { dashboardContext, queryStepMedians } from './get-dashboard';
import { dashboardQuerySchema } from './schemas';

let t: TestDb;
const DAY = 86_400_000;
const now = new Date();

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
  // One real task for the ids; then resolved items with random durations (many sharing a
  // bucket, some equal, some under a minute, some over 30 days) over the last 20 days.
  const { taskId } = await startTicket(t.db, { priority: 'Low' }, new Date(now.getTime() - 25 * DAY));
  const [wf] = await t.db.select().from(workflows).where(eq(workflows.name, 'Asset Check In'));
  const [step] = await t.db.select().from(steps).where(eq(steps.workflowVersionId, wf.currentVersionId!)).limit(1);
  await t.db.execute(sql`select setseed(0.7)`);
  await t.db.execute(sql`
    insert into task_items (task_id, step_id, role_id, user_id, status, assigned_at, acted_at, target_at, warn_at, held_seconds)
    select ${taskId}, ${step.id}, 1, 101, 'resolved', a - d, a, a, a, h
      from (select ${now.toISOString()}::timestamptz - random() * interval '20 days' as a,
                   (case when i % 50 = 0 then interval '40 days' when i % 7 = 0 then interval '3600 seconds'
                         else (random() * random() * 200000)::int * interval '1 second' end) as d,
                   case when i % 9 = 0 then (random() * 30)::int else 0 end as h
              from generate_series(1, 1501) i) x`);
});
afterAll(async () => t.drop());

/** The same median the slow way, to compare with. */
async function percentile(from: Date, to: Date) {
  const [row] = Array.from(
    (await t.db.execute(sql`select percentile_cont(0.5) within group (order by work_seconds)::float8 as m, count(*)::int as n from task_items
      where status = 'resolved' and acted_at >= ${from.toISOString()}::timestamptz and acted_at < ${to.toISOString()}::timestamptz`)) as Iterable<{ m: number; n: number }>,
  );
  return row;
}

describe('queryStepMedians', () => {
  it('is exact, for odd and even counts, from the daily totals and live', async () => {
    let compared = 0;
    for (const [from, to] of [
      [20, 0],
      [3, 0],
      [12, 9],
      [1, 1],
      [19, 2],
      [7, 4],
      [15, 5],
    ] as const) {
      const f = new Date(now.getTime() - from * DAY).toISOString().slice(0, 10);
      const tDay = new Date(now.getTime() - to * DAY).toISOString().slice(0, 10);
      const c = await dashboardContext(t.db, { actorUserId: 101, query: dashboardQuerySchema.parse({ from: f, to: tDay }), now });
      const expected = await percentile(c.range.start, c.range.end);
      const got = await queryStepMedians(t.db, c);
      expect(got).toHaveLength(1);
      expect({ n: got[0].n, m: got[0].median_seconds }).toEqual({ n: expected.n, m: expected.m });
      compared += expected.n % 2 === 0 ? 10 : 1;
    }
    // Both an odd and an even count were among them.
    expect(compared % 10).toBeGreaterThan(0);
    expect(compared).toBeGreaterThanOrEqual(10);
  });
});
