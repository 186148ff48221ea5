import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createBoss, ensureQueues } from '../jobs/boss';
import { ensureJobIndexes } from '../jobs/job-indexes';
import { createDb } from './client';

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), 'drizzle');

/**
 * Brings a database up to date: the drizzle migrations of drizzle/, then pg-boss's own schema and
 * every queue TTS uses. Safe to run again and from several processes (both take advisory locks).
 */
export async function migrateDatabase(url: string): Promise<void> {
  const db = createDb(url, { max: 1 });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await db.$close();
  }
  const boss = createBoss(url, { supervise: false, schedule: false, max: 1 });
  boss.on('error', () => {});
  await boss.start();
  try {
    // TTS's indexes on pg-boss's job table, then the queues (their partitions inherit them).
    await ensureJobIndexes(boss);
    await ensureQueues(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
