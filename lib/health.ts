import { sql } from 'drizzle-orm';
import type { Db } from './db/client';

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
