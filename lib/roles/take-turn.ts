import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { isActiveTtsRole } from '../auth/roles';
import { roleUsers, roles, roundRobinCursors } from '../db/schema';

export interface Turn {
  userId: number;
  userFullName: string;
}

/**
 * Round robin within a role: the next active member after the one who took the last turn, wrapping
 * around, skipping inactive users. Runs in the caller's transaction and locks the role's cursor row
 * until it commits, so concurrent ingestions queue up for the cursor and each takes its own turn
 * (two tickets can never read the same position). Returns null when the role has no active member.
 */
export async function takeTurn(tx: Tx, roleId: number, options: { excludeUserId?: number } = {}): Promise<Turn | null> {
  await tx.insert(roundRobinCursors).values({ roleId }).onConflictDoNothing();
  const [cursor] = await tx
    .select({ lastUserId: roundRobinCursors.lastUserId })
    .from(roundRobinCursors)
    .where(eq(roundRobinCursors.roleId, roleId))
    .for('update');

  const members = await tx
    .select({ userId: roleUsers.userId, userFullName: roleUsers.userFullName })
    .from(roleUsers)
    .innerJoin(roles, eq(roles.id, roleUsers.roleId))
    .where(and(eq(roleUsers.roleId, roleId), eq(roleUsers.isActive, true), isActiveTtsRole()))
    .orderBy(asc(roleUsers.userId));
  const candidates =
    options.excludeUserId !== undefined && members.length > 1
      ? members.filter((m) => m.userId !== options.excludeUserId)
      : members;
  if (candidates.length === 0) return null;

  const last = cursor?.lastUserId ?? null;
  const next = (last === null ? undefined : candidates.find((m) => m.userId > last)) ?? candidates[0];
  await tx
    .update(roundRobinCursors)
    .set({ lastUserId: next.userId, turns: sql`${roundRobinCursors.turns} + 1`, updatedAt: sql`now()` })
    .where(eq(roundRobinCursors.roleId, roleId));
  return next;
}

/** The id of an active TTS role by exact name, or null. */
export async function findRoleIdByName(tx: Tx, name: string): Promise<number | null> {
  const [row] = await tx
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.name, name), isActiveTtsRole()))
    .orderBy(asc(roles.id))
    .limit(1);
  return row?.id ?? null;
}
