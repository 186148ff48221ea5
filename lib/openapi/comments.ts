import { commentListJsonSchema, commentResultJsonSchema } from '../comments/comment-json';
import {
  commentIdParamsSchema,
  createCommentSchema,
  listCommentsQuerySchema,
  ticketNumberParamsSchema,
  updateCommentSchema,
} from '../comments/schemas';
import { authErrors, bodyErrors, defineOperation } from './registry';

const who = 'Anyone who may read the ticket (its submitter, coordinator, task participants, admins); anyone else gets 404.';
const live =
  'Every change is announced after commit to the realtime sidecar (`comment:created`, `comment:updated`, `comment:deleted` with `{comment}` in the ticket\'s room; ' +
  '`comment_message` on the seed\'s `/ws/comments/{ticket_number}/` path). Events are hints: a client that reconnects asks `GET ...?after=<last id>`.';

/** Comments on tickets (live in the realtime sidecar). */
export const commentOperations = [
  defineOperation({
    method: 'get',
    path: '/api/v1/tickets/{ticket_number}/comments',
    tags: ['comments'],
    summary: "A ticket's comments, oldest first",
    description: `${who} Deleted comments keep their place with an empty body and \`is_deleted\`. ${live}`,
    params: ticketNumberParamsSchema,
    query: listCommentsQuerySchema,
    responses: { 200: { description: 'The comments', schema: commentListJsonSchema } },
    errors: authErrors(404),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/tickets/{ticket_number}/comments',
    tags: ['comments'],
    summary: 'Comment on a ticket',
    description:
      `${who} Plain text, stored as typed (render it escaped). \`@Full Name\` or \`@<user id>\` of a participant records a mention and notifies them; ` +
      'everyone on the task but the author gets `comment_added`. The same `client_id` again from the same author answers 200 with the stored comment. ' +
      `At most COMMENT_RATE_LIMIT_PER_MINUTE (30) comments a minute per user (429). ${live}`,
    params: ticketNumberParamsSchema,
    body: createCommentSchema,
    responses: {
      201: { description: 'Posted', schema: commentResultJsonSchema },
      200: { description: 'Already posted with this client_id: the stored comment', schema: commentResultJsonSchema },
    },
    errors: { ...bodyErrors(404, 409, 429), 409: 'client_id already used by the caller for a comment on another ticket' },
  }),
  defineOperation({
    method: 'patch',
    path: '/api/v1/comments/{id}',
    tags: ['comments'],
    summary: "Edit a comment's text (its author only)",
    description: `Sets \`edited_at\`; a newly mentioned participant is notified. Other readers of the ticket get 403, anyone else 404; a deleted comment 409. ${live}`,
    params: commentIdParamsSchema,
    body: updateCommentSchema,
    responses: { 200: { description: 'Edited', schema: commentResultJsonSchema } },
    errors: { ...bodyErrors(404, 409), 403: 'Not the author (or a cookie-identified request from another site)', 409: 'The comment was deleted' },
  }),
  defineOperation({
    method: 'delete',
    path: '/api/v1/comments/{id}',
    tags: ['comments'],
    summary: 'Delete a comment (its author or an admin); soft: the thread keeps its shape',
    description: `The comment stays with an empty body and \`is_deleted\`; deleting again changes nothing. Other readers of the ticket get 403, anyone else 404. ${live}`,
    params: commentIdParamsSchema,
    responses: { 200: { description: 'Deleted', schema: commentResultJsonSchema } },
    errors: authErrors(403, 404),
  }),
];
