import { and, asc, count, desc, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import { isAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { isOpenItemSql, steps, taskItems, tasks, tickets, workflowVersions } from '../db/schema';
import { decodeCursor, encodeCursor, keyCompare, type KeyPart } from '../pagination/keyset';
import { slaState } from '../sla/sla-state';
import { listDisplayNames } from '../users/list-display-names';
import { BOARD_PAGE_SIZE, type TicketBoardQuery } from './ticket-board-query';
import { PRIORITY_RANK, priorityRank, slaStatesCondition, ticketSearchCondition } from './ticket-search';

const openItem = alias(taskItems, 'open_item');
const anyItem = alias(taskItems, 'any_item');

/** Tickets with their task, current step, workflow version and the task's one open item, if any. */
function withContext<T extends PgSelect>(qb: T) {
  return qb
    .leftJoin(tasks, eq(tasks.ticketId, tickets.id))
    .leftJoin(steps, eq(steps.id, tasks.currentStepId))
    .leftJoin(workflowVersions, eq(workflowVersions.id, tasks.workflowVersionId))
    .leftJoin(openItem, and(eq(openItem.taskId, tasks.id), isOpenItemSql(openItem.status)));
}

function sortKey(sort: TicketBoardQuery['sort']): SQL[] {
  const id = sql`${tickets.id}`;
  // Newest first for age: the negated id ascends. Due: the task's target; tickets without a task last.
  if (sort === 'priority') return [priorityRank, sql`(-${tickets.id})`];
  if (sort === 'due') return [sql`coalesce(${tasks.targetResolution}, 'infinity'::timestamptz)`, id];
  return [sql`(-${tickets.id})`];
}
function keyOf(sort: TicketBoardQuery['sort'], r: { ticket: typeof tickets.$inferSelect; task: typeof tasks.$inferSelect | null }): KeyPart[] {
  const prio = PRIORITY_RANK[r.ticket.priority] ?? 3;
  if (sort === 'priority') return [prio, -r.ticket.id];
  if (sort === 'due') return [r.task ? r.task.targetResolution.toISOString() : 'infinity', r.ticket.id];
  return [-r.ticket.id];
}

/**
 * The tickets a person may see, for /tickets: admins all of them, anyone else those they
 * coordinate (own) or have held a task item of. Filters (ticket status, priority, workflow, current
 * step, the open item's SLA state), search (number, subject, requester) and sort (newest, due,
 * priority), a page after or before a cursor, with the number of matches and the page's position.
 */
export async function listTicketBoard(db: DbOrTx, p: { userId: number; query: TicketBoardQuery; now?: Date; pageSize?: number }) {
  const now = p.now ?? new Date();
  const q = p.query;
  const size = p.pageSize ?? BOARD_PAGE_SIZE;
  const admin = await isAdmin(db, p.userId);
  const where: SQL[] = [];
  if (!admin) {
    where.push(
      or(
        eq(tasks.ownerUserId, p.userId),
        exists(db.select({ one: sql`1` }).from(anyItem).where(and(eq(anyItem.taskId, tasks.id), eq(anyItem.userId, p.userId)))),
      )!,
    );
  }
  if (q.status.length) where.push(inArray(tickets.status, q.status));
  if (q.priority.length) where.push(inArray(tickets.priority, q.priority as never[]));
  if (q.workflow.length) where.push(inArray(tasks.workflowId, q.workflow));
  if (q.step.length) where.push(inArray(steps.name, q.step));
  if (q.sla.length) {
    where.push(sql`${openItem.id} is not null and ${openItem.onHoldSince} is null`);
    where.push(slaStatesCondition(openItem, q.sla, now));
  }
  if (q.q) where.push(ticketSearchCondition(q.q));
  const base = and(...where);
  const key = sortKey(q.sort);
  const after = decodeCursor(q.after, key.length);
  const before = after ? null : decodeCursor(q.before, key.length);
  const cursor = after ? keyCompare(key, after, '>') : before ? keyCompare(key, before, '<') : undefined;

  const rows = await withContext(
    db.select({ ticket: tickets, task: tasks, stepName: steps.name, workflowName: workflowVersions.name, item: openItem }).from(tickets).$dynamic(),
  )
    .where(and(base, cursor))
    .orderBy(...(before ? key.map((k) => desc(k)) : key.map((k) => asc(k))))
    .limit(size + 1);
  const hasMore = rows.length > size;
  const page = rows.slice(0, size);
  if (before) page.reverse();
  const [[{ total }], [{ ahead }], choices] = await Promise.all([
    withContext(db.select({ total: count() }).from(tickets).$dynamic()).where(base),
    page.length ? withContext(db.select({ ahead: count() }).from(tickets).$dynamic()).where(and(base, keyCompare(key, keyOf(q.sort, page[0]), '<'))) : Promise.resolve([{ ahead: 0 }]),
    withContext(db.select({ workflowId: tasks.workflowId, workflowName: workflowVersions.name, stepName: steps.name }).from(tickets).$dynamic())
      .where(and(...where.slice(0, admin ? 0 : 1)))
      .groupBy(tasks.workflowId, workflowVersions.name, steps.name)
      .limit(500),
  ]);
  const names = await listDisplayNames(db, page.flatMap((r) => [r.item?.userId, r.task?.ownerUserId].filter((x): x is number => typeof x === 'number')));
  const workflows = new Map<number, string>();
  for (const c of choices) if (c.workflowId !== null && c.workflowName !== null && !workflows.has(c.workflowId)) workflows.set(c.workflowId, c.workflowName);

  return {
    tickets: page.map((r) => ({
      ticket_number: r.ticket.ticketNumber,
      subject: r.ticket.subject,
      priority: r.ticket.priority,
      status: r.ticket.status,
      created_at: r.ticket.createdAt.toISOString(),
      requester: typeof (r.ticket.payload.employee as { name?: unknown } | undefined)?.name === 'string' ? ((r.ticket.payload.employee as { name: string }).name) : null,
      workflow_name: r.workflowName,
      step_name: r.stepName,
      holder_name: r.item ? (names.get(r.item.userId) ?? null) : null,
      coordinator_name: r.task?.ownerUserId ? (names.get(r.task.ownerUserId) ?? null) : null,
      item: r.item
        ? {
            id: r.item.id,
            status: r.item.status,
            sla: {
              state: slaState(r.item, now).state,
              target_at: r.item.targetAt.toISOString(),
              warn_at: r.item.warnAt.toISOString(),
              seconds_left: slaState(r.item, now).secondsLeft,
            },
          }
        : null,
      task_status: r.task?.status ?? null,
    })),
    total,
    first_position: page.length ? ahead + 1 : 0,
    next_cursor: page.length && (before ? true : hasMore) ? encodeCursor(keyOf(q.sort, page[page.length - 1])) : null,
    prev_cursor: page.length && (before ? hasMore : ahead > 0) ? encodeCursor(keyOf(q.sort, page[0])) : null,
    is_admin: admin,
    choices: {
      workflows: [...workflows].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      steps: [...new Set([...choices.filter((c) => c.stepName && (!q.workflow.length || q.workflow.includes(c.workflowId!))).map((c) => c.stepName!), ...q.step])].sort(),
    },
  };
}
