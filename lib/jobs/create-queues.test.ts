import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { assertMigrated } from '../db/assert-migrated';
import { migrateDatabase } from '../db/migrate';
import { TEST_ADMIN_URL, urlForDatabase } from '../testing/test-db';
import { createQueues } from './create-queues';
import { DEAD_LETTER_QUEUE, jobs } from './queues';

const root = path.resolve(import.meta.dirname, '..', '..');
// An empty database (not the migrated template): the two steps are what this file is about.
const name = `tts_t_${inject('ttsRunId')}_${randomBytes(4).toString('hex')}`;
const url = urlForDatabase(name);
const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
afterAll(async () => {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

describe('migrations, then queue creation: two steps', () => {
  it('db:migrate installs the schemas and no queue; jobs:create-queues then creates every queue, again and at once', async () => {
    await admin.unsafe(`create database "${name}"`);
    await expect(createQueues(url)).rejects.toThrow(/npm run db:migrate/);

    await migrateDatabase(url);
    await assertMigrated(url, path.join(root, 'drizzle'));
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      expect(await sql`select name from pgboss.queue`).toEqual([]);

      // Twice at once (two deploy steps, or a worker starting as the step runs), then once more.
      await Promise.all([createQueues(url), createQueues(url)]);
      await createQueues(url);
      const names = (await sql<{ name: string }[]>`select name from pgboss.queue order by name`).map((r) => r.name);
      expect(names).toEqual([DEAD_LETTER_QUEUE, ...Object.values(jobs).map((j) => j.name)].sort());
    } finally {
      await sql.end();
    }
  });

  it('the migration step does not load the job registry (nor anything that does)', () => {
    expect(localImports(path.join(root, 'lib', 'db', 'migrate.ts'))).not.toContain('lib/jobs/queues.ts');
    // The walk does find the registry where it is imported.
    expect(localImports(path.join(root, 'lib', 'jobs', 'create-queues.ts'))).toContain('lib/jobs/queues.ts');
  });
});

/** The project files `file` imports, directly or through others (relative and `@/` imports). */
function localImports(file: string, seen = new Set<string>()): string[] {
  const text = readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (!spec || !(spec.startsWith('.') || spec.startsWith('@/'))) continue;
    const base = spec.startsWith('@/') ? path.join(root, spec.slice(2)) : path.resolve(path.dirname(file), spec);
    const resolved = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
    if (!resolved || seen.has(resolved)) continue;
    seen.add(resolved);
    localImports(resolved, seen);
  }
  return [...seen].map((f) => path.relative(root, f));
}
