import { type SQL, getTableColumns, getTableName, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';
import { executePrepared } from './execute-prepared';

/**
 * Multi-row INSERT for the hot paths (a group commit, a routed batch), sent as ONE jsonb
 * parameter and unpacked by `jsonb_to_recordset`: drizzle's builder costs CPU per value (a
 * 500-row insert of 10 columns is 5,000 bound parameters, each checked and mapped), which made it
 * the largest share of the worker's CPU at 1,000 tickets/s; this costs one JSON.stringify.
 * Column names and types come from the drizzle table, so it stays in step with the schema.
 * Values are the table's insert shape (camelCase keys; keys that are not columns are ignored);
 * Dates go as ISO strings, jsonb columns as JSON. Returns the `returning` columns of the rows
 * inserted (camelCase keys), in no promised order.
 */
export async function insertRows<T extends PgTable, K extends keyof T['$inferSelect'] & string = never>(
  db: DbOrTx,
  table: T,
  rows: Array<T['$inferInsert']>,
  o: {
    /** `on conflict <target> do nothing`, e.g. sql`(ticket_number)`, or sql`` for any conflict. */
    onConflictDoNothing?: SQL;
    returning?: K[];
  } = {},
): Promise<Array<Pick<T['$inferSelect'], K>>> {
  if (rows.length === 0) return [];
  const returning = o.returning ?? [];
  // Its text depends only on the table and the columns set, never on the rows: prepared.
  const result = await executePrepared(db, insertRowsQuery(table, rows, o));
  return returning.length === 0 ? [] : rowsFromDb(table, result, returning);
}

/**
 * Raw result rows of `table` (snake_case keys, as a prepared statement returns them) as drizzle
 * would give them: the `returning` keys in camelCase, timestamps as Dates, jsonb parsed.
 */
export function rowsFromDb<T extends PgTable, K extends keyof T['$inferSelect'] & string>(
  table: T,
  result: Iterable<Record<string, unknown>>,
  returning: K[],
): Array<Pick<T['$inferSelect'], K>> {
  const columns = getTableColumns(table) as Record<string, { getSQLType(): string; name: string; keyAsName?: boolean }>;
  const column = (k: string) => (columns[k].keyAsName === false ? columns[k].name : toSnakeCase(k));
  return Array.from(result, (r) => Object.fromEntries(returning.map((k) => [k, fromDb(r[column(k)], columns[k].getSQLType())]))) as Array<
    Pick<T['$inferSelect'], K>
  >;
}

/**
 * The statement insertRows sends, for a caller that makes it part of a larger one (a CTE whose
 * RETURNING other parts read). `returning: '*'` returns whole rows. `rows` must not be empty.
 * `where` inserts the rows only where it holds (say, `exists (select 1 from <an earlier CTE>)`).
 */
export function insertRowsQuery<T extends PgTable>(
  table: T,
  rows: Array<T['$inferInsert']>,
  o: { onConflictDoNothing?: SQL; returning?: string[] | '*'; where?: SQL } = {},
): SQL {
  const columns = getTableColumns(table) as Record<string, { getSQLType(): string; name: string; keyAsName?: boolean }>;
  // A column no row sets keeps its default; one some rows set is null in the others.
  const keys = new Set<string>();
  for (const r of rows as Array<Record<string, unknown>>) {
    for (const k in r) if (r[k] !== undefined && !keys.has(k) && Object.hasOwn(columns, k)) keys.add(k);
  }
  const column = (k: string) => (columns[k].keyAsName === false ? columns[k].name : toSnakeCase(k));
  const name = (k: string) => `"${column(k)}"`;
  const type = (k: string) => columns[k].getSQLType().replace(/^serial$/, 'integer').replace(/^bigserial$/, 'bigint');
  const list = [...keys].map(name).join(', ');
  // The rows go as they are: JSON.stringify writes a Date as its ISO string and leaves out
  // undefined (null in the record), and the record reads the camelCase keys by name.
  const record = [...keys].map((k) => `"${k}" ${type(k)}`).join(', ');
  const selected = [...keys].map((k) => `"${k}"`).join(', ');
  const json = JSON.stringify(rows);
  const returning = o.returning === '*' ? ' returning *' : o.returning?.length ? ` returning ${o.returning.map(name).join(', ')}` : '';
  return sql.join(
    [
      sql.raw(`insert into "${getTableName(table)}" (${list}) select ${selected} from jsonb_to_recordset(`),
      sql`${json}::jsonb`,
      sql.raw(`) as x(${record})`),
      ...(o.where ? [sql` where ${o.where}`] : []),
      ...(o.onConflictDoNothing ? [sql` on conflict ${o.onConflictDoNothing} do nothing`] : []),
      sql.raw(returning),
    ],
    sql``,
  );
}

/** Raw results as drizzle's postgres.js client gives them (it leaves dates and JSON as text for its mappers). */
function fromDb(v: unknown, sqlType: string): unknown {
  if (v == null) return v;
  if (sqlType.startsWith('timestamp') && !(v instanceof Date)) return new Date(v as string | number);
  if ((sqlType === 'jsonb' || sqlType === 'json') && typeof v === 'string') return JSON.parse(v);
  return v;
}
