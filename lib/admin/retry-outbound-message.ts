import { sql } from 'drizzle-orm';
import { OUTBOUND_TASKS, type OutboundJobKey } from '../amqp/topology';
import { recordAudit } from '../audit/record-audit';
import { requireAdmin } from '../auth/roles';
import type { Db } from '../db/client';
import { AppError, notFound } from '../errors';
import { BOSS_SCHEMA } from '../jobs/boss';
import { DEAD_LETTER_QUEUE, jobs } from '../jobs/queues';
import { displayText } from '../display-text';

const OUTBOUND_JOB_NAMES: string[] = (Object.keys(OUTBOUND_TASKS) as OutboundJobKey[]).map((key) => jobs[key].name);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * "Retry now" on an outbound Celery message (the pg-boss job that publishes it): one waiting out
 * its back-off is made due at once; one that ran out of retries is given one more try, now. The
 * job keeps its id, which is the Celery task id it publishes with, so a message that did reach the
 * broker before its confirm was lost goes out again with the same id (consumers de-duplicate on
 * it). One being published right now (`active`) is left alone; one dead-lettered because its
 * payload is invalid would fail the same way again, so it is refused (409).
 */
export async function retryOutboundMessage(db: Db, p: { actorUserId: number; jobId: string }) {
  await requireAdmin(db, p.actorUserId, 'Retrying outbound messages');
  if (!UUID.test(p.jobId)) throw notFound('Outbound message');
  const job = sql.raw(`${BOSS_SCHEMA}.job`);
  return db.transaction(async (tx) => {
    const found = Array.from(
      (await tx.execute(sql`select id::text, name, state::text, data from ${job} where id = ${p.jobId}::uuid for update`)) as Iterable<{
        id: string;
        name: string;
        state: string;
        data: Record<string, unknown> | null;
      }>,
    )[0];
    if (!found) throw notFound('Outbound message');
    if (found.name === DEAD_LETTER_QUEUE && OUTBOUND_JOB_NAMES.includes(String(found.data?.queue))) {
      throw new AppError('CONFLICT', `This message was set aside because it is invalid (${displayText(found.data?.reason) || 'no reason'}); retrying cannot help`);
    }
    if (!OUTBOUND_JOB_NAMES.includes(found.name)) throw notFound('Outbound message');
    if (found.state === 'active') throw new AppError('CONFLICT', 'This message is being published right now');
    if (!['created', 'retry', 'failed'].includes(found.state)) throw new AppError('CONFLICT', `This message is ${found.state}; there is nothing to retry`);
    await tx.execute(sql`
      update ${job}
         set start_after = now(),
             state = case when state = 'failed' then 'retry'::${sql.raw(`${BOSS_SCHEMA}.job_state`)} else state end,
             retry_limit = case when state = 'failed' then greatest(retry_limit, retry_count + 1) else retry_limit end,
             completed_on = case when state = 'failed' then null else completed_on end
       where id = ${p.jobId}::uuid`);
    await recordAudit(tx, {
      actorUserId: p.actorUserId,
      action: 'outbound.retry_now',
      entityType: 'outbound_message',
      entityId: found.id,
      data: { job_queue: found.name, previous_state: found.state },
    });
    return { id: found.id, previousState: found.state };
  });
}
