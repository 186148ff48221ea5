import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { AppError } from '../errors';
import { roleUsers, roles } from '../db/schema';

export const ADMIN_ROLE_NAMES = ['Admin', 'Super Admin'];
/** The Auth Service's system name for TTS; roles of other systems (HDTS's own "Admin") grant nothing here. */
export const TTS_SYSTEM = 'tts';

/** The condition on `roles` for a role that grants something in TTS: active, and of system `tts`. */
export const isActiveTtsRole = () => and(eq(roles.isActive, true), eq(roles.system, TTS_SYSTEM));

/** True when the user is an active member of an active TTS Admin or Super Admin role. */
export async function isAdmin(db: DbOrTx, userId: number): Promise<boolean> {
  return hasActiveTtsRole(db, userId, ADMIN_ROLE_NAMES);
}

/** Throws FORBIDDEN unless the user is an admin (see isAdmin); `what` names the refused operation. */
export async function requireAdmin(db: DbOrTx, userId: number, what: string): Promise<void> {
  if (!(await isAdmin(db, userId))) throw new AppError('FORBIDDEN', `${what} needs the Admin or Super Admin role`);
}

/**
 * True when the user is TTS staff: an active member of any active role of system `tts` (admins
 * included, as their roles are TTS roles). A valid token alone is not enough: HDTS employees
 * and other systems' users have tokens too.
 */
export async function isStaff(db: DbOrTx, userId: number): Promise<boolean> {
  return hasActiveTtsRole(db, userId);
}

/** Throws FORBIDDEN unless the user is TTS staff (see isStaff); `what` names the refused operation. */
export async function requireStaff(db: DbOrTx, userId: number, what: string): Promise<void> {
  if (!(await isStaff(db, userId))) throw new AppError('FORBIDDEN', `${what} needs a TTS role`);
}

/** True when the user is an active member of an active TTS role, of one of `roleNames` when given. */
export async function hasActiveTtsRole(db: DbOrTx, userId: number, roleNames?: string[]): Promise<boolean> {
  const rows = await db
    .select({ id: roleUsers.id })
    .from(roleUsers)
    .innerJoin(roles, eq(roles.id, roleUsers.roleId))
    .where(
      and(
        eq(roleUsers.userId, userId),
        eq(roleUsers.isActive, true),
        isActiveTtsRole(),
        roleNames ? inArray(roles.name, roleNames) : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
