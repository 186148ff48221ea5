import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getEnv } from '../env';
import * as schema from './schema';

export function createDb(url: string, options: { max?: number } = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Fail fast when the database is not there, instead of hanging a request.
    connect_timeout: 10,
  });
  const db = drizzle(client, { schema, casing: 'snake_case' });
  return Object.assign(db, { $close: () => client.end({ timeout: 5 }) });
}

export type Db = ReturnType<typeof createDb>;
/** A transaction handle; domain functions accept `Db | Tx` so callers can compose them. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

let shared: Db | undefined;
let sharedPoolMax = 10;

/**
 * The pool size of the process-wide database; call before its first use. The realtime sidecar
 * keeps it small (its work is a few short reads per event), so many sidecars fit a server's
 * max_connections.
 */
export function setSharedPoolMax(max: number): void {
  sharedPoolMax = max;
}

/**
 * The process-wide database. The URL comes from DATABASE_URL; the start script sets it to the
 * embedded Postgres when the operator did not. Created on first use so importing is side-effect free.
 */
export function getDb(): Db {
  if (!shared) {
    shared = createDb(requireDatabaseUrl(), { max: sharedPoolMax });
  }
  return shared;
}

function requireDatabaseUrl(): string {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the stack with `npm start`, which provides one');
  return url;
}

export async function closeDb(): Promise<void> {
  if (shared) {
    const db = shared;
    shared = undefined;
    await db.$close();
  }
}
