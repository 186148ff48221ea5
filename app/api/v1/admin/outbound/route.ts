import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { listOutboundMessages } from '@/lib/integration/list-outbound-messages';
import { listOutboundQuerySchema } from '@/lib/integration/schemas';

/** Outbound Celery messages still waiting for the broker, or failed (admins). */
export const GET = route(async ({ req, actor }) => {
  const query = parseWith(listOutboundQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listOutboundMessages(getDb(), { actorUserId: actor.userId, ...query }));
});
