import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { hashPassword } from '../auth/password';
import { migrateDatabase } from '../db/migrate';
import { DEMO_PASSWORD } from '../demo/seed-demo';
import { createQueues } from '../jobs/create-queues';
import { TEST_ADMIN_URL, templateName, urlForDatabase } from './test-db';

/**
 * Vitest global setup: checks the real services are there (failing at once with how to start
 * them, never with a timeout) and builds the migrated template database every test file copies.
 */
export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  const template = templateName(runId);
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
    await admin.unsafe(`create database "${template}"`);
  } finally {
    await admin.end();
  }
  // The two steps `npm start` runs: the schema, then the job queues.
  await migrateDatabase(urlForDatabase(template));
  await createQueues(urlForDatabase(template));
  project.provide('ttsRunId', runId);
  project.provide('demoPasswordHash', await hashPassword(DEMO_PASSWORD));

  return async () => {
    const a = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      const dbs = await a<{ datname: string }[]>`
        select datname from pg_database where datname like ${`tts\\_%${runId}%`}`;
      for (const { datname } of dbs) await a.unsafe(`drop database if exists "${datname}" with (force)`);
    } finally {
      await a.end();
    }
  };
}
