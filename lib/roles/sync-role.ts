import { asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { pendingRoleUsers, roles } from '../db/schema';
import { claimInboundMessage } from '../integration/claim-inbound-message';
import { upsertRoleUser } from './upsert-role-user';

export interface SyncRoleParams {
  id: number;
  /** Absent on a bare deactivation; an existing role keeps its name. */
  name?: string;
  system: string;
  isActive: boolean;
  /** `celery:<task id>`: the same id again changes nothing. */
  messageId?: string;
  taskName?: string;
}

export interface SyncRoleResult {
  isDuplicate: boolean;
  /** Memberships that had arrived before this role and were applied now. */
  appliedPending: number;
}

/** Serialises role sync per role id (see syncRole). */
export async function lockRoleForSync(tx: Tx, roleId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('tts.role-sync'), ${roleId})`);
}

/**
 * Creates, renames, updates or deactivates a role as the Auth Service pushed it, then applies the
 * memberships that were waiting for it, all in one transaction with the message id. The advisory
 * lock per role id closes a race with syncRoleUser in another process: without it a membership
 * could see "no role yet" just before this commits, park itself, and miss the apply below.
 *
 * A role of another system (the Auth Service also serves HDTS, whose role names overlap TTS's,
 * e.g. "Admin") is stored inactive: it is known, so its memberships are kept, but nobody gets
 * TTS rights or assignments through it.
 */
export async function syncRole(db: Db, p: SyncRoleParams): Promise<SyncRoleResult> {
  return db.transaction(async (tx) => {
    await lockRoleForSync(tx, p.id);
    if (p.messageId && !(await claimInboundMessage(tx, { messageId: p.messageId, source: 'amqp', taskName: p.taskName }))) {
      return { isDuplicate: true, appliedPending: 0 };
    }
    const isActive = p.isActive && p.system === 'tts';
    await tx
      .insert(roles)
      .values({ id: p.id, name: p.name ?? `Role ${p.id}`, system: p.system, isActive })
      .onConflictDoUpdate({
        target: roles.id,
        set: { ...(p.name !== undefined ? { name: p.name } : {}), system: p.system, isActive, updatedAt: sql`now()` },
      });

    const pending = await tx
      .select()
      .from(pendingRoleUsers)
      .where(eq(pendingRoleUsers.roleId, p.id))
      .orderBy(asc(pendingRoleUsers.id));
    // In arrival order, so a later message about the same member wins, as it would have live.
    for (const m of pending) {
      await upsertRoleUser(tx, { roleId: m.roleId, userId: m.userId, userFullName: m.userFullName ?? undefined, isActive: m.isActive });
    }
    if (pending.length > 0) await tx.delete(pendingRoleUsers).where(eq(pendingRoleUsers.roleId, p.id));
    return { isDuplicate: false, appliedPending: pending.length };
  });
}
