import { sql, type SQL } from 'drizzle-orm';

/**
 * Keyset (cursor) pagination over an ascending sort key of several parts, the last one a unique id.
 * A cursor is the key of a row, opaque to the client (base64url JSON); a page continues after it
 * (`after`) or ends before it (`before`), so pages stay stable while rows come and go.
 */
export type KeyPart = string | number;

export function encodeCursor(key: KeyPart[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key in a cursor, or null when it is not one of ours with `parts` parts (a stale or edited URL). */
export function decodeCursor(cursor: string | undefined | null, parts: number): KeyPart[] | null {
  if (!cursor || cursor.length > 512) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(key) || key.length !== parts) return null;
    if (!key.every((k) => (typeof k === 'number' && Number.isFinite(k)) || (typeof k === 'string' && k.length <= 64))) return null;
    return key as KeyPart[];
  } catch {
    return null;
  }
}

/** `(e1, e2, ...) > (k1, k2, ...)` (or `<`): the row-value comparison Postgres evaluates in key order. */
export function keyCompare(exprs: SQL[], key: KeyPart[], op: '>' | '<'): SQL {
  const values = key.map((k) => (typeof k === 'string' && /^\d{4}-\d\d-\d\dT/.test(k) ? sql`${k}::timestamptz` : sql`${k}`));
  return sql`(${sql.join(exprs, sql`, `)}) ${sql.raw(op)} (${sql.join(values, sql`, `)})`;
}
