import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { taskItems, tasks, tickets } from '../db/schema';
import { notFound } from '../errors';
import { canReadTicket } from '../tickets/can-read-ticket';
import { listDisplayNames } from '../users/list-display-names';

export type CommentTicket = typeof tickets.$inferSelect;

/**
 * The ticket whose comments the user wants, if they may read it (submitter, participants, admins);
 * anyone else gets NOT_FOUND, as if it did not exist.
 */
export async function getCommentTicket(db: DbOrTx, where: { ticketNumber: string } | { ticketId: number }, userId: number): Promise<CommentTicket> {
  const [ticket] = await db
    .select()
    .from(tickets)
    .where('ticketNumber' in where ? eq(tickets.ticketNumber, where.ticketNumber) : eq(tickets.id, where.ticketId));
  if (!ticket || !(await canReadTicket(db, ticket, userId))) throw notFound('Ticket');
  return ticket;
}

export interface TicketPeople {
  /** Everyone on the task: the coordinator and everyone who held one of its items. */
  onTask: number[];
  /** Who may be @mentioned: those on the task and the submitter, with their names. */
  mentionable: Array<{ userId: number; name: string | null }>;
  /** The task page each person's notification links to: their latest item, else the task's latest. */
  linkItemOf: (userId: number) => number | null;
}

/**
 * The people of a ticket, for mentions and comment notifications, in two queries (the task with its
 * items, then names); `alsoName` adds names the caller needs anyway (the author's).
 */
export async function loadTicketPeople(db: DbOrTx, ticket: CommentTicket, alsoName: number[] = []): Promise<TicketPeople & { names: Map<number, string> }> {
  const rows = await db
    .select({ ownerUserId: tasks.ownerUserId, itemId: taskItems.id, userId: taskItems.userId })
    .from(tasks)
    .leftJoin(taskItems, eq(taskItems.taskId, tasks.id))
    .where(eq(tasks.ticketId, ticket.id))
    .orderBy(desc(taskItems.id));
  const items = rows.flatMap((r) => (r.itemId != null && r.userId != null ? [{ id: r.itemId, userId: r.userId }] : []));
  const ownerUserId = rows[0]?.ownerUserId ?? null;
  const onTask = [...new Set([...(ownerUserId != null ? [ownerUserId] : []), ...items.map((i) => i.userId)])];
  const everyone = [...new Set([...onTask, ...(ticket.submittedBy != null ? [ticket.submittedBy] : [])])];
  const names = await listDisplayNames(db, [...everyone, ...alsoName]);
  return {
    onTask,
    mentionable: everyone.map((userId) => ({ userId, name: names.get(userId) ?? null })),
    linkItemOf: (userId) => {
      if (!onTask.includes(userId)) return null;
      return (items.find((i) => i.userId === userId) ?? items[0])?.id ?? null;
    },
    names,
  };
}
