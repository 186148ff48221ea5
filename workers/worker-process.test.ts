import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerHeartbeats } from '@/lib/db/schema';
import { createTestDb, TEST_ADMIN_URL, urlForDatabase, type TestDb } from '@/lib/testing/test-db';
import { waitFor } from '@/lib/testing/wait-for';

/**
 * The production worker entry point (`npm run start:worker`) as a real process: it refuses an
 * unmigrated database, answers its health probe, and on SIGTERM drains and exits 0, taking its
 * heartbeat with it.
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());

function startWorkerProcess(databaseUrl: string, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, AMQP_URL: '', AUTH_SERVICE_URL: '', NODE_ENV: 'production', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}


describe('npm run start:worker', () => {
  it('refuses to start on a database that was not migrated, saying what to run', async () => {
    const name = `${t.name}_empty`;
    const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    try {
      const w = startWorkerProcess(urlForDatabase(name));
      expect(await w.exited).toBe(1);
      expect(w.output()).toContain('npm run db:migrate');
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }, 90_000);

  it('answers its health probe, runs at its WORKER_NICE, and on SIGTERM drains, exits 0 and removes its heartbeat', async () => {
    let child: ChildProcess | undefined;
    try {
      const w = startWorkerProcess(t.url, { WORKER_HEALTH_PORT: '0', WORKER_NICE: '7' });
      child = w.child;
      const port = await waitFor('the probe port', () => /health probe on 127\.0\.0\.1:(\d+)/.exec(w.output())?.[1], 60_000, 100);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', process: 'worker', database: 'up', bridge: 'disabled' });
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      await waitFor('its heartbeat', async () => (await t.db.select().from(workerHeartbeats)).length === 1, 60_000, 100);
      // Background work yields the CPU to a web process on the same machine.
      expect(getPriority(w.child.pid)).toBe(7);
      // All of its threads, V8's compiler and garbage-collector helpers too, not only the main one.
      const niceOfThreads = readdirSync(`/proc/${w.child.pid}/task`).map((tid) => {
        const stat = readFileSync(`/proc/${w.child.pid}/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
      expect(niceOfThreads.length).toBeGreaterThan(1);
      expect(new Set(niceOfThreads)).toEqual(new Set([7]));

      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(0);
      expect(w.output()).toContain('SIGTERM: finishing running jobs');
      expect(await t.db.select().from(workerHeartbeats)).toEqual([]);
    } finally {
      if (child?.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
