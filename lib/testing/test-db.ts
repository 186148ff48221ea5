import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type Db } from '../db/client';

/**
 * Test databases. Vitest's global setup migrates one template database per run; every test file
 * then gets its own copy (CREATE DATABASE ... TEMPLATE is a file copy, ~100 ms), so files run in
 * parallel and never see each other's rows. Names carry the run id, so two runs on one machine do
 * not touch each other's databases.
 */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    ttsRunId: string;
    /** DEMO_PASSWORD hashed once per run (scrypt at full cost is slow to repeat per file). */
    demoPasswordHash: string;
  }
}

export const templateName = (runId: string) => `tts_tpl_${runId}`;

export function urlForDatabase(name: string, base = TEST_ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDb {
  db: Db;
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const runId = inject('ttsRunId');
  const name = `tts_t_${runId}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${templateName(runId)}"`);
  } finally {
    await admin.end();
  }
  const url = urlForDatabase(name);
  const db = createDb(url, { max: 10 });
  return {
    db,
    url,
    name,
    async drop() {
      await db.$close();
      const a = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
