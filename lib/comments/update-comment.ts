import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { comments } from '../db/schema';
import { AppError } from '../errors';
import { publishRealtime } from '../realtime/publish';
import { type CommentJson, commentJson } from './comment-json';
import { lockReadableComment } from './lock-readable-comment';
import { notifyComment } from './notify-comment';
import { parseMentions } from './parse-mentions';

/**
 * Edits a comment's text: its author only (FORBIDDEN for other readers), not once deleted
 * (CONFLICT). Mentions are read again; someone newly @mentioned is notified, nobody twice.
 */
export async function updateComment(db: DbOrTx, p: { userId: number; commentId: number; body: string; now?: Date }): Promise<CommentJson> {
  return db.transaction(async (tx) => {
    // The people (and the author's name: the author is the user) come with the read check.
    const { row, ticket, people } = await lockReadableComment(tx, p.commentId, p.userId);
    if (row.authorUserId !== p.userId) throw new AppError('FORBIDDEN', 'Only its author may edit a comment');
    if (row.deletedAt) throw new AppError('CONFLICT', 'The comment was deleted');
    const mentioned = parseMentions(p.body, people.mentionable).filter((id) => id !== p.userId);
    const [updated] = await tx
      .update(comments)
      .set({ body: p.body, mentionedUserIds: mentioned, editedAt: p.now ?? new Date() })
      .where(eq(comments.id, row.id))
      .returning();
    const added = mentioned.filter((id) => !row.mentionedUserIds.includes(id));
    if (added.length) await notifyComment(tx, { comment: updated, ticket, people, recipients: 'mentions-only', mentioned: added });
    await publishRealtime(tx, [{ k: 'comment', op: 'updated', id: row.id, ticket: ticket.ticketNumber }]);
    return commentJson(updated, ticket.ticketNumber, people.names.get(row.authorUserId) ?? null);
  });
}

