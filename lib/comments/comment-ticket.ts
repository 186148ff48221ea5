import { and, desc, eq } from 'drizzle-orm';
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

/** The people of a ticket, for mentions and comment notifications. */
export async function loadTicketPeople(db: DbOrTx, ticket: CommentTicket): Promise<TicketPeople> {
  const [task] = await db.select({ id: tasks.id, ownerUserId: tasks.ownerUserId }).from(tasks).where(eq(tasks.ticketId, ticket.id)).limit(1);
  const items = task
    ? await db.select({ id: taskItems.id, userId: taskItems.userId }).from(taskItems).where(and(eq(taskItems.taskId, task.id))).orderBy(desc(taskItems.id))
    : [];
  const onTask = [...new Set([...(task?.ownerUserId != null ? [task.ownerUserId] : []), ...items.map((i) => i.userId)])];
  const everyone = [...new Set([...onTask, ...(ticket.submittedBy != null ? [ticket.submittedBy] : [])])];
  const names = await listDisplayNames(db, everyone);
  return {
    onTask,
    mentionable: everyone.map((userId) => ({ userId, name: names.get(userId) ?? null })),
    linkItemOf: (userId) => {
      if (!onTask.includes(userId)) return null;
      return (items.find((i) => i.userId === userId) ?? items[0])?.id ?? null;
    },
  };
}
