import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
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

export interface TurnRequest {
  roleId: number;
  purpose: TurnPurpose;
  /**
   * How many consecutive turns; a function is asked once the turns of the requests before it
   * are known (routing: owners only for tickets whose step found an assignee).
   */
  count: number | ((before: Turn[][]) => number);
  /** Skip this user when the role has someone else (escalating away from them). */
  excludeUserId?: number;
}

/**
 * Round robin for several (role, purpose) cursors at once, in three statements however many: the
 * next `count` turns of each, in order, each the next active member after the one before, wrapping
 * around, skipping inactive and paused members. Runs in the caller's transaction and locks the cursor rows until
 * it commits, so concurrent routings take their turns one batch after another: a batch of k
 * tickets takes k consecutive turns under one lock, and the counts of any two active members never
 * differ by more than one. The cursors are locked in one statement in (role id, purpose) order, so
 * two batches can never wait for each other's cursors. A role with no active member gets [] (its
 * cursor does not move). Results in request order.
 */
export async function takeTurnsMany(tx: Tx, requests: TurnRequest[]): Promise<Turn[][]> {
  if (requests.length === 0) return [];
  const keys = [...new Map(requests.map((r) => [`${r.roleId}:${r.purpose}`, { roleId: r.roleId, purpose: r.purpose }])).values()].sort(
    (a, b) => a.roleId - b.roleId || a.purpose.localeCompare(b.purpose),
  );
  // Creates missing cursors and locks them all, in key order, in one statement.
  const cursors = await tx
    .insert(roundRobinCursors)
    .values(keys)
    .onConflictDoUpdate({ target: [roundRobinCursors.roleId, roundRobinCursors.purpose], set: { roleId: sql`excluded.role_id` } })
    .returning({ roleId: roundRobinCursors.roleId, purpose: roundRobinCursors.purpose, lastUserId: roundRobinCursors.lastUserId });
  const last = new Map(cursors.map((c) => [`${c.roleId}:${c.purpose}`, c.lastUserId]));

  const rows = await tx
    .select({ roleId: roleUsers.roleId, userId: roleUsers.userId, userFullName: roleUsers.userFullName })
    .from(roleUsers)
    .innerJoin(roles, eq(roles.id, roleUsers.roleId))
    .where(and(inArray(roleUsers.roleId, keys.map((k) => k.roleId)), isAssignableMember(), isActiveTtsRole()))
    .orderBy(asc(roleUsers.roleId), asc(roleUsers.userId));

  const results: Turn[][] = [];
  const moved = new Map<string, { roleId: number; purpose: TurnPurpose; lastUserId: number; turns: number }>();
  for (const r of requests) {
    const count = typeof r.count === 'function' ? r.count(results) : r.count;
    const members = rows.filter((m) => m.roleId === r.roleId).map(({ userId, userFullName }) => ({ userId, userFullName }));
    const candidates = r.excludeUserId !== undefined && members.length > 1 ? members.filter((m) => m.userId !== r.excludeUserId) : members;
    const key = `${r.roleId}:${r.purpose}`;
    const turns = count > 0 ? nextTurns(candidates, moved.get(key)?.lastUserId ?? last.get(key) ?? null, count) : [];
    results.push(turns);
    if (turns.length) moved.set(key, { roleId: r.roleId, purpose: r.purpose, lastUserId: turns[turns.length - 1].userId, turns: (moved.get(key)?.turns ?? 0) + turns.length });
  }
  if (moved.size) {
    const values = sql.join(
      [...moved.values()].map((m) => sql`(${m.roleId}::int, ${m.purpose}::text, ${m.lastUserId}::int, ${m.turns}::int)`),
      sql`, `,
    );
    await tx.execute(sql`
      update ${roundRobinCursors} c set last_user_id = v.last_user_id, turns = c.turns + v.turns, updated_at = now()
      from (values ${values}) as v(role_id, purpose, last_user_id, turns)
      where c.role_id = v.role_id and c.purpose = v.purpose`);
  }
  return results;
}

/** The next `count` turns of one role's cursor (see takeTurnsMany). */
export async function takeTurns(tx: Tx, roleId: number, purpose: TurnPurpose, count: number, options: TakeTurnsOptions = {}): Promise<Turn[]> {
  return (await takeTurnsMany(tx, [{ roleId, purpose, count, excludeUserId: options.excludeUserId }]))[0];
}

/** One turn (see takeTurnsMany), or null when the role has no active member. */
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
