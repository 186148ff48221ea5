import { z } from 'zod';
import { ticketNumberParamsSchema } from '../tickets/schemas';
import { idNumber, INT4_MAX, isStorableText, pageLimit, UNSTORABLE_TEXT_MESSAGE } from '../validation';

export const COMMENT_MAX_LENGTH = 10_000;

/** A comment's text: plain text, stored exactly as typed (never trimmed or rewritten), 1 to 10,000 characters. */
export const commentBody = z
  .string({ error: 'body must be a string' })
  .min(1, { error: 'body must not be empty', abort: true })
  .max(COMMENT_MAX_LENGTH, { error: `body must be at most ${COMMENT_MAX_LENGTH} characters`, abort: true })
  .refine((s) => s.trim().length > 0, { error: 'body must not be blank', abort: true })
  .refine(isStorableText, `body ${UNSTORABLE_TEXT_MESSAGE}`);

/** A client's own id for a comment it sends, so a resend after a dropped connection posts nothing twice. */
export const clientId = z
  .string({ error: 'client_id must be a string' })
  .regex(/^[\x21-\x7e]{1,100}$/, 'client_id must be 1-100 printable ASCII characters without spaces');

export const createCommentSchema = z.object({
  body: commentBody,
  parent_id: idNumber('parent_id').nullish().meta({ description: 'The comment this one replies to (same ticket)' }),
  client_id: clientId.optional().meta({ description: "The client's id for this comment; the same id again from the same author returns the stored comment" }),
});
export type CreateCommentInput = z.infer<typeof createCommentSchema>;

export const updateCommentSchema = z.object({ body: commentBody });

export const listCommentsQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,10}$/, 'after must be a comment id or 0')
    .transform(Number)
    .pipe(z.number().max(INT4_MAX, `after must be at most ${INT4_MAX}`))
    .optional()
    .meta({ description: 'Only comments with a greater id: the last one the client has (0: from the start)' }),
  limit: pageLimit(500, 200),
});

export { ticketNumberParamsSchema };
export { idParamsSchema as commentIdParamsSchema } from '../validation';

// Socket events (workers/realtime), validated like HTTP bodies.
export const ticketRoomSchema = ticketNumberParamsSchema;
export const socketCommentCreateSchema = ticketNumberParamsSchema.extend({
  body: commentBody,
  parent_id: idNumber('parent_id').nullish(),
  client_id: clientId,
});
/** The seed's plain WebSocket message; a `user_id` in it is ignored (identity comes from the token). */
export const seedNewCommentSchema = z.object({
  type: z.literal('new_comment', { error: 'type must be "new_comment"' }),
  content: commentBody,
  parent_id: idNumber('parent_id').nullish(),
  client_id: clientId.optional(),
});
