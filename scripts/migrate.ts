/**
 * `npm run db:migrate`: applies the migrations in drizzle/ (and pg-boss's schema) to DATABASE_URL,
 * for deployments that migrate before starting; `npm run jobs:create-queues` is the next step.
 * `npm start` does both by itself.
 */
import path from 'node:path';
import { loadLocalConfig } from './local-config';

loadLocalConfig(path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'));
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (npm start migrates the embedded database by itself)');
  process.exit(2);
}
const { migrateDatabase } = await import('../lib/db/migrate');
await migrateDatabase(url);
console.log('migrations applied');
