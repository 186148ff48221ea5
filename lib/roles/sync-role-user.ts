import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { pendingRoleUsers, roles } from '../db/schema';
import { claimInboundMessage } from '../integration/claim-inbound-message';
import { lockRoleForSync } from './sync-role';
import { upsertRoleUser } from './upsert-role-user';

export interface SyncRoleUserParams {
  roleId: number;
  userId: number;
  userFullName?: string;
  isActive: boolean;
  messageId?: string;
  taskName?: string;
  /** The payload as received, kept with a parked membership so a dead letter can show it. */
  payload: Record<string, unknown>;
}

export type SyncRoleUserResult = { outcome: 'applied' | 'pending' | 'duplicate' };

/**
 * Adds, renames, activates or deactivates a user's membership in a role, in one transaction with
 * the message id. When the role is not known yet (the Auth Service may send the membership
 * first), the membership is parked in pending_role_users and applied by syncRole when the role
 * arrives, or dead-lettered by expirePendingRoleUsers if it never does: it is never dropped and
 * never blocks the queue. Takes the same per-role lock as syncRole (see there).
 */
export async function syncRoleUser(db: Db, p: SyncRoleUserParams): Promise<SyncRoleUserResult> {
  return db.transaction(async (tx) => {
    await lockRoleForSync(tx, p.roleId);
    if (p.messageId && !(await claimInboundMessage(tx, { messageId: p.messageId, source: 'amqp', taskName: p.taskName }))) {
      return { outcome: 'duplicate' as const };
    }
    const [role] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.id, p.roleId));
    if (!role) {
      await tx.insert(pendingRoleUsers).values({
        roleId: p.roleId,
        userId: p.userId,
        userFullName: p.userFullName ?? null,
        isActive: p.isActive,
        messageId: p.messageId ?? null,
        payload: p.payload,
      });
      return { outcome: 'pending' as const };
    }
    await upsertRoleUser(tx, { roleId: p.roleId, userId: p.userId, userFullName: p.userFullName, isActive: p.isActive });
    return { outcome: 'applied' as const };
  });
}
