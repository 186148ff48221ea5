import { and, asc, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { roleUsers, roles, taskItems } from '../db/schema';
import { isActiveTtsRole } from '../auth/roles';

/**
 * Who an open item can be transferred to: the active members of its step's role (an active TTS
 * role), other than its holder, by name. Only for callers allowed to transfer it (the page asks
 * only when getTaskItem offered `transfer`).
 */
export async function listTransferCandidates(db: DbOrTx, itemId: number): Promise<Array<{ user_id: number; name: string }>> {
  const [item] = await db.select({ roleId: taskItems.roleId, userId: taskItems.userId }).from(taskItems).where(eq(taskItems.id, itemId));
  if (!item) return [];
  const rows = await db
    .select({ userId: roleUsers.userId, name: roleUsers.userFullName })
    .from(roleUsers)
    .innerJoin(roles, eq(roles.id, roleUsers.roleId))
    .where(and(eq(roleUsers.roleId, item.roleId), eq(roleUsers.isActive, true), isActiveTtsRole(), ne(roleUsers.userId, item.userId)))
    .orderBy(asc(roleUsers.userFullName), asc(roleUsers.userId));
  return rows.map((r) => ({ user_id: r.userId, name: r.name || `User ${r.userId}` }));
}
