/**
 * A RabbitMQ node and a PostgreSQL server of the fault run's own, on ports of their own, in
 * temporary directories, so the run can close every connection, stop, crash and restart them
 * without touching the machine's shared RabbitMQ (5672) and PostgreSQL (5432) that other test runs
 * use. Both are removed (processes stopped, directories deleted) by close().
 *
 * - RabbitMQ: Debian's `rabbitmq-server` with its own node name, AMQP port, distribution port,
 *   database and log directories, config file (only the listener), env file (none) and an empty
 *   plugin list (no management/prometheus listeners), and its own Erlang cookie (HOME).
 * - PostgreSQL: `initdb` + `pg_ctl` of the local installation as the OS user `postgres` (the
 *   server refuses to run as root), trust auth on 127.0.0.1 only, its socket in its directory.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import postgres from 'postgres';
import { freePort, waitFor } from './harness';

const run = promisify(execFile);
const RABBITMQ_SERVER = process.env.RABBITMQ_SERVER_BIN ?? '/usr/lib/rabbitmq/bin/rabbitmq-server';
const RABBITMQCTL = process.env.RABBITMQCTL_BIN ?? '/usr/lib/rabbitmq/bin/rabbitmqctl';

export interface DedicatedRabbitMq {
  url: string;
  node: string;
  port: number;
  /** rabbitmqctl close_all_connections: every client connection dropped at once. */
  closeAllConnections(reason: string): Promise<void>;
  /** A clean broker restart (`rabbitmqctl stop`, then the server again on the same data). */
  restart(): Promise<void>;
  /** The broker process killed (-9) and started again: a crash, not a shutdown. */
  crashAndRestart(): Promise<void>;
  close(): Promise<void>;
}

export async function startDedicatedRabbitMq(): Promise<DedicatedRabbitMq> {
  if (!existsSync(RABBITMQ_SERVER)) throw new Error(`RabbitMQ is not installed (${RABBITMQ_SERVER}): apt-get install -y rabbitmq-server`);
  const dir = mkdtempSync(path.join(tmpdir(), 'tts-fault-rabbitmq-'));
  const [port, distPort] = [await freePort(), await freePort()];
  const node = `tts_fault_${randomBytes(3).toString('hex')}@localhost`;
  writeFileSync(path.join(dir, 'rabbitmq.conf'), `listeners.tcp.default = 127.0.0.1:${port}\nlog.console = false\nlog.file.level = warning\n`);
  writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
  writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  const env = {
    PATH: process.env.PATH,
    HOME: dir, // its own Erlang cookie, written there on first start
    LANG: 'C.UTF-8',
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    ERL_EPMD_ADDRESS: '127.0.0.1',
  } as Record<string, string | undefined> as unknown as NodeJS.ProcessEnv;
  const url = `amqp://guest:guest@127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  const ctl = (args: string[], timeout = 60_000) => run(RABBITMQCTL, ['-q', '-n', node, ...args], { env, timeout });

  const start = async () => {
    const child = spawn(RABBITMQ_SERVER, [], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    server = child;
    await waitFor(`the dedicated RabbitMQ on :${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`rabbitmq-server exited (${child.exitCode}): ${stderr || readLogTail(dir)}`);
      const c = await amqp.connect(url, { timeout: 2000 });
      await c.close();
      return true;
    }, 90_000, 250);
  };
  const exited = (child: ChildProcess | null) =>
    new Promise<void>((r) => (!child || child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

  await start();
  return {
    url,
    node,
    port,
    async closeAllConnections(reason) {
      await ctl(['close_all_connections', reason]);
    },
    async restart() {
      const child = server;
      await ctl(['stop']);
      await exited(child);
      await start();
    },
    async crashAndRestart() {
      const child = server;
      // The BEAM is a child of the rabbitmq-server shell script; its pid file names it.
      const pid = Number(readFileSync(env.RABBITMQ_PID_FILE!, 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      await exited(child);
      await start();
    },
    async close() {
      const child = server;
      await ctl(['stop'], 30_000).catch(() => child?.kill('SIGKILL'));
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLogTail(dir: string): string {
  try {
    const logDir = path.join(dir, 'log');
    const file = path.join(logDir, readdirSync(logDir).find((f) => f.endsWith('.log')) ?? '');
    return readFileSync(file, 'utf8').slice(-1500);
  } catch {
    return '(no log)';
  }
}

export interface DedicatedPostgres {
  /** Admin URL (user postgres, database postgres). */
  adminUrl: string;
  port: number;
  /** `pg_ctl restart -m immediate`: every backend killed at once, crash recovery from the WAL. */
  crashAndRestart(): Promise<void>;
  /** `pg_ctl restart -m fast`: a clean restart (open transactions rolled back, clients cut). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

function pgBin(name: string): string {
  for (const candidate of [process.env.PG_BIN_DIR ? path.join(process.env.PG_BIN_DIR, name) : '', `/usr/lib/postgresql/15/bin/${name}`, `/usr/local/bin/${name}`]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  try {
    const versions = readdirSync('/usr/lib/postgresql');
    for (const v of versions) if (existsSync(`/usr/lib/postgresql/${v}/bin/${name}`)) return `/usr/lib/postgresql/${v}/bin/${name}`;
  } catch {}
  throw new Error(`PostgreSQL's ${name} is not installed (set PG_BIN_DIR)`);
}

export async function startDedicatedPostgres(): Promise<DedicatedPostgres> {
  const parent = mkdtempSync(path.join(tmpdir(), 'tts-fault-pg-'));
  const dataDir = path.join(parent, 'data');
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  // As root the server runs as the OS user `postgres`, which must own its directory.
  const asPostgres = (cmd: string, args: string[]): [string, string[]] => (isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (isRoot) {
    chmodSync(parent, 0o755);
    const { uid, gid } = postgresUser();
    chownSync(parent, uid, gid);
  }
  mkdirSync(dataDir, { mode: 0o700 });
  if (isRoot) chownSync(dataDir, postgresUser().uid, postgresUser().gid);
  const exec = async (cmd: string, args: string[]) => {
    const [c, a] = asPostgres(cmd, args);
    await run(c, a, { timeout: 120_000, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } as Record<string, string | undefined> as unknown as NodeJS.ProcessEnv });
  };
  await exec(pgBin('initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${parent} -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=32MB`;
  const pgCtl = (args: string[]) => exec(pgBin('pg_ctl'), ['-D', dataDir, '-l', path.join(parent, 'server.log'), '-o', options, '-w', '-t', '60', ...args]);
  await pgCtl(['start']);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const ready = () =>
    waitFor(`the dedicated PostgreSQL on :${port}`, async () => {
      const sql = postgres(adminUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
      try {
        await sql`select 1`;
        return true;
      } finally {
        await sql.end({ timeout: 1 });
      }
    }, 60_000, 200);
  await ready();
  return {
    adminUrl,
    port,
    async crashAndRestart() {
      await pgCtl(['restart', '-m', 'immediate']);
      await ready();
    },
    async restart() {
      await pgCtl(['restart', '-m', 'fast']);
      await ready();
    },
    async close() {
      await pgCtl(['stop', '-m', 'immediate']).catch(() => {});
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('there is no OS user `postgres` to run the dedicated PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
