import { and, asc, inArray, sql } from 'drizzle-orm';
import { requireAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { type TurnPurpose, isOpenItemSql, roleUsers, roles, roundRobinCursors, taskItems } from '../db/schema';
import { isActiveTtsRole } from '../auth/roles';
import { nextTurns } from '../roles/take-turns';

/**
 * Every role as synced from the Auth Service with its members, for the admins' roles page: each
 * member's synced state, local pause, open items (in this role, and in all roles), and the role's
 * round-robin position (who took the last turn, who is next, how many turns so far), for step
 * assignment and, where the role owns tickets, for ownership.
 */
export async function listRolesOverview(db: DbOrTx, p: { actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Listing roles');
  const roleRows = await db.select().from(roles).orderBy(asc(roles.name), asc(roles.id));
  const cursors = await db.select().from(roundRobinCursors);
  const members = await db.select().from(roleUsers).orderBy(asc(roleUsers.roleId), asc(roleUsers.userId));
  const userIds = [...new Set(members.map((m) => m.userId))];
  // Open items per (user, role) through the inbox's partial index on open items.
  const open = userIds.length
    ? await db
        .select({ userId: taskItems.userId, roleId: taskItems.roleId, count: sql<number>`count(*)::int` })
        .from(taskItems)
        .where(and(inArray(taskItems.userId, userIds), isOpenItemSql(taskItems.status)))
        .groupBy(taskItems.userId, taskItems.roleId)
    : [];
  const openKey = (userId: number, roleId: number) => `${userId}:${roleId}`;
  const openByUserRole = new Map(open.map((o) => [openKey(o.userId, o.roleId), o.count]));
  const openByUser = new Map<number, number>();
  for (const o of open) openByUser.set(o.userId, (openByUser.get(o.userId) ?? 0) + o.count);

  const ttsActive = new Set(
    (await db.select({ id: roles.id }).from(roles).where(isActiveTtsRole())).map((r) => r.id),
  );
  return roleRows.map((role) => {
    const mine = members.filter((m) => m.roleId === role.id);
    const assignable = mine.filter((m) => m.isActive && m.assignmentPausedAt === null);
    // Step assignment and ticket ownership keep separate cursors (lib/roles/take-turns.ts).
    const position = (purpose: TurnPurpose) => {
      const cursor = cursors.find((c) => c.roleId === role.id && c.purpose === purpose);
      const last = cursor?.lastUserId ?? null;
      return {
        lastUserId: last,
        nextUserId: ttsActive.has(role.id) ? (nextTurns(assignable, last, 1)[0]?.userId ?? null) : null,
        turns: cursor?.turns ?? 0,
        updatedAt: cursor?.updatedAt ?? null,
      };
    };
    return {
      id: role.id,
      name: role.name,
      system: role.system,
      isActive: role.isActive,
      /** Whether TTS assigns work through it (active, of system tts). */
      takesWork: ttsActive.has(role.id),
      roundRobin: position('step'),
      /** Owner turns (Ticket Coordinators): only a role that owns tickets has taken any. */
      ownerRoundRobin: position('owner'),
      members: mine.map((m) => ({
        userId: m.userId,
        fullName: m.userFullName,
        isActive: m.isActive,
        isPaused: m.assignmentPausedAt !== null,
        pausedAt: m.assignmentPausedAt,
        pausedBy: m.assignmentPausedBy,
        pauseReason: m.assignmentPauseReason,
        isAssignable: m.isActive && m.assignmentPausedAt === null && ttsActive.has(role.id),
        openItemsInRole: openByUserRole.get(openKey(m.userId, role.id)) ?? 0,
        openItems: openByUser.get(m.userId) ?? 0,
        syncedAt: m.updatedAt,
      })),
    };
  });
}

export type RoleOverview = Awaited<ReturnType<typeof listRolesOverview>>[number];
