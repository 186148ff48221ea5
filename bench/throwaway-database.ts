import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { eq, sql } from 'drizzle-orm';
import { createDb, type Db } from '../lib/db/client';
import { steps, workflowVersions, workflows } from '../lib/db/schema';
import { migrateDatabase } from '../lib/db/migrate';
import { seedDemo } from '../lib/demo/seed-demo';
import { createQueues } from '../lib/jobs/create-queues';

// Benchmarks run outside `npm start`; lib/env.ts still wants these.
process.env.JWT_SECRET ??= 'bench-secret-0123456789abcdef';
process.env.AUTH_SECRET ??= 'bench-secret-0123456789abcdef';

/**
 * Runs `fn` on a fresh, migrated database with the demo data, on the PostgreSQL of
 * TEST_DATABASE_URL (default: the local server), and drops it afterwards whatever happens.
 */
export async function withThrowawayDatabase<T>(fn: (db: Db, url: string) => Promise<T>, options: { max?: number } = {}): Promise<T> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `tts_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await migrateDatabase(url.toString());
    await createQueues(url.toString());
    const db = createDb(url.toString(), { max: options.max ?? 10 });
    try {
      await seedDemo(db);
      return await fn(db, url.toString());
    } finally {
      await db.$close();
    }
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

/** The demo "Asset Check In" workflow, its current version and its start step (Triage), which the benches seed items on. */
export async function assetCheckInStart(db: Db) {
  const [wf] = await db.select().from(workflows).where(eq(workflows.name, 'Asset Check In'));
  const [version] = await db.select().from(workflowVersions).where(eq(workflowVersions.id, wf.currentVersionId!));
  const [triage] = await db.select().from(steps).where(sql`${steps.workflowVersionId} = ${version.id} and ${steps.isStart}`);
  return { wf, version, triage };
}
