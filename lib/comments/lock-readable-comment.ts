import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { comments } from '../db/schema';
import { AppError, notFound } from '../errors';
import { loadCommentContext } from './comment-ticket';

/**
 * A comment, locked for the change, on a ticket the user may read (NOT_FOUND for anyone else),
 * with its ticket and the ticket's people (loadCommentContext).
 */
export async function lockReadableComment(tx: Tx, commentId: number, userId: number) {
  const [row] = await tx.select().from(comments).where(eq(comments.id, commentId)).for('update');
  if (!row) throw notFound('Comment');
  try {
    return { row, ...(await loadCommentContext(tx, { ticketId: row.ticketId }, userId)) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') throw notFound('Comment');
    throw err;
  }
}

