import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit';
import { TTS_SYSTEM, isActiveTtsRole } from '../auth/roles';
import type { AuthServiceClient } from '../auth-service/auth-service-client';
import { findUserInfo } from '../auth-service/find-user-info';
import type { Db } from '../db/client';
import { roleUsers, roles } from '../db/schema';
import { AppError } from '../errors';
import { lockRoleForSync } from './sync-role';
import { upsertRoleUser } from './upsert-role-user';

export interface ReconcileResult {
  roles: number;
  activated: number;
  deactivated: number;
  /** Set when the Auth Service could not be asked: nothing was changed from then on. */
  stoppedBecause: string | null;
}

/**
 * Brings TTS's synced memberships in line with the Auth Service's "users by role" answer, for
 * memberships whose role-sync message was lost. Runs in the background (a pg-boss job), never in an
 * assignment: assignment always reads the synced copy, so an Auth Service outage costs nothing but
 * freshness. When the Auth Service is down (or its circuit is open) the run stops and changes
 * nothing further; an empty answer for a role that has members is taken as suspect and skipped,
 * rather than leaving the role with nobody to assign.
 */
export async function reconcileRoleMembers(db: Db, authService: AuthServiceClient, now = new Date()): Promise<ReconcileResult> {
  const result: ReconcileResult = { roles: 0, activated: 0, deactivated: 0, stoppedBecause: null };
  const ttsRoles = await db.select().from(roles).where(isActiveTtsRole());
  for (const role of ttsRoles) {
    // Memberships role sync changes after this moment are newer than the answer below: kept as synced.
    const askedAt = await databaseClock(db);
    let live: number[];
    try {
      // Fresh: a cached answer could be older than askedAt and undo a newer sync.
      live = await authService.getUsersByRole(role.name, TTS_SYSTEM, { fresh: true });
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAVAILABLE') {
        result.stoppedBecause = err.message;
        return result;
      }
      throw err;
    }
    const wanted = new Set(live);
    const plan = (members: (typeof roleUsers.$inferSelect)[]) => {
      const settled = members.filter((m) => m.updatedAt < askedAt);
      const active = new Set(settled.filter((m) => m.isActive).map((m) => m.userId));
      const fresh = new Set(members.filter((m) => m.updatedAt >= askedAt).map((m) => m.userId));
      return {
        isSuspect: live.length === 0 && members.some((m) => m.isActive),
        toActivate: live.filter((id) => !active.has(id) && !fresh.has(id)),
        toDeactivate: [...active].filter((id) => !wanted.has(id)),
      };
    };
    const members = await db.select().from(roleUsers).where(eq(roleUsers.roleId, role.id));
    const first = plan(members);
    if (first.isSuspect) continue;
    // Names are looked up outside the transaction: the Auth Service may be slow.
    const names = new Map<number, string>();
    for (const userId of first.toActivate) {
      const known = members.find((m) => m.userId === userId)?.userFullName;
      names.set(userId, known || ((await findUserInfo(db, userId, authService))?.fullName ?? ''));
    }
    if (!first.toActivate.length && !first.toDeactivate.length) {
      result.roles++;
      continue;
    }
    const { toActivate, toDeactivate } = await db.transaction(async (tx) => {
      // Under role sync's own lock, planned again on what is stored now, so a sync message that
      // landed while the Auth Service was answering is not undone.
      await lockRoleForSync(tx, role.id);
      const stored = await tx.select().from(roleUsers).where(eq(roleUsers.roleId, role.id));
      const { toActivate, toDeactivate } = plan(stored);
      for (const userId of toActivate) {
        const name = names.get(userId) ?? stored.find((m) => m.userId === userId)?.userFullName;
        await upsertRoleUser(tx, { roleId: role.id, userId, userFullName: name, isActive: true });
      }
      for (const userId of toDeactivate) await upsertRoleUser(tx, { roleId: role.id, userId, isActive: false });
      if (toActivate.length || toDeactivate.length) {
        await recordAudit(tx, {
          actorUserId: null,
          action: 'role.members_reconciled',
          entityType: 'role',
          entityId: role.id,
          data: { activated: toActivate, deactivated: toDeactivate, source: 'auth-service' },
          at: now,
        });
      }
      return { toActivate, toDeactivate };
    });
    result.roles++;
    result.activated += toActivate.length;
    result.deactivated += toDeactivate.length;
  }
  return result;
}

/** The database's clock, which stamps role_users.updated_at. */
async function databaseClock(db: Db): Promise<Date> {
  const [row] = Array.from((await db.execute(sql`select clock_timestamp() as at`)) as Iterable<{ at: Date | string }>);
  return new Date(row.at);
}
