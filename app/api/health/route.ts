import { checkBroker } from '@/lib/amqp/broker-health';
import { getDb } from '@/lib/db/client';
import { checkDatabase } from '@/lib/health';
import { route } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * The database and the broker, each with its own status. 503 when the database is down (nothing
 * works without it); a broker that is down makes the status `degraded` but still answers 200,
 * because intake and agents keep working and outbound messages wait in the database.
 */
export const GET = route(
  async () => {
    const [database, broker] = await Promise.all([checkDatabase(getDb()), checkBroker()]);
    const status = database.status !== 'up' ? 'down' : broker.status === 'down' ? 'degraded' : 'ok';
    return Response.json({ status, database, broker }, { status: database.status === 'up' ? 200 : 503 });
  },
  { public: true },
);
