import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isOpenItemSql, taskItems, tickets } from '../db/schema';
import { intakeTicket } from '../tickets/intake-ticket';
import { routeTicket } from '../tickets/route-ticket';
import { ticketPayload } from './fixtures';

/** Takes in and routes a ticket (at `now`), as ingestion would; returns its task and first item. */
export async function startTicket(db: Db, overrides: Record<string, unknown> = {}, now = new Date()) {
  const { ticket } = await intakeTicket(db, { payload: ticketPayload(overrides), source: 'http', submittedBy: 501 });
  const routed = await routeTicket(db, ticket.id, now);
  if (routed.outcome !== 'routed') throw new Error(`ticket ${ticket.ticketNumber} was not routed: ${JSON.stringify(routed)}`);
  return { ticket, taskId: routed.taskId, itemId: routed.taskItemId };
}

/** The task's one open item. */
export async function openItemOf(db: Db, taskId: number) {
  const rows = await db
    .select()
    .from(taskItems)
    .where(and(eq(taskItems.taskId, taskId), isOpenItemSql(taskItems.status)));
  if (rows.length !== 1) throw new Error(`task ${taskId} has ${rows.length} open items`);
  return rows[0];
}

export async function itemsOf(db: Db, taskId: number) {
  return db.select().from(taskItems).where(eq(taskItems.taskId, taskId)).orderBy(asc(taskItems.id));
}

/** Payloads of the pg-boss jobs queued on a queue, oldest first. */
export async function queuedJobs(db: Db, queue: string): Promise<Array<Record<string, unknown>>> {
  const rows = await db.execute(sql`select data from pgboss.job where name = ${queue} order by created_on, id`);
  return Array.from(rows as Iterable<{ data: Record<string, unknown> }>).map((r) => r.data);
}

export async function ticketStatus(db: Db, ticketId: number) {
  const [row] = await db.select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticketId));
  return row.status;
}

/** The id of the transition named `name` out of a step. */
export async function transitionIdOf(db: Db, stepId: number, name: string): Promise<number> {
  const rows = Array.from((await db.execute(sql`select id from transitions where from_step_id = ${stepId} and name = ${name}`)) as Iterable<{ id: number }>);
  if (rows.length !== 1) throw new Error(`step ${stepId} has ${rows.length} transitions named ${name}`);
  return rows[0].id;
}
