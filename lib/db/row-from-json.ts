import { getTableColumns } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * A table row as drizzle's select gives it (camelCase keys, Dates), from the JSON Postgres made of
 * it (`row_to_json(t)`, snake_case keys, times as text): for statements that read a row together
 * with other things in one round trip.
 */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const columns = getTableColumns(table) as Record<string, { getSQLType(): string; name: string; keyAsName?: boolean }>;
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(columns)) {
    const v = json[column.keyAsName === false ? column.name : toSnakeCase(key)];
    out[key] = v == null ? null : column.getSQLType().startsWith('timestamp') ? new Date(v as string) : v;
  }
  return out;
}
