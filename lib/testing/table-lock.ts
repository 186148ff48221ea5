import postgres from 'postgres';

/**
 * Holds a SHARE lock on a table from a connection of its own until released: writers to that
 * table wait, readers do not. Tests use it to keep work in flight at a chosen moment (a message
 * unacked when the broker connection is cut, a row being written when the database goes away).
 * Releasing twice is harmless.
 */
export async function holdShareLock(databaseUrl: string, table: 'roles' | 'tickets' | 'pgboss.job'): Promise<{ release(): Promise<void> }> {
  const locker = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let isLocked!: () => void;
  const locked = new Promise<void>((r) => (isLocked = r));
  const holding = locker.begin(async (tx) => {
    await tx.unsafe(`lock table ${table} in share mode`);
    isLocked();
    await released;
  });
  await Promise.race([locked, holding.then(() => Promise.reject(new Error(`could not lock ${table}`)))]);
  let ended: Promise<void> | undefined;
  return {
    release() {
      release();
      ended ??= holding.then(() => undefined, () => undefined).then(() => locker.end());
      return ended;
    },
  };
}
