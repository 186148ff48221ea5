import { type SQL, sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { DbOrTx } from '../db/client';
import { executePrepared } from '../db/execute-prepared';

export const BOSS_SCHEMA = 'pgboss';

export function createBoss(connectionString: string, options: Partial<PgBoss.ConstructorOptions> = {}) {
  return new PgBoss({ connectionString, schema: BOSS_SCHEMA, max: 4, ...options });
}

/**
 * Lets pg-boss write its job rows through our drizzle connection, so a job is queued inside the
 * caller's transaction: if the transaction rolls back, the job was never queued; if it commits, a
 * crash right after cannot lose it. pg-boss speaks `$1`-style SQL; drizzle binds parameters from
 * template chunks, so the text is split at each placeholder.
 */
export function bossDbAdapter(db: DbOrTx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      // pg-boss's statements are fixed texts with numbered parameters: prepared.
      const rows = await executePrepared(db, bossSql(text, values));
      return { rows: Array.from(rows as Iterable<unknown>) };
    },
  };
}

/**
 * An adapter that runs nothing and keeps the statements pg-boss would have run, so one can be made
 * part of a larger statement (lib/jobs/send.ts enqueueQuery). Answers every statement with no rows.
 */
export function bossCaptureAdapter(): PgBoss.Db & { statements: SQL[] } {
  const statements: SQL[] = [];
  return {
    statements,
    executeSql(text: string, values: unknown[] = []) {
      statements.push(bossSql(text, values));
      return Promise.resolve({ rows: [] });
    },
  };
}

/** A pg-boss statement (`$1`-style text and its values) as drizzle SQL. */
function bossSql(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) chunks.push(sql.raw(parts[i]));
    else chunks.push(sql`${toParam(values[Number(parts[i]) - 1])}`);
  }
  return sql.join(chunks, sql.raw(''));
}

// node-postgres (which pg-boss is written for) sends objects as JSON text; postgres.js wants that done.
function toParam(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}
