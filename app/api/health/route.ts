import { checkBroker } from '@/lib/amqp/broker-health';
import { getDb } from '@/lib/db/client';
import { checkDatabase, checkWorkers } from '@/lib/health';
import { isAdmin } from '@/lib/auth/roles';
import { resolveActor, route } from '@/lib/http';
import { logger } from '@/lib/log';

const log = logger('health');

export const dynamic = 'force-dynamic';

/**
 * Public (load balancers and uptime checks call it without credentials); the error texts behind a
 * component that is down are shown to admins only. The database, the broker (as this process reaches it) and the worker processes (from their
 * heartbeats, with their bridge's connection), each with its own status. 503 when the database is
 * down, since nothing works without it. A broker or worker problem makes the status `degraded` but
 * still answers 200: intake and agents keep working, and jobs and outbound messages wait in the
 * database until workers and broker are back.
 */
export const GET = route(
  async ({ req }) => {
    const db = getDb();
    const [database, broker] = await Promise.all([checkDatabase(db), checkBroker()]);
    const workers = database.status === 'up' ? await checkWorkers(db) : null;
    const isDegraded =
      broker.status === 'down' || workers?.status === 'down' || (broker.status !== 'disabled' && workers?.bridge === 'disconnected');
    const status = database.status !== 'up' ? 'down' : isDegraded ? 'degraded' : 'ok';
    // Error texts name internal hosts and ports: for admins (and the server log), not the public.
    for (const [name, c] of Object.entries({ database, broker })) if (c.error) log.warn({ part: name, error: c.error }, `${name} down`);
    const showErrors = database.status === 'up' && (await isAdminCaller(req));
    const redact = <T extends { error?: string }>(c: T): T => (showErrors ? c : { ...c, error: undefined });
    return Response.json({ status, database: redact(database), broker: redact(broker), workers }, { status: database.status === 'up' ? 200 : 503 });
  },
  { public: true },
);

async function isAdminCaller(req: Request): Promise<boolean> {
  try {
    const actor = await resolveActor(req);
    return actor !== null && (await isAdmin(getDb(), actor.userId));
  } catch {
    return false;
  }
}
