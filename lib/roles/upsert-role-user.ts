import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { roleUsers } from '../db/schema';

/** Creates or updates one membership; an absent full name keeps the stored one. The role must exist. */
export async function upsertRoleUser(
  tx: Tx,
  p: { roleId: number; userId: number; userFullName?: string; isActive: boolean },
): Promise<void> {
  await tx
    .insert(roleUsers)
    .values({ roleId: p.roleId, userId: p.userId, userFullName: p.userFullName ?? '', isActive: p.isActive })
    .onConflictDoUpdate({
      target: [roleUsers.roleId, roleUsers.userId],
      set: {
        ...(p.userFullName !== undefined ? { userFullName: p.userFullName } : {}),
        isActive: p.isActive,
        updatedAt: sql`now()`,
      },
    });
}
