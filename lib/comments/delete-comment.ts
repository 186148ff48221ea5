import { eq } from 'drizzle-orm';
import { isAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { comments } from '../db/schema';
import { AppError } from '../errors';
import { publishRealtime } from '../realtime/publish';
import { listDisplayNames } from '../users/list-display-names';
import { type CommentJson, commentJson } from './comment-json';
import { lockReadableComment } from './lock-readable-comment';

/**
 * Deletes a comment softly: its author or an admin (FORBIDDEN for other readers). The row stays
 * with an empty body, so replies keep their place in the thread. Deleting again changes nothing.
 */
export async function deleteComment(db: DbOrTx, p: { userId: number; commentId: number; now?: Date }): Promise<CommentJson> {
  return db.transaction(async (tx) => {
    const { row, ticket } = await lockReadableComment(tx, p.commentId, p.userId);
    if (row.authorUserId !== p.userId && !(await isAdmin(tx, p.userId))) {
      throw new AppError('FORBIDDEN', 'Only its author or an admin may delete a comment');
    }
    let result = row;
    if (!row.deletedAt) {
      [result] = await tx
        .update(comments)
        .set({ body: '', deletedAt: p.now ?? new Date(), deletedBy: p.userId })
        .where(eq(comments.id, row.id))
        .returning();
      await publishRealtime(tx, [{ k: 'comment', op: 'deleted', id: row.id, ticket: ticket.ticketNumber }]);
    }
    const names = await listDisplayNames(tx, [row.authorUserId]);
    return commentJson(result, ticket.ticketNumber, names.get(row.authorUserId) ?? null);
  });
}
