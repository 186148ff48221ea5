import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

/**
 * A production process never migrates on its own (`npm run db:migrate` is a step of its own, run
 * once before the processes start). This is the check each entry point makes instead: it refuses
 * to start on a database that lacks the newest migration of drizzle/, with a message saying what
 * to run, rather than failing later on a missing column. The migrator records each migration's
 * journal timestamp (`when`) as `created_at`.
 */
export async function assertMigrated(url: string, migrationsFolder = path.resolve(process.cwd(), 'drizzle')): Promise<void> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number; tag: string }>;
  };
  const newest = journal.entries.at(-1);
  if (!newest) return;
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await sql<{ applied: string | null }[]>`
      select max(created_at)::text as applied from drizzle.__drizzle_migrations`.catch((err: { code?: string }) => {
      if (err.code === '42P01' || err.code === '3F000') return [{ applied: null }];
      throw err;
    });
    const [boss] = await sql<{ present: boolean }[]>`select to_regclass('pgboss.queue') is not null as present`;
    if (!row.applied || Number(row.applied) < newest.when || !boss.present) {
      throw new Error(
        `the database is not migrated to ${newest.tag}: run \`npm run db:migrate\` (with the same DATABASE_URL) before starting the processes`,
      );
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
