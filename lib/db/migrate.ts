import path from 'node:path';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createBoss } from '../jobs/boss';
import { createDb } from './client';

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), 'drizzle');

/**
 * Brings a database's schema up to date (`npm run db:migrate`): the drizzle migrations of drizzle/,
 * then pg-boss's own schema. Safe to run again and from several processes (both take advisory
 * locks). The job queues are the next step, createQueues (lib/jobs/create-queues.ts).
 */
export async function migrateDatabase(url: string): Promise<void> {
  const db = createDb(url, { max: 1 });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await db.$close();
  }
  // Starting pg-boss installs or upgrades its schema; nothing else (no maintenance, no queues).
  const boss = createBoss(url, { supervise: false, schedule: false, max: 1 });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}
