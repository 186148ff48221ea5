'use server';

import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { notificationTypeSchema, updatePreferencesBodySchema } from '@/lib/notifications/schemas';
import { updatePreferences } from '@/lib/notifications/update-preferences';
import { formText } from '@/lib/form-text';

export type SaveState = { error: string | null; saved: boolean };

/** Saves the preferences form: one in-app box and one email choice per type, the digest hour and zone. */
export async function savePreferences(_state: SaveState, form: FormData): Promise<SaveState> {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const body = {
    preferences: notificationTypeSchema.options.map((type) => ({ type, in_app: form.get(`in_app:${type}`) === 'on', email: formText(form, `email:${type}`) })),
    digest_hour: Number(form.get('digest_hour')),
    time_zone: formText(form, 'time_zone'),
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
