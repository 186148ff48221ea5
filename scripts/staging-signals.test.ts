import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@/lib/testing/free-port';
import { createTestDb } from '@/lib/testing/test-db';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const started: ChildProcess[] = [];

/** Every process below `pid` now, from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {} // gone meanwhile
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) if (parent === p) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

const isAlive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `npm run staging` as an operator runs it, signalled on npm's own pid (as a process manager or
 * `kill` does; Ctrl-C instead signals the whole terminal group). Signalled while its migrations run,
 * so a one-off step is running too.
 */
async function stagingStopsOn(signal: NodeJS.Signals) {
  const npm = spawn('npm', ['run', 'staging'], {
    cwd: root,
    env: { ...process.env, STAGING_PORT: String(await freePort()), STAGING_AMQP_URL: 'off', STAGING_PG_URL: adminUrl, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own group: only the signal sent to npm's pid reaches it
  });
  started.push(npm);
  let out = '';
  npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await until('staging to start its migrations', () => out.includes('npm run db:migrate'), 60_000);
  const database = /database (tts_staging_\w+)/.exec(out)?.[1];
  expect(database).toBeTruthy();
  const tree = descendants(npm.pid!);
  expect(tree.length).toBeGreaterThan(0);

  process.kill(npm.pid!, signal);
  await until(`every process npm started to stop after ${signal} (${out})`, () => tree.every((pid) => !isAlive(pid)), 40_000);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await until('the staging database to be dropped', async () => (await admin`select 1 from pg_database where datname = ${database!}`).length === 0, 20_000);
  } finally {
    await admin.end();
  }
}

describe('npm run staging, and the entry points a process manager runs through npm', () => {
  afterAll(() => {
    for (const c of started) {
      try {
        process.kill(-c.pid!, 'SIGKILL');
      } catch {} // already gone
    }
  });
  it('stops every process it started when npm gets SIGTERM', () => stagingStopsOn('SIGTERM'), 90_000);
  it('stops every process it started when npm gets SIGHUP (which npm does not pass on)', () => stagingStopsOn('SIGHUP'), 90_000);

  it('npm run start:realtime drains and exits when npm gets SIGTERM (as the Procfile runs it under honcho or foreman)', async () => {
    const t = await createTestDb();
    try {
      const npm = spawn('npm', ['run', 'start:realtime'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: t.url, REALTIME_PORT: String(await freePort()), NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      started.push(npm);
      let out = '';
      npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
      npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
      await until('the sidecar to listen', () => /listening on \d+/.test(out), 60_000);
      const tree = descendants(npm.pid!);
      process.kill(npm.pid!, 'SIGTERM');
      await until(`the sidecar to drain and exit (${out})`, () => tree.every((pid) => !isAlive(pid)), 30_000);
      expect(out).toContain('SIGTERM: draining');
    } finally {
      await t.drop();
    }
  }, 90_000);
});
