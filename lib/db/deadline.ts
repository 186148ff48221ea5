/**
 * How long a page waits for the database before it gives up and shows its error page. postgres.js
 * has no per-query timeout, and a database that accepts connections but does not answer (a hung
 * server, a network black hole) would otherwise hold the request until the browser gives up.
 */
export const PAGE_DB_DEADLINE_MS = 5_000;

export class DeadlineExceededError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * `work`, or a DeadlineExceededError once `ms` have passed. The query itself is not cancelled (the
 * connection's own timeouts end it); the caller just stops waiting for it.
 */
export async function withDeadline<T>(work: Promise<T>, ms = PAGE_DB_DEADLINE_MS, what = 'The database'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(what, ms)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
