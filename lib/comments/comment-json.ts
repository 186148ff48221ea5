import { z } from 'zod';
import type { comments } from '../db/schema';

type CommentRow = typeof comments.$inferSelect;

/**
 * A comment as every edge sends it (HTTP, socket events, the seed's WebSocket path). A deleted
 * comment keeps its place (id, parent, author, time) with an empty body, so replies keep their
 * thread. The body is the text as typed: clients render it as text (escaped), never as HTML.
 */
export function commentJson(c: CommentRow, ticketNumber: string, authorName: string | null) {
  const isDeleted = c.deletedAt !== null;
  return {
    id: c.id,
    ticket_number: ticketNumber,
    author: { user_id: c.authorUserId, name: authorName },
    body: isDeleted ? '' : c.body,
    parent_id: c.parentId,
    mentions: isDeleted ? [] : c.mentionedUserIds,
    created_at: c.createdAt.toISOString(),
    edited_at: c.editedAt?.toISOString() ?? null,
    is_deleted: isDeleted,
  };
}
export type CommentJson = ReturnType<typeof commentJson>;

export const commentJsonSchema = z.object({
  id: z.int(),
  ticket_number: z.string(),
  author: z.object({ user_id: z.int(), name: z.string().nullable().meta({ description: 'Null when TTS does not know the name' }) }),
  body: z.string().meta({ description: 'Plain text as typed; render it escaped. Empty when deleted' }),
  parent_id: z.int().nullable(),
  mentions: z.array(z.int()).meta({ description: 'User ids @mentioned (participants of the ticket)' }),
  created_at: z.iso.datetime(),
  edited_at: z.iso.datetime().nullable(),
  is_deleted: z.boolean(),
});

export const commentListJsonSchema = z.object({
  comments: z.array(commentJsonSchema).meta({ description: 'Oldest first' }),
  has_more: z.boolean().meta({ description: 'More comments follow: ask again with `after` = the last id' }),
});
export const commentResultJsonSchema = z.object({ comment: commentJsonSchema });
