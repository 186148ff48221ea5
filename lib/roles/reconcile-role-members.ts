import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit';
import { TTS_SYSTEM } from '../auth/roles';
import type { AuthServiceClient } from '../auth-service/auth-service-client';
import { findUserInfo } from '../auth-service/find-user-info';
import type { Db } from '../db/client';
import { roleUsers, roles } from '../db/schema';
import { AppError } from '../errors';
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
  const ttsRoles = await db.select().from(roles).where(and(eq(roles.system, TTS_SYSTEM), eq(roles.isActive, true)));
  for (const role of ttsRoles) {
    let live: number[];
    try {
      live = await authService.getUsersByRole(role.name, TTS_SYSTEM);
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAVAILABLE') {
        result.stoppedBecause = err.message;
        return result;
      }
      throw err;
    }
    const members = await db.select().from(roleUsers).where(eq(roleUsers.roleId, role.id));
    const active = new Set(members.filter((m) => m.isActive).map((m) => m.userId));
    if (live.length === 0 && active.size > 0) continue;
    const wanted = new Set(live);
    const toActivate = live.filter((id) => !active.has(id));
    const toDeactivate = [...active].filter((id) => !wanted.has(id));
    const names = new Map<number, string>();
    for (const userId of toActivate) {
      const known = members.find((m) => m.userId === userId)?.userFullName;
      names.set(userId, known || ((await findUserInfo(db, userId, authService))?.fullName ?? ''));
    }
    if (toActivate.length || toDeactivate.length) {
      await db.transaction(async (tx) => {
        for (const userId of toActivate) await upsertRoleUser(tx, { roleId: role.id, userId, userFullName: names.get(userId), isActive: true });
        for (const userId of toDeactivate) await upsertRoleUser(tx, { roleId: role.id, userId, isActive: false });
        await recordAudit(tx, {
          actorUserId: null,
          action: 'role.members_reconciled',
          entityType: 'role',
          entityId: role.id,
          data: { activated: toActivate, deactivated: toDeactivate, source: 'auth-service' },
          at: now,
        });
      });
    }
    result.roles++;
    result.activated += toActivate.length;
    result.deactivated += toDeactivate.length;
  }
  return result;
}
