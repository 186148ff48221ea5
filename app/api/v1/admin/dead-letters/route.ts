import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { listDeadLetters } from '@/lib/integration/list-dead-letters';
import { listDeadLettersQuerySchema } from '@/lib/integration/schemas';

/** Inbound broker messages TTS dead-lettered, with their reasons (admins). */
export const GET = route(async ({ req, actor }) => {
  const query = parseWith(listDeadLettersQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listDeadLetters(getDb(), { actorUserId: actor.userId, ...query }));
});
