import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { notificationPreferences, notificationSettings, notificationTypes } from '../db/schema';
import { getEnv } from '../env';
import { IN_APP_REQUIRED_TYPES, NOTIFICATION_TYPE_LABELS, defaultPreference } from './defaults';

/** A user's digest time: their chosen hour and zone, else NOTIFY_DIGEST_DEFAULT_HOUR in UTC. */
export async function getDigestSettings(db: DbOrTx, userId: number): Promise<{ digestHour: number; timeZone: string }> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  return row ? { digestHour: row.digestHour, timeZone: row.timeZone } : { digestHour: getEnv().NOTIFY_DIGEST_DEFAULT_HOUR, timeZone: 'UTC' };
}

/**
 * The caller's notification preferences: every type (in the order of DOMAIN.md), what they chose
 * or the type's default, and when their daily digest goes out.
 */
export async function getPreferences(db: DbOrTx, userId: number) {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [r.type, r]));
  const digest = await getDigestSettings(db, userId);
  return {
    preferences: notificationTypes.map((type) => {
      const row = chosen.get(type);
      const pref = row ? { isInApp: row.isInApp, email: row.email } : defaultPreference(type);
      const required = IN_APP_REQUIRED_TYPES.includes(type);
      return {
        type,
        label: NOTIFICATION_TYPE_LABELS[type],
        in_app: required || pref.isInApp,
        email: pref.email,
        in_app_required: required,
        is_default: !row,
      };
    }),
    digest_hour: digest.digestHour,
    time_zone: digest.timeZone,
    email_delay_seconds: getEnv().NOTIFY_EMAIL_DELAY_SECONDS,
  };
}
