import type { DbOrTx } from '../db/client';
import type { comments } from '../db/schema';
import { createNotifications, type KnownForNotifications, type NotificationInput } from '../notifications/create-notifications';
import type { CommentTicket, TicketPeople } from './comment-ticket';

/**
 * comment_added for everyone on the task but the author, and for everyone newly @mentioned (the
 * mention flavour of the same notification: one per recipient per comment, so a person both on
 * the task and mentioned hears it once, as a mention). Event `comment:<id>`: an edit that adds a
 * mention notifies only the new person, never anyone twice.
 */
export async function notifyComment(
  tx: DbOrTx,
  p: {
    comment: typeof comments.$inferSelect;
    ticket: CommentTicket;
    people: TicketPeople;
    recipients: 'all' | 'mentions-only';
    mentioned: number[];
    /** What the caller read already, and its own realtime events (see createNotifications). */
    known?: KnownForNotifications;
  },
): Promise<void> {
  const { comment, ticket, people } = p;
  const recipients = [...new Set([...p.mentioned, ...(p.recipients === 'all' ? people.onTask : [])])];
  const inputs: NotificationInput[] = recipients.map((userId) => ({
    type: 'comment_added',
    userId,
    event: `comment:${comment.id}`,
    actorUserId: comment.authorUserId,
    taskItemId: people.linkItemOf(userId),
    context: {
      ticketNumber: ticket.ticketNumber,
      ticketSubject: ticket.subject,
      priority: ticket.priority,
      commentId: comment.id,
      commentExcerpt: comment.body,
      isMention: p.mentioned.includes(userId),
    },
    at: comment.editedAt ?? comment.createdAt,
  }));
  await createNotifications(tx, inputs, p.known);
}
