import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { isActiveTtsRole } from '../auth/roles';
import { roleUsers, roles, roundRobinCursors, type TurnPurpose } from '../db/schema';

export interface Turn {
  userId: number;
  userFullName: string;
}

export interface TakeTurnsOptions {
  /** Skip this user when the role has someone else (escalating away from them). */
  excludeUserId?: number;
}

/**
 * A membership that takes turns: active as synced, and not paused by an admin
 * (lib/admin/set-member-assignable.ts).
 */
export const isAssignableMember = () => and(eq(roleUsers.isActive, true), isNull(roleUsers.assignmentPausedAt));

/**
 * The next `count` turns of a role's round robin for one purpose, in order: each the next active
 * member after the one before, wrapping around, skipping inactive and paused members. Runs in the caller's
 * transaction and locks the (role, purpose) cursor row until it commits, so concurrent routings
 * take their turns one batch after another: a batch of k tickets takes k consecutive turns under
 * one lock, and the counts of any two active members never differ by more than one. Returns []
 * when the role has no active member (the cursor is not moved).
 *
 * Callers that lock several cursors in one transaction take them in (role id, purpose) order, so
 * two batches can never wait for each other's cursors.
 */
export async function takeTurns(tx: Tx, roleId: number, purpose: TurnPurpose, count: number, options: TakeTurnsOptions = {}): Promise<Turn[]> {
  if (count <= 0) return [];
  // Creates the cursor on first use and locks it, in one statement.
  const [cursor] = await tx
    .insert(roundRobinCursors)
    .values({ roleId, purpose })
    .onConflictDoUpdate({ target: [roundRobinCursors.roleId, roundRobinCursors.purpose], set: { roleId } })
    .returning({ lastUserId: roundRobinCursors.lastUserId });

  const members = await tx
    .select({ userId: roleUsers.userId, userFullName: roleUsers.userFullName })
    .from(roleUsers)
    .innerJoin(roles, eq(roles.id, roleUsers.roleId))
    .where(and(eq(roleUsers.roleId, roleId), isAssignableMember(), isActiveTtsRole()))
    .orderBy(asc(roleUsers.userId));
  const candidates =
    options.excludeUserId !== undefined && members.length > 1 ? members.filter((m) => m.userId !== options.excludeUserId) : members;
  if (candidates.length === 0) return [];

  const turns = nextTurns(candidates, cursor.lastUserId, count);
  await tx
    .update(roundRobinCursors)
    .set({ lastUserId: turns[turns.length - 1].userId, turns: sql`${roundRobinCursors.turns} + ${count}`, updatedAt: sql`now()` })
    .where(and(eq(roundRobinCursors.roleId, roleId), eq(roundRobinCursors.purpose, purpose)));
  return turns;
}

/** One turn (see takeTurns), or null when the role has no active member. */
export async function takeTurn(tx: Tx, roleId: number, purpose: TurnPurpose, options: TakeTurnsOptions = {}): Promise<Turn | null> {
  return (await takeTurns(tx, roleId, purpose, 1, options))[0] ?? null;
}

/**
 * `count` turns over `members` (sorted by user id) starting after `lastUserId`: the first member
 * with a greater id, or the first of all, then on around the circle. Pure.
 */
export function nextTurns<M extends { userId: number }>(members: M[], lastUserId: number | null, count: number): M[] {
  if (members.length === 0) return [];
  let start = lastUserId === null ? 0 : members.findIndex((m) => m.userId > lastUserId);
  if (start < 0) start = 0;
  return Array.from({ length: count }, (_, i) => members[(start + i) % members.length]);
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
