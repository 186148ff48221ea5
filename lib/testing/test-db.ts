import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type Db } from '../db/client';

/**
 * Test databases. Vitest's global setup migrates one template database per run; every test file
 * then gets its own copy (CREATE DATABASE ... TEMPLATE is a file copy, ~100 ms), so files run in
 * parallel and never see each other's rows.
 */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = process.env.TTS_TEMPLATE_DB ?? 'tts_test_template';

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
  const name = `tts_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${TEMPLATE_DB}"`);
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
