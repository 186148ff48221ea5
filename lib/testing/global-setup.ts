import postgres from 'postgres';
import { migrateDatabase } from '../db/migrate';
import { TEMPLATE_DB, TEST_ADMIN_URL, urlForDatabase } from './test-db';

/**
 * Vitest global setup: checks the real services are there (failing at once with how to start
 * them, never with a timeout) and builds the migrated template database every test file copies.
 */
export default async function setup() {
  const admin = postgres(TEST_ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (err) {
    await admin.end({ timeout: 0 }).catch(() => {});
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_ADMIN_URL} (${(err as Error).message}).\n` +
        `Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n` +
        `or point TEST_DATABASE_URL at a server where the user may create databases.`,
    );
  }
  try {
    // Leftovers of an interrupted earlier run.
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'tts\\_test\\_%' and datname <> ${TEMPLATE_DB}`;
    for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.unsafe(`drop database if exists "${TEMPLATE_DB}" with (force)`);
    await admin.unsafe(`create database "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(urlForDatabase(TEMPLATE_DB));

  return async () => {
    const a = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      const dbs = await a<{ datname: string }[]>`select datname from pg_database where datname like 'tts\\_test\\_%'`;
      for (const { datname } of dbs) await a.unsafe(`drop database if exists "${datname}" with (force)`);
    } finally {
      await a.end();
    }
  };
}
