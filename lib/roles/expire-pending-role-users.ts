import { lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { deadLetters, pendingRoleUsers } from '../db/schema';
import { INBOUND_TASKS, QUEUES } from '../amqp/topology';

export type ExpiredRoleUser = typeof pendingRoleUsers.$inferSelect & { reason: string };

/**
 * Gives up on memberships whose role has not arrived within `maxAgeMs`: each moves to dead_letters
 * with the reason, in one transaction (so it is in exactly one of the two tables). Returns what
 * was moved, for the caller to copy to the broker's dead-letter queue.
 */
export async function expirePendingRoleUsers(db: Db, p: { maxAgeMs: number; now?: Date }): Promise<ExpiredRoleUser[]> {
  const now = p.now ?? new Date();
  const cutoff = new Date(now.getTime() - p.maxAgeMs);
  return db.transaction(async (tx) => {
    const expired = await tx.delete(pendingRoleUsers).where(lt(pendingRoleUsers.receivedAt, cutoff)).returning();
    const withReason = expired.map((m) => ({
      ...m,
      reason: `role ${m.roleId} unknown: no tts.role.sync for it within ${Math.round(p.maxAgeMs / 1000)} s of this membership (user ${m.userId})`,
    }));
    if (withReason.length > 0) {
      await tx
        .insert(deadLetters)
        .values(
          withReason.map((m) => ({
            queue: QUEUES.roleSync,
            taskName: INBOUND_TASKS.syncUserSystemRole,
            messageId: m.messageId ?? `pending-role-user:${m.id}`,
            reason: m.reason,
            headers: null,
            body: JSON.stringify(m.payload),
          })),
        )
        .onConflictDoNothing();
    }
    return withReason;
  });
}
