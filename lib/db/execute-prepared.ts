import type { SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { DbOrTx } from './client';

/** The parts of a drizzle database or transaction this reaches (present on both, marked internal). */
interface DrizzleInternals {
  dialect: PgDialect;
  session: { client: postgres.Sql };
}

/**
 * `db.execute` for the hot statements (multi-row inserts, pg-boss's job inserts, the routing
 * updates), sent as a prepared statement. drizzle sends every query unnamed and untyped, which
 * postgres.js answers with two round trips (Parse and Describe, a wait for the parameter types,
 * then Bind and Execute) and Postgres parses and plans it each time; a prepared statement is
 * described once per connection and then costs one round trip and no planning. On a busy machine
 * every round trip is a wait for a CPU on both sides, so this is most of an HTTP intake's latency.
 *
 * Only for SQL whose text does not vary with its data (values go as parameters, a list as one
 * jsonb or array parameter): postgres.js keeps each prepared text for the connection's life.
 * Returns the rows as `db.execute` does (the client's drizzle parsers: dates and JSON as text).
 */
export async function executePrepared(db: DbOrTx, query: SQL): Promise<Iterable<Record<string, unknown>>> {
  const { dialect, session } = db as unknown as DrizzleInternals;
  const { sql: text, params } = dialect.sqlToQuery(query);
  return session.client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
}
