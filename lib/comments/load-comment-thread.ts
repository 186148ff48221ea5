import { isAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { loadCommentContext } from './comment-ticket';
import { listComments } from './list-comments';

/**
 * What a ticket's comment thread shows its viewer: the comments, whether the viewer is an admin
 * (who may delete anyone's), and the other people of the ticket who may be @mentioned.
 * NOT_FOUND when the viewer may not see the ticket.
 */
export async function loadCommentThread(db: DbOrTx, { ticketNumber, viewerId }: { ticketNumber: string; viewerId: number }) {
  const [list, people, admin] = await Promise.all([
    listComments(db, { userId: viewerId, ticketNumber }),
    loadCommentContext(db, { ticketNumber }, viewerId).then((c) => c.people),
    isAdmin(db, viewerId),
  ]);
  return {
    ticketNumber,
    viewerId,
    isAdmin: admin,
    people: people.mentionable.filter((p) => p.userId !== viewerId),
    comments: list.comments,
  };
}

export type CommentThreadData = Awaited<ReturnType<typeof loadCommentThread>>;
