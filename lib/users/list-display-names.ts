import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { roleUsers, users } from '../db/schema';

/**
 * Names to show for user ids, from what TTS holds (its users, then the full names role sync
 * stored); ids nobody named are left out. Local data only, so a page never waits on the Auth
 * Service for a history table.
 */
export async function listDisplayNames(db: DbOrTx, userIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(userIds)];
  const names = new Map<number, string>();
  if (ids.length === 0) return names;
  for (const u of await db.select({ id: users.id, name: users.fullName }).from(users).where(inArray(users.id, ids))) {
    if (u.name) names.set(u.id, u.name);
  }
  const missing = ids.filter((id) => !names.has(id));
  if (missing.length) {
    const members = await db
      .select({ id: roleUsers.userId, name: roleUsers.userFullName })
      .from(roleUsers)
      .where(inArray(roleUsers.userId, missing));
    for (const m of members) if (m.name && !names.has(m.id)) names.set(m.id, m.name);
  }
  return names;
}
