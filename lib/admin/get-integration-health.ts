import { checkBroker } from '../amqp/broker-health';
import { getAuthServiceClient } from '../auth-service/auth-service-client';
import { requireAdmin } from '../auth/roles';
import type { Db } from '../db/client';
import { checkDatabase, checkWorkers } from '../health';

/**
 * The admins' view of what TTS depends on: the broker (probed from this process), the workers and
 * their bridge (heartbeats), and the Auth Service circuit breaker of this process (closed = calls
 * go through; open = failing fast to the synced copy; half-open = trying again).
 */
export async function getIntegrationHealth(db: Db, p: { actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Reading integration health');
  const [database, broker, workers] = await Promise.all([checkDatabase(db), checkBroker(), checkWorkers(db)]);
  const auth = getAuthServiceClient();
  return {
    database,
    broker,
    workers,
    authService: auth ? { status: 'configured' as const, circuit: auth.breakerState() } : { status: 'disabled' as const, circuit: null },
  };
}
