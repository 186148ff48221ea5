import { getAuthServiceClient } from '@/lib/auth-service/auth-service-client';
import { reconcileRoleMembers } from '@/lib/roles/reconcile-role-members';
import { defineJob } from '../job-module';
import { logger } from '@/lib/log';

const log = logger('roles');

/**
 * Every ten minutes when AUTH_SERVICE_URL is set (see workers/worker.ts). Idempotent: it compares
 * and sets memberships, so a second run changes nothing.
 */
export const roleReconcileJob = defineJob({
  key: 'roleReconcile',
  workers: 1,
  async handle(db) {
    const authService = getAuthServiceClient();
    if (!authService) return;
    const result = await reconcileRoleMembers(db, authService);
    if (result.activated || result.deactivated || result.stoppedBecause) log.info(result, 'role reconcile');
  },
});
