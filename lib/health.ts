import { desc, eq, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from './db/client';
import { workerHeartbeats } from './db/schema';

export interface ComponentHealth {
  status: 'up' | 'down' | 'disabled';
  latency_ms?: number;
  error?: string;
}

/** Is the database answering? Bounded by a 2 s timeout so a hung server reports down, not hangs. */
export async function checkDatabase(db: Db): Promise<ComponentHealth> {
  const started = Date.now();
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref()),
    ]);
    return { status: 'up', latency_ms: Date.now() - started };
  } catch (err) {
    return { status: 'down', error: (err as Error).message };
  }
}

/** A worker that has not been heard from for this long counts as gone. */
export const HEARTBEAT_STALE_MS = 30_000;
export const HEARTBEAT_INTERVAL_MS = 10_000;

export interface WorkerHeartbeat {
  workerId: string;
  host: string;
  pid: number;
  bridge: 'connected' | 'disconnected' | 'disabled';
  startedAt: Date;
}

/** The worker process says it is alive, and how its bridge is; also forgets workers long gone. */
export async function recordWorkerHeartbeat(db: DbOrTx, h: WorkerHeartbeat, now = new Date()): Promise<void> {
  await db
    .insert(workerHeartbeats)
    .values({ ...h, seenAt: now })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { bridge: h.bridge, seenAt: now } });
  await db.delete(workerHeartbeats).where(lt(workerHeartbeats.seenAt, new Date(now.getTime() - 24 * 3600 * 1000)));
}

/** A worker stopping cleanly takes its row with it, so health does not wait for it to go stale. */
export async function removeWorkerHeartbeat(db: DbOrTx, workerId: string): Promise<void> {
  await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
}

export interface WorkersHealth {
  status: 'up' | 'down';
  /** Workers heard from in the last HEARTBEAT_STALE_MS. */
  running: number;
  last_seen_at: string | null;
  /** The RabbitMQ bridge as the workers see it: connected when any running worker is connected. */
  bridge: 'connected' | 'disconnected' | 'disabled' | 'unknown';
}

export async function checkWorkers(db: DbOrTx, now = new Date()): Promise<WorkersHealth> {
  const rows = await db.select().from(workerHeartbeats).orderBy(desc(workerHeartbeats.seenAt)).limit(50);
  const fresh = rows.filter((r) => now.getTime() - r.seenAt.getTime() <= HEARTBEAT_STALE_MS);
  const bridge = fresh.some((r) => r.bridge === 'connected')
    ? 'connected'
    : fresh.some((r) => r.bridge === 'disconnected')
      ? 'disconnected'
      : fresh.length
        ? 'disabled'
        : 'unknown';
  return {
    status: fresh.length ? 'up' : 'down',
    running: fresh.length,
    last_seen_at: rows[0]?.seenAt.toISOString() ?? null,
    bridge,
  };
}
