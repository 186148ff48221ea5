import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { comments } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { publishRealtime } from '../realtime/publish';
import { listDisplayNames } from '../users/list-display-names';
import { type CommentJson, commentJson } from './comment-json';
import { getCommentTicket, loadTicketPeople } from './comment-ticket';
import { notifyComment } from './notify-comment';
import { parseMentions } from './parse-mentions';

export interface CreateCommentParams {
  userId: number;
  ticketNumber: string;
  /** Already validated (schemas.ts `commentBody`); stored exactly as given. */
  body: string;
  parentId?: number | null;
  clientId?: string | null;
  now?: Date;
}

/**
 * Posts a comment on a ticket the user may read (else NOT_FOUND), for every edge alike (HTTP,
 * socket.io, the seed's WebSocket path). In one transaction: the comment, its @mentions, the
 * comment_added / mention notifications and the realtime announcement, so a rollback leaves
 * none of them and the sidecars hear of it only once it is committed.
 *
 * The same `clientId` again from the same author returns the stored comment (`isNew` false) and
 * creates nothing: a resend after a dropped connection posts nothing twice. A per-author
 * transaction lock serialises that check with the rate limit (COMMENT_RATE_LIMIT_PER_MINUTE), so
 * two concurrent resends, or a burst from several tabs, cannot slip past either.
 */
export async function createComment(db: DbOrTx, p: CreateCommentParams): Promise<{ comment: CommentJson; isNew: boolean }> {
  return db.transaction(async (tx) => {
    const ticket = await getCommentTicket(tx, { ticketNumber: p.ticketNumber }, p.userId);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('tts:comment-author'), ${p.userId})`);

    if (p.clientId) {
      const [earlier] = await tx
        .select()
        .from(comments)
        .where(and(eq(comments.authorUserId, p.userId), eq(comments.clientId, p.clientId)));
      if (earlier) {
        if (earlier.ticketId !== ticket.id) {
          throw new AppError('CONFLICT', 'client_id was already used for a comment on another ticket', [
            { path: 'client_id', message: 'already used for a comment on another ticket' },
          ]);
        }
        const names = await listDisplayNames(tx, [p.userId]);
        return { comment: commentJson(earlier, ticket.ticketNumber, names.get(p.userId) ?? null), isNew: false };
      }
    }

    const now = p.now ?? new Date();
    const limit = getEnv().COMMENT_RATE_LIMIT_PER_MINUTE;
    const [{ recent }] = await tx
      .select({ recent: count() })
      .from(comments)
      .where(and(eq(comments.authorUserId, p.userId), gt(comments.createdAt, new Date(now.getTime() - 60_000))));
    if (recent >= limit) {
      throw new AppError('RATE_LIMITED', `At most ${limit} comments a minute; wait a moment and send it again`, undefined, { 'Retry-After': '60' });
    }

    if (p.parentId != null) {
      const [parent] = await tx.select({ ticketId: comments.ticketId }).from(comments).where(eq(comments.id, p.parentId));
      if (!parent || parent.ticketId !== ticket.id) {
        throw new AppError('INVALID_INPUT', 'parent_id must be a comment on this ticket', [{ path: 'parent_id', message: 'must be a comment on this ticket' }]);
      }
    }

    const people = await loadTicketPeople(tx, ticket, [p.userId]);
    const mentioned = parseMentions(p.body, people.mentionable).filter((id) => id !== p.userId);
    const [row] = await tx
      .insert(comments)
      .values({
        ticketId: ticket.id,
        authorUserId: p.userId,
        body: p.body,
        parentId: p.parentId ?? null,
        clientId: p.clientId ?? null,
        mentionedUserIds: mentioned,
        createdAt: now,
      })
      .returning();

    await notifyComment(tx, { comment: row, ticket, people, recipients: 'all', mentioned });
    await publishRealtime(tx, [{ k: 'comment', op: 'created', id: row.id, ticket: ticket.ticketNumber }]);
    return { comment: commentJson(row, ticket.ticketNumber, people.names.get(p.userId) ?? null), isNew: true };
  });
}
