import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/free-port';
import { TEST_ADMIN_URL } from '../testing/test-db';
import { startEmbeddedPostgres } from './embedded';

const parent = mkdtempSync(path.join(tmpdir(), 'tts-embedded-'));
// As root the server runs as the OS user `postgres`, which must be able to enter the folder.
chmodSync(parent, 0o755);
const dir = path.join(parent, 'pg');
const isRoot = process.getuid?.() === 0;
let port: number;
beforeAll(async () => {
  port = await freePort();
});

afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('embedded PostgreSQL', () => {
  it('initialises once, keeps its data across restarts, and leaves the system server alone', async () => {
    // The system server (the one the tests use): when it started, to show below it was not restarted.
    const system = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
    const systemState = () => system`select pg_postmaster_start_time()::text as started, current_setting('port') as port`;
    const [systemBefore] = await systemState();
    const signalListeners = () => ['SIGINT', 'SIGTERM', 'SIGHUP'].map((e) => process.listenerCount(e));
    const listenersBefore = signalListeners();
    const first = await startEmbeddedPostgres({ dir, port });
    // Stopping is the caller's job, in its order: no exit hook of the package stops it on a signal.
    expect(signalListeners()).toEqual(listenersBefore);
    expect(first.url).toContain(`:${port}/tts`);
    expect(first.dir).toBe(dir);
    let sql = postgres(first.url, { max: 1, onnotice: () => {} });
    await sql`create table kept (v text)`;
    await sql`insert into kept values ('survives')`;
    await sql.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dir, port });
    sql = postgres(second.url, { max: 1, onnotice: () => {} });
    expect(await sql`select v from kept`).toEqual([{ v: 'survives' }]);
    await sql.end();
    await second.stop();

    // A run killed without stopping its server (kill -9) leaves it holding the folder and port;
    // the next start stops it and takes over, data intact.
    const orphan = await startEmbeddedPostgres({ dir, port });
    const orphanPid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const third = await startEmbeddedPostgres({ dir, port });
    expect(existsSync(`/proc/${orphanPid}`)).toBe(false);
    sql = postgres(third.url, { max: 1, onnotice: () => {} });
    expect(await sql`select v from kept`).toEqual([{ v: 'survives' }]);
    await sql.end();
    await third.stop();
    void orphan;

    // The system server is the same process it was before (same start time, same port): no start,
    // stop or orphan clean-up above touched it.
    expect(String(port)).not.toBe(systemBefore.port);
    const [systemAfter] = await systemState();
    expect(systemAfter).toEqual(systemBefore);
    await system.end();
  }, 120_000);

  it.runIf(isRoot)('as root, keeps the data outside a folder the postgres user cannot enter', async () => {
    const closed = mkdtempSync(path.join(tmpdir(), 'tts-embedded-closed-')); // 0700, as mktemp makes it
    const closedPort = await freePort();
    try {
      const db = await startEmbeddedPostgres({ dir: path.join(closed, 'pg'), port: closedPort });
      try {
        expect(db.dir).toMatch(/^\/var\/lib\/tts\/[0-9a-f]{16}\/postgres$/);
        const sql = postgres(db.url, { max: 1, onnotice: () => {} });
        expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
        await sql.end();
      } finally {
        await db.stop();
        rmSync(path.dirname(db.dir), { recursive: true, force: true });
      }
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  }, 120_000);
});
