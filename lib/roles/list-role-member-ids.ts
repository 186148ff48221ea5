import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { roleUsers, roles } from '../db/schema';
import type { AuthServiceClient } from '../auth-service/auth-service-client';
import { AppError } from '../errors';

export interface RoleMemberIds {
  userIds: number[];
  /** Where the answer came from: live, or TTS's synced copy because the Auth Service is away. */
  source: 'auth-service' | 'synced';
}

/**
 * The users of a role by name: asked of the Auth Service when one is configured and up, otherwise
 * read from the roles and memberships role sync keeps, so assignment keeps working through an Auth
 * Service outage (an open circuit answers at once, with no timeout to wait out).
 */
export async function listRoleMemberIds(
  db: DbOrTx,
  p: { roleName: string; system?: string; authService: AuthServiceClient | null },
): Promise<RoleMemberIds> {
  const system = p.system ?? 'tts';
  if (p.authService) {
    try {
      return { userIds: await p.authService.getUsersByRole(p.roleName, system), source: 'auth-service' };
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'UNAVAILABLE')) throw err;
    }
  }
  const rows = await db
    .selectDistinct({ userId: roleUsers.userId })
    .from(roleUsers)
    .innerJoin(roles, eq(roles.id, roleUsers.roleId))
    .where(and(eq(roles.name, p.roleName), eq(roles.system, system), eq(roles.isActive, true), eq(roleUsers.isActive, true)))
    .orderBy(asc(roleUsers.userId));
  return { userIds: rows.map((r) => r.userId), source: 'synced' };
}
