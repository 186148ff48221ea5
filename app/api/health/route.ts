import { getDb } from '@/lib/db/client';
import { checkDatabase } from '@/lib/health';
import { route } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** 200 when every required part is up, 503 otherwise; each part with its own status. */
export const GET = route(
  async () => {
    const database = await checkDatabase(getDb());
    const ok = database.status === 'up';
    return Response.json({ status: ok ? 'ok' : 'degraded', database }, { status: ok ? 200 : 503 });
  },
  { public: true },
);
