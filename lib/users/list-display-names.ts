import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';

/**
 * The name to show for the user id `id` (an SQL expression), from what TTS holds: its users, then
 * the full names role sync stored; null when nobody named them. Local data only, so a page never
 * waits on the Auth Service for a history table. The one rule for names: listDisplayNames and
 * the queries that read names together with other rows (loadCommentContext) use it.
 */
export function displayNameSql(id: SQL): SQL<string | null> {
  return sql<string | null>`coalesce(
    (select nullif(u.full_name, '') from users u where u.id = ${id}),
    (select nullif(ru.user_full_name, '') from role_users ru where ru.user_id = ${id} and ru.user_full_name <> '' limit 1))`;
}

/** Names to show for user ids (see displayNameSql), in one query; ids nobody named are left out. */
export async function listDisplayNames(db: DbOrTx, userIds: number[]): Promise<Map<number, string>> {
  const ids = [...new Set(userIds)];
  const names = new Map<number, string>();
  if (ids.length === 0) return names;
  const rows = await db.execute(sql`select x.id, ${displayNameSql(sql`x.id`)} as name from unnest(${`{${ids.join(',')}}`}::int[]) as x(id)`);
  for (const r of rows as Iterable<{ id: number; name: string | null }>) if (r.name) names.set(Number(r.id), r.name);
  return names;
}
