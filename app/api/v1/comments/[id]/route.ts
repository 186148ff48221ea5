import { deleteComment } from '@/lib/comments/delete-comment';
import { commentIdParamsSchema, updateCommentSchema } from '@/lib/comments/schemas';
import { updateComment } from '@/lib/comments/update-comment';
import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';

export const PATCH = route<{ id: string }>(async ({ req, params, actor }) => {
  const { id } = parseWith(commentIdParamsSchema, params);
  const { body } = parseWith(updateCommentSchema, await readJsonBody(req));
  return Response.json({ comment: await updateComment(getDb(), { userId: actor.userId, commentId: id, body }) });
});

export const DELETE = route<{ id: string }>(async ({ params, actor }) => {
  const { id } = parseWith(commentIdParamsSchema, params);
  return Response.json({ comment: await deleteComment(getDb(), { userId: actor.userId, commentId: id }) });
});
