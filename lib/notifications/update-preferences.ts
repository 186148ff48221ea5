import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { notificationPreferences, notificationSettings } from '../db/schema';
import { AppError } from '../errors';
import { IN_APP_REQUIRED_TYPES } from './defaults';
import { getDigestSettings, getPreferences } from './get-preferences';
import { loadPreferences } from './create-notifications';
import type { UpdatePreferencesBody } from './schemas';

/**
 * Changes the caller's preferences: the types listed (a field left out keeps its current value),
 * and the digest hour and time zone. `in_app: false` for a type that always shows in-app
 * (sla_breach, task_assignment) is a 400 naming the field. Applies to notifications created from
 * now on (and to the next digest). Returns the preferences as GET shows them.
 */
export async function updatePreferences(db: Db, userId: number, body: UpdatePreferencesBody, now = new Date()) {
  const issues = (body.preferences ?? []).flatMap((p, i) =>
    p.in_app === false && IN_APP_REQUIRED_TYPES.includes(p.type)
      ? [{ path: `preferences.${i}.in_app`, message: `${p.type} always shows in-app; in_app cannot be false` }]
      : [],
  );
  const types = (body.preferences ?? []).map((p) => p.type);
  const repeated = types.findIndex((t, i) => types.indexOf(t) !== i);
  if (repeated >= 0) issues.push({ path: `preferences.${repeated}.type`, message: `${types[repeated]} is listed twice` });
  if (issues.length) throw new AppError('INVALID_INPUT', `Invalid input: ${issues.map((i) => i.path).join(', ')}`, issues);

  await db.transaction(async (tx) => {
    if (body.preferences?.length) {
      const current = await loadPreferences(tx, [userId]);
      await tx
        .insert(notificationPreferences)
        .values(
          body.preferences.map((p) => {
            const was = current(userId, p.type);
            return { userId, type: p.type, isInApp: p.in_app ?? was.isInApp, email: p.email ?? was.email, updatedAt: now };
          }),
        )
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.type],
          set: { isInApp: sql`excluded.is_in_app`, email: sql`excluded.email`, updatedAt: now },
        });
    }
    if (body.digest_hour !== undefined || body.time_zone !== undefined) {
      const was = await getDigestSettings(tx, userId);
      const row = { userId, digestHour: body.digest_hour ?? was.digestHour, timeZone: body.time_zone ?? was.timeZone, updatedAt: now };
      await tx
        .insert(notificationSettings)
        .values(row)
        .onConflictDoUpdate({ target: notificationSettings.userId, set: { digestHour: row.digestHour, timeZone: row.timeZone, updatedAt: now } });
    }
  });
  return getPreferences(db, userId);
}
