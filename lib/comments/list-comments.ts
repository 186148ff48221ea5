import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { comments, tickets } from '../db/schema';
import { displayNameSql, listDisplayNames } from '../users/list-display-names';
import { type CommentJson, commentJson } from './comment-json';
import { getCommentTicket } from './comment-ticket';

/**
 * A ticket's comments, oldest first, for someone who may read it (else NOT_FOUND). `after` is the
 * last id the client has: a client that (re)connects asks for what it missed.
 */
export async function listComments(
  db: DbOrTx,
  p: { userId: number; ticketNumber: string; after?: number; limit?: number },
): Promise<{ comments: CommentJson[]; has_more: boolean }> {
  const ticket = await getCommentTicket(db, { ticketNumber: p.ticketNumber }, p.userId);
  const limit = p.limit ?? 200;
  const rows = await db
    .select()
    .from(comments)
    .where(and(eq(comments.ticketId, ticket.id), p.after ? gt(comments.id, p.after) : undefined))
    .orderBy(asc(comments.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const names = await listDisplayNames(db, page.map((c) => c.authorUserId));
  return {
    comments: page.map((c) => commentJson(c, ticket.ticketNumber, names.get(c.authorUserId) ?? null)),
    has_more: rows.length > limit,
  };
}

/**
 * Comments by id as their JSON, without an access check: for the realtime sidecar, which sends
 * them only to sockets in the ticket's room (each admitted by the read check when it joined).
 */
export async function listCommentsByIds(db: DbOrTx, ids: number[]): Promise<CommentJson[]> {
  if (ids.length === 0) return [];
  // One statement (the sidecar runs it for every batch of announcements): rows, numbers, names.
  const rows = await db
    .select({ comment: comments, ticketNumber: tickets.ticketNumber, authorName: displayNameSql(sql`${comments.authorUserId}`) })
    .from(comments)
    .innerJoin(tickets, eq(tickets.id, comments.ticketId))
    .where(inArray(comments.id, ids))
    .orderBy(asc(comments.id));
  return rows.map((r) => commentJson(r.comment, r.ticketNumber, r.authorName ?? null));
}
