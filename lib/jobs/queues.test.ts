import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOUND_TASKS } from '../amqp/topology';
import { createTestDb, type TestDb } from '../testing/test-db';
// @ts-expect-error pg-boss ships no types for its SQL plans
import bossPlans from 'pg-boss/src/plans';
import { BOSS_SCHEMA } from './boss';
import { earlierPendingStatusSyncQuery } from './ordering';
import { SHORT_JOB_EXPIRY_SECONDS, jobs } from './queues';

/** The one SQL plan of pg-boss this reads: the fetch of the next job(s) of a queue. */
const plans = bossPlans as { fetchNextJob(schema: string): (o: { includeMetadata: boolean }) => string };

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

describe('pg-boss queues as migrated', () => {
  it('a killed worker strands routing, email and outbound jobs for seconds, not pg-boss default 15 minutes', async () => {
    const names = ['routeTickets', 'emailDeliver', ...Object.keys(OUTBOUND_TASKS)].map((k) => jobs[k as keyof typeof jobs].name);
    const rows = Array.from(
      (await t.db.execute(sql`select name, policy, expire_seconds from pgboss.queue where name in ${names} order by name`)) as Iterable<{
        name: string;
        policy: string;
        expire_seconds: number;
      }>,
    );
    expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
    for (const r of rows) {
      // Email deliveries carry their own 30 s (issue 7); routing and outbound jobs the shared expiry.
      if (r.name === jobs.emailDeliver.name) expect(r.expire_seconds, r.name).toBeLessThanOrEqual(30);
      else expect(r.expire_seconds, r.name).toBe(SHORT_JOB_EXPIRY_SECONDS);
    }
    // One queued wake-up at a time, however many intakes send one.
    expect(rows.find((r) => r.name === 'ticket-route')?.policy).toBe('short');
  });
});

describe('status sync ordering at a backlog', () => {
  it('fetches the next job, and asks for an earlier pending status of its ticket, through indexes, not a scan of every queued job', async () => {
    await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`
          insert into pgboss.job (name, data, start_after)
          select ${jobs.ticketStatusSync.name}, jsonb_build_object('ticket_id', 'TXPLAN' || g, 'status', 'Open'), now() - interval '1 minute'
          from generate_series(1, 20000) g`);
        await tx.execute(sql`analyze pgboss.job`);
        const [me] = Array.from(
          (await tx.execute(sql`select id::text from pgboss.job where name = ${jobs.ticketStatusSync.name} order by created_on desc, id desc limit 1`)) as Iterable<{
            id: string;
          }>,
        );
        const plan = Array.from((await tx.execute(sql`explain ${earlierPendingStatusSyncQuery(me.id)}`)) as Iterable<Record<string, string>>)
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan).toMatch(/(Index|Index Only|Bitmap Index) Scan (using|on) \S*expr_created_on_id_idx/);
        expect(plan).not.toMatch(/Seq Scan/);

        // pg-boss's own fetch (the SQL of the installed version): the next job in order, read from
        // job_fetch_order_idx's partition index, not a sort of all 20,000 queued.
        const fetch = plans
          .fetchNextJob(BOSS_SCHEMA)({ includeMetadata: true })
          .replaceAll('$1', `'${jobs.ticketStatusSync.name}'`)
          .replaceAll('$2', '1');
        const fetchPlan = Array.from((await tx.execute(sql.raw(`explain ${fetch}`))) as Iterable<Record<string, string>>)
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(fetchPlan).toMatch(/Index Scan using \S*name_priority_created_on_id_idx/);
        expect(fetchPlan).not.toMatch(/Sort Key: job\.priority|Seq Scan/);
        tx.rollback();
      })
      .catch((err: Error) => {
        if (!/rollback/i.test(err.message)) throw err;
      });
  });
});
