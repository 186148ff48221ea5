import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';
import { getPreferences } from '@/lib/notifications/get-preferences';
import { updatePreferencesBodySchema } from '@/lib/notifications/schemas';
import { updatePreferences } from '@/lib/notifications/update-preferences';

/** The caller's notification preferences: per type in-app and email, and the digest hour. */
export const GET = route(async ({ actor }) => Response.json(await getPreferences(getDb(), actor.userId)));

/** Changes the caller's preferences (only what the body names). */
export const PUT = route(async ({ req, actor }) => {
  const body = parseWith(updatePreferencesBodySchema, await readJsonBody(req));
  return Response.json(await updatePreferences(getDb(), actor.userId, body));
});
