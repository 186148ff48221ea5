import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { requireAdmin } from '../auth/roles';
import { BOSS_SCHEMA } from '../jobs/boss';
import { DEAD_LETTER_QUEUE, jobs } from '../jobs/queues';
import { OUTBOUND_TASKS, type OutboundJobKey } from '../amqp/topology';
import type { ListOutboundQuery } from './schemas';

const OUTBOUND = (Object.keys(OUTBOUND_TASKS) as OutboundJobKey[]).map((key) => ({ key, job: jobs[key].name, ...OUTBOUND_TASKS[key] }));
const byJobName = new Map<string, (typeof OUTBOUND)[number]>(OUTBOUND.map((o) => [o.job, o]));
const WAITING_STATES = ['created', 'retry', 'active'];

interface Row {
  id: string;
  name: string;
  state: string;
  data: Record<string, unknown> | null;
  output: Record<string, unknown> | null;
  retry_count: number;
  retry_limit: number;
  created_on: Date | string;
  start_after: Date | string;
  completed_on: Date | string | null;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * Outbound Celery messages (status sync, AMS, BMS, in-app notifications) not yet handed to the
 * broker: `waiting` (queued, or retrying with back-off while the broker is away or the bridge is
 * off) and `failed` (out of retries, or dead-lettered as invalid). They live as pg-boss jobs, so
 * this reads pg-boss's job table; the job id is the Celery task id the message will carry.
 * Admins only.
 */
export async function listOutboundMessages(db: DbOrTx, p: ListOutboundQuery & { actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Listing outbound messages');
  const names = OUTBOUND.map((o) => o.job);
  const job = sql.raw(`${BOSS_SCHEMA}.job`);
  const waiting = sql`(name in ${names} and state::text in ${WAITING_STATES})`;
  // Failed: out of retries, or moved to the dead-letter queue by the worker (payload invalid).
  const failed = sql`((name in ${names} and state = 'failed') or (name = ${DEAD_LETTER_QUEUE} and data->>'queue' in ${names}))`;
  const where = p.state === 'waiting' ? waiting : p.state === 'failed' ? failed : sql`(${waiting} or ${failed})`;

  const rows = Array.from(
    (await db.execute(sql`
      select id::text, name, state::text, data, output, retry_count, retry_limit, created_on, start_after, completed_on
      from ${job} where ${where}
      order by created_on desc, id desc
      limit ${p.limit} offset ${p.offset}`)) as Iterable<Row>,
  );
  const counts = Array.from(
    (await db.execute(sql`
      select count(*) filter (where ${waiting})::int as waiting, count(*) filter (where ${failed})::int as failed
      from ${job} where ${waiting} or ${failed}`)) as Iterable<{ waiting: number; failed: number }>,
  )[0];

  return {
    counts: { waiting: counts?.waiting ?? 0, failed: counts?.failed ?? 0 },
    items: rows.map((r) => {
      const isDeadLettered = r.name === DEAD_LETTER_QUEUE;
      const jobName = isDeadLettered ? String(r.data?.queue) : r.name;
      const target = byJobName.get(jobName);
      return {
        id: r.id,
        celery_task_id: isDeadLettered ? (r.data?.job_id ?? null) : r.id,
        job_queue: jobName,
        amqp_queue: target?.queue ?? null,
        task: target?.task ?? null,
        state: isDeadLettered || r.state === 'failed' ? 'failed' : 'waiting',
        job_state: r.state,
        retry_count: r.retry_count,
        retry_limit: r.retry_limit,
        last_error: isDeadLettered ? (r.data?.reason ?? null) : (r.output?.message ?? null),
        kwargs: isDeadLettered ? (r.data?.data ?? null) : r.data,
        created_at: iso(r.created_on),
        next_attempt_at: !isDeadLettered && r.state !== 'failed' ? iso(r.start_after) : null,
      };
    }),
    limit: p.limit,
    offset: p.offset,
  };
}
