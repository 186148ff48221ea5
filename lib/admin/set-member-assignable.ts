import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit';
import { requireAdmin } from '../auth/roles';
import type { Db } from '../db/client';
import { roleUsers } from '../db/schema';
import { notFound } from '../errors';

export interface SetMemberAssignableParams {
  actorUserId: number;
  roleId: number;
  userId: number;
  /** false pauses the member's round-robin turns in this role; true gives them back. */
  isAssignable: boolean;
  reason?: string | null;
}

/**
 * An admin takes a role member out of round robin (or puts them back), for this role only. It is
 * TTS's own setting on the membership, apart from what role sync writes (`is_active`), so a later
 * sync of the same membership does not undo it; only reactivating does. Items the member already
 * holds stay theirs. A no-op (pausing a paused member) changes nothing and records nothing.
 */
export async function setMemberAssignable(db: Db, p: SetMemberAssignableParams) {
  await requireAdmin(db, p.actorUserId, 'Pausing role members');
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select()
      .from(roleUsers)
      .where(and(eq(roleUsers.roleId, p.roleId), eq(roleUsers.userId, p.userId)))
      .for('update');
    if (!member) throw notFound('Role member');
    const isPaused = member.assignmentPausedAt !== null;
    if (isPaused === !p.isAssignable) return { member, isChanged: false };
    const [updated] = await tx
      .update(roleUsers)
      .set(
        p.isAssignable
          ? { assignmentPausedAt: null, assignmentPausedBy: null, assignmentPauseReason: null }
          : { assignmentPausedAt: sql`now()`, assignmentPausedBy: p.actorUserId, assignmentPauseReason: p.reason?.trim() || null },
      )
      .where(eq(roleUsers.id, member.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: p.actorUserId,
      action: p.isAssignable ? 'role_member.assignment_resumed' : 'role_member.assignment_paused',
      entityType: 'role',
      entityId: p.roleId,
      data: { user_id: p.userId, ...(p.isAssignable ? {} : { reason: updated.assignmentPauseReason }) },
    });
    return { member: updated, isChanged: true };
  });
}
