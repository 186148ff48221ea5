import { createComment } from '@/lib/comments/create-comment';
import { listComments } from '@/lib/comments/list-comments';
import { createCommentSchema, listCommentsQuerySchema, ticketNumberParamsSchema } from '@/lib/comments/schemas';
import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';

export const GET = route<{ ticket_number: string }>(async ({ req, params, actor }) => {
  const { ticket_number } = parseWith(ticketNumberParamsSchema, params);
  const { after, limit } = parseWith(listCommentsQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listComments(getDb(), { userId: actor.userId, ticketNumber: ticket_number, after, limit }));
});

export const POST = route<{ ticket_number: string }>(async ({ req, params, actor }) => {
  const { ticket_number } = parseWith(ticketNumberParamsSchema, params);
  const body = parseWith(createCommentSchema, await readJsonBody(req));
  const { comment, isNew } = await createComment(getDb(), {
    userId: actor.userId,
    ticketNumber: ticket_number,
    body: body.body,
    parentId: body.parent_id,
    clientId: body.client_id,
  });
  return Response.json({ comment }, { status: isNew ? 201 : 200 });
});
