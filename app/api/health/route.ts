import { checkBroker } from '@/lib/amqp/broker-health';
import { getDb } from '@/lib/db/client';
import { checkDatabase, checkWorkers } from '@/lib/health';
import { route } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * The database, the broker (as this process reaches it) and the worker processes (from their
 * heartbeats, with their bridge's connection), each with its own status. 503 when the database is
 * down, since nothing works without it. A broker or worker problem makes the status `degraded` but
 * still answers 200: intake and agents keep working, and jobs and outbound messages wait in the
 * database until workers and broker are back.
 */
export const GET = route(
  async () => {
    const db = getDb();
    const [database, broker] = await Promise.all([checkDatabase(db), checkBroker()]);
    const workers = database.status === 'up' ? await checkWorkers(db) : null;
    const isDegraded =
      broker.status === 'down' || workers?.status === 'down' || (broker.status !== 'disabled' && workers?.bridge === 'disconnected');
    const status = database.status !== 'up' ? 'down' : isDegraded ? 'degraded' : 'ok';
    return Response.json({ status, database, broker, workers }, { status: database.status === 'up' ? 200 : 503 });
  },
  { public: true },
);
