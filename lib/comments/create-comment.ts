import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowFromJson } from '../db/row-from-json';
import { comments } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { type CommentJson, commentJson } from './comment-json';
import { loadCommentContext } from './comment-ticket';
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
 *
 * Round trips, as this runs on every live comment: one statement reads the ticket, the read
 * check's participants, the people and names and their preferences and takes the author and
 * ticket locks (loadCommentContext: the ticket's keeps ids in commit order for catch-up); one checks the client id, the rate limit and the parent and inserts the
 * comment only if they pass; then the notifications with the announcement (createNotifications).
 */
export async function createComment(db: DbOrTx, p: CreateCommentParams): Promise<{ comment: CommentJson; isNew: boolean }> {
  return db.transaction(async (tx) => {
    const { ticket, people, preferences, namesLookedUp } = await loadCommentContext(tx, { ticketNumber: p.ticketNumber }, p.userId, { lockForPost: true, withPreferences: true });
    const authorName = people.names.get(p.userId) ?? null;
    const now = p.now ?? new Date();
    const limit = getEnv().COMMENT_RATE_LIMIT_PER_MINUTE;
    const mentioned = parseMentions(p.body, people.mentionable).filter((id) => id !== p.userId);
    const clientId = p.clientId ?? null;
    const parentId = p.parentId ?? null;

    // After the author lock (the statement above), so this sees every post of the author that
    // committed before: the earlier post with this client id, the posts of the last minute.
    const [r] = Array.from(
      (await tx.execute(sql`
        with earlier as (
          select * from comments where ${clientId === null ? sql`false` : sql`author_user_id = ${p.userId} and client_id = ${clientId}`}
        ),
        recent as (
          select count(*)::int as n from comments where author_user_id = ${p.userId} and created_at > ${new Date(now.getTime() - 60_000).toISOString()}::timestamptz
        ),
        parent as (
          select ticket_id from comments where ${parentId === null ? sql`false` : sql`id = ${parentId}`}
        ),
        inserted as (
          insert into comments (ticket_id, author_user_id, body, parent_id, client_id, mentioned_user_ids, created_at)
          select ${ticket.id}::int, ${p.userId}::int, ${p.body}::text, ${parentId}::int, ${clientId}::text, ${`{${mentioned.join(',')}}`}::int[], ${now.toISOString()}::timestamptz
          where not exists (select 1 from earlier)
            and (select n from recent) < ${limit}
            and ${parentId === null ? sql`true` : sql`(select ticket_id from parent) = ${ticket.id}`}
          returning *
        )
        select
          (select row_to_json(earlier) from earlier) as earlier,
          (select n from recent) as recent,
          (select ticket_id from parent) as parent_ticket_id,
          (select row_to_json(inserted) from inserted) as inserted
      `)) as Iterable<{ earlier: Record<string, unknown> | null; recent: number; parent_ticket_id: number | null; inserted: Record<string, unknown> | null }>,
    );

    if (r.earlier) {
      const earlier = rowFromJson(comments, r.earlier);
      if (earlier.ticketId !== ticket.id) {
        throw new AppError('CONFLICT', 'client_id was already used for a comment on another ticket', [
          { path: 'client_id', message: 'already used for a comment on another ticket' },
        ]);
      }
      return { comment: commentJson(earlier, ticket.ticketNumber, authorName), isNew: false };
    }
    if (r.recent >= limit) {
      throw new AppError('RATE_LIMITED', `At most ${limit} comments a minute; wait a moment and send it again`, undefined, { 'Retry-After': '60' });
    }
    if (!r.inserted) {
      throw new AppError('INVALID_INPUT', 'parent_id must be a comment on this ticket', [{ path: 'parent_id', message: 'must be a comment on this ticket' }]);
    }
    const row = rowFromJson(comments, r.inserted);
    await notifyComment(tx, {
      comment: row,
      ticket,
      people,
      recipients: 'all',
      mentioned,
      known: { names: people.names, namesLookedUp, preferences, announce: [{ k: 'comment', op: 'created', id: row.id, ticket: ticket.ticketNumber }] },
    });
    return { comment: commentJson(row, ticket.ticketNumber, authorName), isNew: true };
  });
}
