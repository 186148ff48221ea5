import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { isOpenItemSql, steps, taskItems, tasks, tickets, workflowVersions } from '../db/schema';
import { decodeCursor, encodeCursor, keyCompare, type KeyPart } from '../pagination/keyset';
import { slaState } from '../sla/sla-state';
import { DONE_STATUSES, INBOX_PAGE_SIZE, type InboxQuery, type InboxView } from './inbox-query';
import { PRIORITY_RANK, priorityRank, slaStatesCondition, ticketSearchCondition } from '../tickets/ticket-search';
import { taskItemJson } from './task-item-json';

export const DONE_WINDOW_DAYS = 30;

/** The items of a view, before the filters: the caller's own, always (the query is on their id). */
function viewCondition(userId: number, view: InboxView, now: Date): SQL {
  const mine = eq(taskItems.userId, userId);
  if (view === 'done') {
    const since = new Date(now.getTime() - DONE_WINDOW_DAYS * 86_400_000);
    return and(mine, inArray(taskItems.status, [...DONE_STATUSES]), gte(taskItems.actedAt, since))!;
  }
  return and(mine, isOpenItemSql(taskItems.status), view === 'on_hold' ? isNotNull(taskItems.onHoldSince) : isNull(taskItems.onHoldSince))!;
}

function filterConditions(q: InboxQuery, now: Date): SQL[] {
  const where: SQL[] = [];
  if (q.status.length) where.push(inArray(taskItems.status, q.status as never[]));
  if (q.priority.length) where.push(inArray(tickets.priority, q.priority));
  if (q.workflow.length) where.push(inArray(tasks.workflowId, q.workflow));
  if (q.step.length) where.push(inArray(steps.name, q.step));
  if (q.sla.length) where.push(slaStatesCondition(taskItems, q.sla, now));
  if (q.q) where.push(ticketSearchCondition(q.q));
  return where;
}

/** The sort key, every part ascending, the item id last (unique: a total order for the cursor). */
function sortKey(q: InboxQuery): SQL[] {
  const id = sql`${taskItems.id}`;
  if (q.sort === 'priority') return [priorityRank, sql`${taskItems.targetAt}`, id];
  if (q.sort === 'age') {
    // Open views: oldest ticket first. Done: most recently finished first (negated epoch ascends).
    return q.view === 'done' ? [sql`(-extract(epoch from ${taskItems.actedAt}))::float8`, id] : [sql`${tickets.createdAt}`, id];
  }
  return [sql`${taskItems.targetAt}`, id];
}

function keyOf(q: InboxQuery, row: { item: typeof taskItems.$inferSelect; ticket: typeof tickets.$inferSelect }): KeyPart[] {
  const rank = PRIORITY_RANK[row.ticket.priority] ?? 3;
  if (q.sort === 'priority') return [rank, row.item.targetAt.toISOString(), row.item.id];
  if (q.sort === 'age') return q.view === 'done' ? [-(row.item.actedAt ?? row.item.createdAt).getTime() / 1000, row.item.id] : [row.ticket.createdAt.toISOString(), row.item.id];
  return [row.item.targetAt.toISOString(), row.item.id];
}

/** An item's task, ticket, step and workflow version: what the inbox shows and filters on. */
function withContext<T extends PgSelect>(qb: T) {
  return qb
    .innerJoin(tasks, eq(tasks.id, taskItems.taskId))
    .innerJoin(tickets, eq(tickets.id, tasks.ticketId))
    .innerJoin(steps, eq(steps.id, taskItems.stepId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, tasks.workflowVersionId));
}

/**
 * The caller's inbox: one view (open, on hold, done by them in the last 30 days) with its filters,
 * search (ticket number, subject, requester name or email), sort and a page of INBOX_PAGE_SIZE
 * after or before a cursor; with the number of matches, the page's position among them, the
 * count of each view, and the workflows and steps the view holds (the filters' choices). Only
 * ever the caller's own items: the user id is part of every query.
 */
export async function listInbox(db: DbOrTx, p: { userId: number; query: InboxQuery; now?: Date; pageSize?: number }) {
  const now = p.now ?? new Date();
  const q = p.query;
  const size = p.pageSize ?? INBOX_PAGE_SIZE;
  const key = sortKey(q);
  const base = and(viewCondition(p.userId, q.view, now), ...filterConditions(q, now))!;
  const after = decodeCursor(q.after, key.length);
  const before = after ? null : decodeCursor(q.before, key.length);
  const cursor = after ? keyCompare(key, after, '>') : before ? keyCompare(key, before, '<') : undefined;

  const rows = await withContext(db.select({ item: taskItems, task: tasks, ticket: tickets, step: steps, workflowName: workflowVersions.name }).from(taskItems).$dynamic())
    .where(and(base, cursor))
    .orderBy(...(before ? key.map((k) => desc(k)) : key.map((k) => asc(k))))
    .limit(size + 1);
  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  if (before) page.reverse();

  const [[{ total }], [{ ahead }], views, choices] = await Promise.all([
    withContext(db.select({ total: count() }).from(taskItems).$dynamic()).where(base),
    page.length ? withContext(db.select({ ahead: count() }).from(taskItems).$dynamic()).where(and(base, keyCompare(key, keyOf(q, page[0]), '<'))) : Promise.resolve([{ ahead: 0 }]),
    db
      .select({
        open: sql<number>`count(*) filter (where ${viewCondition(p.userId, 'open', now)})`.mapWith(Number),
        on_hold: sql<number>`count(*) filter (where ${viewCondition(p.userId, 'on_hold', now)})`.mapWith(Number),
        done: sql<number>`count(*) filter (where ${viewCondition(p.userId, 'done', now)})`.mapWith(Number),
      })
      .from(taskItems)
      .where(eq(taskItems.userId, p.userId)),
    withContext(db.select({ workflowId: tasks.workflowId, workflowName: workflowVersions.name, stepName: steps.name }).from(taskItems).$dynamic())
      .where(viewCondition(p.userId, q.view, now))
      .groupBy(tasks.workflowId, workflowVersions.name, steps.name)
      .orderBy(asc(workflowVersions.name), asc(steps.name)),
  ]);

  const workflows = new Map<number, string>();
  for (const c of choices) if (!workflows.has(c.workflowId)) workflows.set(c.workflowId, c.workflowName);
  return {
    items: page.map((r) => ({
      ...taskItemJson(r.item, now),
      sla_state: slaState(r.item, now).state,
      target_at: r.item.targetAt.toISOString(),
      step_name: r.step.name,
      workflow_name: r.workflowName,
      requester: requesterName(r.ticket.payload),
      ticket: { ticket_number: r.ticket.ticketNumber, subject: r.ticket.subject, priority: r.ticket.priority, status: r.ticket.status, created_at: r.ticket.createdAt.toISOString() },
    })),
    total,
    /** 1-based position of the page's first item among all matches (0 when none). */
    first_position: page.length ? ahead + 1 : 0,
    next_cursor: page.length && (before ? true : hasMore) ? encodeCursor(keyOf(q, page[page.length - 1])) : null,
    prev_cursor: page.length && (before ? hasMore : ahead > 0) ? encodeCursor(keyOf(q, page[0])) : null,
    views: views[0] ?? { open: 0, on_hold: 0, done: 0 },
    choices: {
      workflows: [...workflows].map(([id, name]) => ({ id, name })),
      // The steps of the chosen workflows, and any step already chosen (so it can be unticked).
      steps: [...new Set([...choices.filter((c) => !q.workflow.length || q.workflow.includes(c.workflowId)).map((c) => c.stepName), ...q.step])].sort(),
    },
  };
}

function requesterName(payload: Record<string, unknown>): string | null {
  const e = payload.employee as { name?: unknown } | null | undefined;
  return e && typeof e.name === 'string' && e.name ? e.name : null;
}
