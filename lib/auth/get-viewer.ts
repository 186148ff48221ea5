import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { roleUsers, roles, users } from '../db/schema';
import { COORDINATOR_ROLE } from '../tickets/route-ticket';
import { ADMIN_ROLE_NAMES, isActiveTtsRole } from './roles';

/** The signed-in person as the UI needs them: who they are, and which parts of TTS are theirs. */
export interface Viewer {
  id: number;
  name: string;
  email: string;
  /** Names of the active TTS roles they hold. */
  roles: string[];
  isAdmin: boolean;
  /** Ticket Coordinator (admins count as coordinators for what they may see). */
  isCoordinator: boolean;
  isStaff: boolean;
}

/** The viewer for a user id, or null when there is no active user with that id. One round trip. */
export async function getViewer(db: DbOrTx, userId: number): Promise<Viewer | null> {
  const rows = await db
    .select({ id: users.id, name: users.fullName, email: users.email, role: roles.name })
    .from(users)
    .leftJoin(roleUsers, and(eq(roleUsers.userId, users.id), eq(roleUsers.isActive, true)))
    .leftJoin(roles, and(eq(roles.id, roleUsers.roleId), isActiveTtsRole()))
    .where(and(eq(users.id, userId), eq(users.isActive, true)));
  if (rows.length === 0) return null;
  const roleNames = [...new Set(rows.map((r) => r.role).filter((r): r is string => !!r))].sort();
  const isAdmin = roleNames.some((r) => ADMIN_ROLE_NAMES.includes(r));
  return {
    id: rows[0].id,
    name: rows[0].name,
    email: rows[0].email,
    roles: roleNames,
    isAdmin,
    isCoordinator: isAdmin || roleNames.includes(COORDINATOR_ROLE),
    isStaff: roleNames.length > 0,
  };
}
