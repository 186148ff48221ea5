'use server';

import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { notificationTypes } from '@/lib/db/schema';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { updatePreferencesBodySchema } from '@/lib/notifications/schemas';
import { updatePreferences } from '@/lib/notifications/update-preferences';

export type SaveState = { error: string | null; saved: boolean };

/** Saves the preferences form: one in-app box and one email choice per type, the digest hour and zone. */
export async function savePreferences(_state: SaveState, form: FormData): Promise<SaveState> {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const body = {
    preferences: notificationTypes.map((type) => ({ type, in_app: form.get(`in_app:${type}`) === 'on', email: String(form.get(`email:${type}`) ?? '') })),
    digest_hour: Number(form.get('digest_hour')),
    time_zone: String(form.get('time_zone') ?? ''),
  };
  // Types that always show in-app have a disabled box, which a form does not send: leave them as they are.
  for (const p of body.preferences) if (form.get(`required:${p.type}`) === '1') delete (p as { in_app?: boolean }).in_app;
  const parsed = updatePreferencesBodySchema.safeParse(body);
  if (!parsed.success) return { error: `Some choices are not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}.`, saved: false };
  try {
    await updatePreferences(getDb(), Number(session.user.id), parsed.data);
  } catch (err) {
    if (err instanceof AppError) return { error: err.issues?.map((i) => i.message).join('; ') || err.message, saved: false };
    throw err;
  }
  return { error: null, saved: true };
}
