/**
 * Keyset paging by id, newest first: the query asks for `limit + 1` rows below the cursor; this
 * keeps `limit` of them and says where the next page starts (null on the last page).
 */
export function keysetPage<T>(rows: T[], limit: number, idOf: (row: T) => number): { page: T[]; next_cursor: number | null } {
  const page = rows.slice(0, limit);
  return { page, next_cursor: rows.length > limit ? idOf(page[page.length - 1]) : null };
}
