import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { listOutbox } from '@/lib/notifications/email/list-outbox';
import { listOutboxQuerySchema } from '@/lib/notifications/schemas';

/** Emails kept in the local outbox because RESEND_API_KEY is not set (admins). */
export const GET = route(async ({ req, actor }) => {
  const query = parseWith(listOutboxQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listOutbox(getDb(), { actorUserId: actor.userId, ...query }));
});
