/**
 * The invariants a ticket stream must end in, whatever was killed along the way, read from the
 * database and from what the stand-in consumers received. Every count is of this run's tickets only
 * (ticket numbers with the run's prefix).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../lib/db/client';
import { QUEUES } from '../../lib/amqp/topology';
import { jobs } from '../../lib/jobs/queues';
import { jobModules } from '../../workers/jobs';
import { rowsOf, type PlannedMessage, type ReceivedTask } from './harness';

/**
 * The queues this build's worker process takes jobs from (with AMQP_URL set): a job due in one of
 * them and not taken is stuck. Jobs of a queue no worker serves yet wait by design.
 */
const servedQueues = [
  ...jobModules.map((m) => jobs[m.key].name),
  jobs.ticketStatusSync.name,
  jobs.amsWorkflowCompletion.name,
  jobs.bmsBudgetApproval.name,
];

/** How long after the work is done a scenario waits for leftover jobs (expiry 30 s + maintenance 10 s + margin). */
export const JOBS_SETTLE_SECONDS = 60;

export interface TicketStreamExpectation {
  prefix: string;
  planned: PlannedMessage[];
}

/** The distinct tickets and poison messages a plan holds. */
export function expectedOf(planned: PlannedMessage[]) {
  const numbers = new Set(planned.filter((m) => m.ticketNumber && m.kind !== 'poison').map((m) => m.ticketNumber!));
  const poisonIds = new Set(planned.filter((m) => m.kind === 'poison').map((m) => m.message.id));
  const goodIds = new Set(planned.filter((m) => m.kind !== 'poison').map((m) => m.message.id));
  return { numbers, poisonIds, goodIds };
}

/** The ticket number a status sync is about ('' if it names none). */
const ticketIdOf = (t: ReceivedTask) => (typeof t.kwargs.ticket_id === 'string' ? t.kwargs.ticket_id : '');

/** How far the stream has got: tickets stored, routed, and status syncs received (cheap; polled). */
export async function progress(db: Db, prefix: string, received: ReceivedTask[]) {
  const [r] = rowsOf<{ stored: number; routed: number }>(
    await db.execute(sql`
      select count(*)::int as stored, count(*) filter (where routing_status = 'routed')::int as routed
      from tickets where ticket_number like ${prefix + '%'}`),
  );
  const synced = new Set(received.filter((t) => ticketIdOf(t).startsWith(prefix)).map(ticketIdOf));
  return { ...r, synced: synced.size };
}

export interface TicketStreamCounts {
  tickets: number;
  lost: number;
  duplicated: number;
  deadLettered: number;
  /** Second copies in the dead-letter queue (same task id): the ack of the first was cut off. */
  deadLetterCopies: number;
  doubleSends: number;
  failures: string[];
}

/**
 * - every ticket stored once (none lost, none extra), routed, with one task and one first item;
 * - one task_assignment notification per item (no duplicate notification);
 * - one status sync job per ticket, completed; the stand-in received each one's task id, and a
 *   second message for a ticket only ever as a copy under the same task id (a double send: the
 *   kill fell between the broker's confirm and the job's completion);
 * - every poison message dead-lettered (recorded once, and in `<queue>.dead-letter`, where a copy
 *   may sit twice under its own task id when an ack was cut off), nothing else;
 * - every good task id claimed once in inbound_messages;
 * - no job of any queue failed, stuck (active, retry, or created and not taken) or dead-lettered.
 */
export async function checkTicketStream(
  db: Db,
  e: TicketStreamExpectation,
  received: ReceivedTask[],
  /** The task ids of the copies in `<queue>.dead-letter` (drainDeadLetterIds). */
  deadLetterQueueIds: string[],
): Promise<TicketStreamCounts> {
  const { numbers, poisonIds, goodIds } = expectedOf(e.planned);
  const like = e.prefix + '%';
  const failures: string[] = [];

  const stored = rowsOf<{ ticket_number: string; routing_status: string; tasks: number; items: number; first_items: number; assignment_notes: number }>(
    await db.execute(sql`
      select t.ticket_number, t.routing_status,
        (select count(*)::int from tasks k where k.ticket_id = t.id) as tasks,
        (select count(*)::int from task_items i join tasks k on k.id = i.task_id where k.ticket_id = t.id) as items,
        (select count(*)::int from task_items i join tasks k on k.id = i.task_id where k.ticket_id = t.id and i.previous_item_id is null) as first_items,
        (select count(*)::int from notifications n join task_items i on i.id = n.task_item_id join tasks k on k.id = i.task_id
           where k.ticket_id = t.id and n.type = 'task_assignment') as assignment_notes
      from tickets t where t.ticket_number like ${like}`),
  );
  const storedNumbers = new Set(stored.map((s) => s.ticket_number));
  const lost = [...numbers].filter((n) => !storedNumbers.has(n));
  const extra = stored.filter((s) => !numbers.has(s.ticket_number));
  if (lost.length) failures.push(`${lost.length} tickets lost (e.g. ${lost.slice(0, 3).join(', ')})`);
  if (extra.length) failures.push(`${extra.length} tickets stored that were never sent valid (e.g. ${extra[0].ticket_number})`);
  const notRouted = stored.filter((s) => s.routing_status !== 'routed');
  if (notRouted.length) failures.push(`${notRouted.length} tickets not routed (e.g. ${notRouted[0].ticket_number}: ${notRouted[0].routing_status})`);
  const badTasks = stored.filter((s) => s.tasks !== 1 || s.items !== 1 || s.first_items !== 1);
  if (badTasks.length) {
    const b = badTasks[0];
    failures.push(`${badTasks.length} tickets without exactly one task and one first item (e.g. ${b.ticket_number}: ${b.tasks} tasks, ${b.items} items)`);
  }
  const badNotes = stored.filter((s) => s.routing_status === 'routed' && s.assignment_notes !== 1);
  if (badNotes.length) failures.push(`${badNotes.length} items without exactly one assignment notification (e.g. ${badNotes[0].ticket_number}: ${badNotes[0].assignment_notes})`);

  // Status syncs: the jobs, and what reached the stand-in.
  const syncJobs = rowsOf<{ id: string; ticket_id: string; state: string }>(
    await db.execute(sql`select id::text, data->>'ticket_id' as ticket_id, state::text from pgboss.job
      where name = 'ticket-status-sync' and data->>'ticket_id' like ${like}`),
  );
  const jobsByTicket = new Map<string, string[]>();
  for (const j of syncJobs) jobsByTicket.set(j.ticket_id, [...(jobsByTicket.get(j.ticket_id) ?? []), j.id]);
  const twoSyncJobs = [...jobsByTicket.entries()].filter(([, ids]) => ids.length !== 1);
  if (twoSyncJobs.length) failures.push(`${twoSyncJobs.length} tickets with ${twoSyncJobs[0][1].length} status-sync jobs (e.g. ${twoSyncJobs[0][0]})`);
  const noSyncJob = [...storedNumbers].filter((n) => numbers.has(n) && !jobsByTicket.has(n));
  if (noSyncJob.length) failures.push(`${noSyncJob.length} tickets with no status-sync job (e.g. ${noSyncJob[0]})`);

  const syncs = received.filter((r) => ticketIdOf(r).startsWith(e.prefix));
  const idsByTicket = new Map<string, Map<string, number>>();
  for (const s of syncs) {
    const t = String(s.kwargs.ticket_id);
    const m = idsByTicket.get(t) ?? new Map<string, number>();
    m.set(s.id, (m.get(s.id) ?? 0) + 1);
    idsByTicket.set(t, m);
  }
  let doubleSends = 0;
  let differentIds = 0;
  for (const [ticket, ids] of idsByTicket) {
    if (ids.size > 1) differentIds++;
    for (const [id, n] of ids) {
      doubleSends += n - 1;
      if (!(jobsByTicket.get(ticket) ?? []).includes(id)) failures.push(`status sync for ${ticket} arrived under task id ${id}, which is not its job's id`);
    }
  }
  if (differentIds) failures.push(`${differentIds} tickets got status syncs under different task ids (a duplicate, not a re-send)`);
  const completedNotReceived = syncJobs.filter((j) => j.state === 'completed' && !idsByTicket.get(j.ticket_id)?.has(j.id));
  if (completedNotReceived.length) failures.push(`${completedNotReceived.length} status syncs completed but never reached the queue (e.g. ${completedNotReceived[0].ticket_id})`);
  const notSent = [...numbers].filter((n) => !idsByTicket.has(n));
  if (notSent.length && !lost.length) failures.push(`${notSent.length} tickets whose status sync never arrived (e.g. ${notSent[0]})`);

  failures.push(...(await findStuckJobs(db)));

  // Inbound: each good task id claimed once; poison dead-lettered once each, nothing else.
  const claimed = rowsOf<{ message_id: string }>(
    await db.execute(sql`select message_id from inbound_messages where message_id in (select jsonb_array_elements_text(${JSON.stringify([...goodIds].map((id) => `celery:${id}`))}::jsonb))`),
  );
  if (claimed.length !== goodIds.size) failures.push(`${goodIds.size - claimed.length} good task ids never claimed`);
  const dead = rowsOf<{ message_id: string | null; reason: string }>(
    await db.execute(sql`select message_id, reason from dead_letters where queue = ${QUEUES.ticketTasks}`),
  );
  const deadPoison = dead.filter((d) => d.message_id && poisonIds.has(d.message_id.replace(/^celery:/, '')));
  if (deadPoison.length !== poisonIds.size) failures.push(`${deadPoison.length} of ${poisonIds.size} poison messages dead-lettered`);
  if (dead.length !== deadPoison.length) failures.push(`${dead.length - deadPoison.length} good messages dead-lettered (e.g. ${dead.find((d) => !deadPoison.includes(d))?.reason})`);
  const parked = new Set(deadLetterQueueIds);
  const notParked = [...poisonIds].filter((id) => !parked.has(id));
  if (notParked.length) failures.push(`${notParked.length} poison messages missing from ${QUEUES.ticketTasks}.dead-letter`);
  const wrongParked = [...parked].filter((id) => !poisonIds.has(id));
  if (wrongParked.length) failures.push(`${wrongParked.length} good messages in ${QUEUES.ticketTasks}.dead-letter`);

  return {
    tickets: numbers.size,
    lost: lost.length,
    duplicated: badTasks.filter((b) => b.tasks > 1 || b.first_items > 1).length + badNotes.filter((b) => b.assignment_notes > 1).length + differentIds,
    deadLettered: deadPoison.length,
    deadLetterCopies: deadLetterQueueIds.length - parked.size,
    doubleSends,
    failures,
  };
}

/**
 * Jobs that are failed, moved to dead-jobs, or stuck: active for over 15 s (every job here takes
 * milliseconds to seconds), or, in a queue a worker serves, due over 15 s ago and not taken. A job
 * a killed worker held stays active until its expiry (20-30 s) and pg-boss's next maintenance
 * (10 s) hand it out again, so callers poll this until it is empty, within a bound.
 */
export async function findStuckJobs(db: Db): Promise<string[]> {
  const jobStates = rowsOf<{ name: string; state: string; n: number }>(
    await db.execute(sql`select name, state::text, count(*)::int as n from pgboss.job
      where state = 'failed' or name = 'dead-jobs'
         or (state = 'active' and started_on < now() - interval '15 seconds')
         or (state in ('created', 'retry') and start_after < now() - interval '15 seconds'
             and name in (select jsonb_array_elements_text(${JSON.stringify(servedQueues)}::jsonb)))
      group by name, state order by name, state`),
  );
  return jobStates.map((s) => (s.name === 'dead-jobs' ? `${s.n} jobs moved to dead-jobs (${s.state})` : `${s.n} ${s.name} jobs ${s.state === 'failed' ? 'failed' : `left ${s.state}`}`));
}
