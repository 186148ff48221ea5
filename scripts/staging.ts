/**
 * `npm run staging`: the production layout on this machine. Two web processes, two workers and two
 * realtime sidecars (the same `npm run start:*` entry points a host runs) behind Debian's nginx,
 * on this machine's PostgreSQL and RabbitMQ, on a fresh database (and vhost) with the demo data.
 * It runs `npm run db:migrate` and then `npm run jobs:create-queues` once, each as its own step,
 * before any process starts, waits until every process answers its health probe, then starts nginx
 * (so the URL it prints works at once) and runs until Ctrl-C/SIGTERM/SIGHUP (or until the process that started it, npm, is gone): nginx stops first, then each
 * process drains, then the database and vhost it made are dropped.
 *
 * Ports (all from STAGING_PORT, default 8080): nginx STAGING_PORT, web +1 and +2, realtime +3 and
 * +4, worker health probes +5 and +6. Other settings: STAGING_PG_URL (admin URL of the PostgreSQL
 * to make the database on), STAGING_DATABASE_URL (use this existing, empty database instead, kept
 * afterwards), STAGING_AMQP_URL (RabbitMQ; `off` for none), APP_URL, JWT_SECRET, AUTH_SECRET
 * (random per run when unset; printed), NGINX_BIN. See deploy/README.md.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDatabase, dropDatabase } from '../lib/db/databases';
import { ensureBuild } from './ensure-build';
import { prepareNginx } from './nginx-conf';
import { onParentExit } from './on-parent-exit';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const run = promisify(execFile);
const log = (m: string) => console.log(`[staging] ${m}`);

const base = Number(process.env.STAGING_PORT ?? 8080);
if (!Number.isInteger(base) || base < 1 || base > 65529) exitWith(`STAGING_PORT must be a port number (it and the next 6 are used), not ${process.env.STAGING_PORT}`);
const ports = { nginx: base, web: [base + 1, base + 2], realtime: [base + 3, base + 4], workerProbe: [base + 5, base + 6] };
const appUrl = process.env.APP_URL || `http://localhost:${ports.nginx}`;
const nginxBin = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const pgAdminUrl = process.env.STAGING_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const amqpBase = process.env.STAGING_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const isAmqpOn = amqpBase !== 'off';
const hasRealtime = existsSync(path.join(root, 'workers', 'realtime', 'index.ts'));
const id = randomBytes(4).toString('hex');
const secrets = {
  JWT_SECRET: process.env.JWT_SECRET || randomBytes(24).toString('hex'),
  AUTH_SECRET: process.env.AUTH_SECRET || randomBytes(24).toString('hex'),
};

if (!existsSync(nginxBin)) exitWith(`nginx is not at ${nginxBin}. Install Debian's: apt-get install -y nginx (or set NGINX_BIN)`);

const children: Array<{ name: string; child: ChildProcess; quickExits: number }> = [];
const cleanups: Array<() => Promise<void>> = [];
/** The one-off steps running now (migrations, the build): stopped too when staging is told to stop. */
const steps = new Set<ChildProcess>();
const trackStep = (child: ChildProcess) => (steps.add(child), child.once('exit', () => steps.delete(child)));
let stopping = false;
let env: NodeJS.ProcessEnv = process.env;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
// npm passes SIGINT and SIGTERM on (package.json `exec`s this script) but not SIGHUP, and nothing
// passes on a SIGKILL: when the launcher is gone, stop rather than run on unattended.
onParentExit(() => void shutdown(0));

try {
  await main();
} catch (err) {
  console.error(`[staging] ${(err as Error).message}`);
  await shutdown(1);
}

async function main() {
  // 1. A fresh database and vhost.
  let databaseUrl = process.env.STAGING_DATABASE_URL;
  if (!databaseUrl) {
    const dbName = `tts_staging_${id}`;
    databaseUrl = await createDatabase(pgAdminUrl, dbName).catch((err: Error) => fail(`cannot create the database on ${redact(pgAdminUrl)}: ${err.message}`));
    cleanups.push(() => dropDatabase(pgAdminUrl, dbName));
    log(`database ${dbName} (dropped when staging stops)`);
  }
  let amqpUrl = '';
  if (isAmqpOn) {
    const vhost = `tts_staging_${id}`;
    await rabbitmqctl(['add_vhost', vhost]);
    await rabbitmqctl(['set_permissions', '-p', vhost, new URL(amqpBase).username || 'guest', '.*', '.*', '.*']);
    amqpUrl = `${amqpBase.replace(/\/+$/, '')}/${encodeURIComponent(vhost)}`;
    cleanups.push(() => rabbitmqctl(['delete_vhost', vhost]).then(() => {}));
  }

  env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    AMQP_URL: amqpUrl,
    APP_URL: appUrl,
    // Browsers reach the sidecars through nginx (/socket.io/, /ws/), on the app's own origin.
    REALTIME_URL: appUrl,
    AUTH_TRUST_HOST: 'true',
    ...secrets,
  };

  // 2. Migrations, once, as their own step; then the demo data; then the build when needed.
  log('npm run db:migrate');
  await runStep(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], env);
  log('npm run jobs:create-queues');
  await runStep(process.execPath, ['--import', 'tsx', 'scripts/create-queues.ts'], env);
  {
    process.env.DATABASE_URL = databaseUrl;
    const { createDb } = await import('../lib/db/client');
    const { seedDemo } = await import('../lib/demo/seed-demo');
    const db = createDb(databaseUrl, { max: 2 });
    await seedDemo(db);
    await db.$close();
    log('demo data loaded');
  }
  await ensureBuild(env, log, trackStep);

  // 3. Two of each process, each the real entry point, each waited for on its own probe.
  for (const [i, port] of ports.web.entries()) start(`web-${i + 1}`, ['--import', 'tsx', 'scripts/start-web.ts'], { PORT: String(port) });
  for (const [i, port] of ports.workerProbe.entries()) start(`worker-${i + 1}`, ['--import', 'tsx', 'workers/index.ts'], { WORKER_HEALTH_PORT: String(port) });
  if (hasRealtime) {
    for (const [i, port] of ports.realtime.entries()) start(`realtime-${i + 1}`, ['--import', 'tsx', 'workers/realtime/index.ts'], { REALTIME_PORT: String(port) });
  }
  await Promise.all([
    ...ports.web.map((p) => waitHealthy(`http://127.0.0.1:${p}/api/health`)),
    ...ports.workerProbe.map((p) => waitHealthy(`http://127.0.0.1:${p}/healthz`)),
    ...(hasRealtime ? ports.realtime.map((p) => waitHealthy(`http://127.0.0.1:${p}/healthz`)) : []),
  ]);

  // 4. nginx in the foreground, with its own prefix, config and pid file (never the system service).
  const nginx = await prepareNginx({
    nginxBin,
    listen: ports.nginx,
    webPorts: ports.web,
    realtimePorts: hasRealtime ? ports.realtime : ports.web,
    accessLog: process.env.STAGING_ACCESS_LOG === 'on',
  });
  cleanups.push(() => Promise.resolve(rmSync(nginx.prefix, { recursive: true, force: true })));
  start('nginx', nginx.args, {}, nginxBin);
  await waitHealthy(`http://127.0.0.1:${ports.nginx}/api/health`);

  const { DEMO_USERS, DEMO_PASSWORD, DEMO_ROLES } = await import('../lib/demo/seed-demo');
  const roleName = (roleId: number) => DEMO_ROLES.find((r) => r.id === roleId)?.name ?? '';
  writeState({ ready: true });
  console.log(`
  TTS staging is up at ${appUrl}  (API docs: ${appUrl}/api/openapi.json)
    nginx :${ports.nginx} -> web :${ports.web.join(', :')}${hasRealtime ? `; realtime :${ports.realtime.join(', :')}` : ' (no realtime sidecar in this checkout)'}
    workers: 2 (health probes :${ports.workerProbe.join(', :')}); database ${redact(databaseUrl)}${amqpUrl ? `; RabbitMQ vhost ${decodeURIComponent(new URL(amqpUrl).pathname.slice(1))}` : ''}
  Demo logins (password "${DEMO_PASSWORD}"):
${DEMO_USERS.map((u) => `    ${u.email.padEnd(26)} ${roleName(u.roleId)}`).join('\n')}
  An Auth Service token for the API:  JWT_SECRET=${secrets.JWT_SECRET} npm run -s token -- 101
  Ctrl-C stops everything${process.env.STAGING_DATABASE_URL ? '' : ' and drops the staging database'}.
`);
}

/**
 * Starts one process and supervises it as a process manager would (systemd Restart=always): one
 * that exits (crashed, killed, or told to stop by someone else) is started again after a second,
 * so a fault test can kill any of them. One that keeps dying within 10 s of its start (3 times in
 * a row) is a configuration error: staging then stops.
 */
function start(name: string, args: string[], extra: Record<string, string>, cmd = process.execPath): void {
  if (stopping) return;
  const entry = { name, child: undefined as unknown as ChildProcess, quickExits: 0 };
  children.push(entry);
  const launch = () => {
    const startedAt = Date.now();
    const child = spawn(cmd, args, { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    entry.child = child;
    const prefixLines = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => `[${name}] ${l}`)
        .join('\n') + '\n';
    child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefixLines(c)));
    child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefixLines(c)));
    child.on('exit', (code, signal) => {
      if (stopping) return;
      entry.quickExits = Date.now() - startedAt < 10_000 ? entry.quickExits + 1 : 0;
      if (entry.quickExits >= 3) {
        log(`${name} exited (${code ?? signal}) 3 times within 10 s of starting; stopping staging`);
        void shutdown(1);
        return;
      }
      log(`${name} exited (${code ?? signal}); starting it again`);
      setTimeout(() => !stopping && launch(), 1000);
    });
    writeState();
  };
  launch();
}

/** STAGING_STATE_FILE (when set): the URL, ports and current pid of each process, for tools and fault tests. */
function writeState(extra: Record<string, unknown> = {}) {
  const file = process.env.STAGING_STATE_FILE;
  if (!file) return;
  const state = {
    url: appUrl,
    ports,
    pids: Object.fromEntries(children.map((c) => [c.name, c.child?.pid])),
    database_url: env.DATABASE_URL,
    amqp_url: env.AMQP_URL,
    ...extra,
  };
  // Playwright empties test-results/ as it starts, possibly after this file's folder was made.
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping: nginx first, then each process drains');
  const byName = (prefix: string) => children.filter((c) => c.name.startsWith(prefix));
  await Promise.all([...steps].map((c) => stop(c, 'SIGTERM')));
  await Promise.all(byName('nginx').map((c) => stop(c.child, 'SIGQUIT')));
  await Promise.all(children.filter((c) => c.name !== 'nginx').map((c) => stop(c.child, 'SIGTERM')));
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => log(`cleanup: ${err.message}`));
  process.exit(code);
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 30_000).unref();
  });
}

async function waitHealthy(url: string, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch {}
    if (stopping) return;
    if (Date.now() > until) fail(`${url} did not become healthy within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function runStep(cmd: string, args: string[], stepEnv: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: stepEnv, stdio: 'inherit' });
    trackStep(child);
    child.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${c}`))));
  });
}

async function rabbitmqctl(args: string[]): Promise<string> {
  try {
    return (await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 })).stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    fail(
      e.code === 'ENOENT'
        ? 'rabbitmqctl is not on PATH (staging makes its own vhost): install and start RabbitMQ, or set STAGING_AMQP_URL=off'
        : `rabbitmqctl ${args[0]} failed: ${e.stderr?.trim() || e.message} (is RabbitMQ running? rabbitmq-server -detached)`,
    );
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

function fail(message: string): never {
  throw new Error(message);
}

function exitWith(message: string): never {
  console.error(`[staging] ${message}`);
  process.exit(1);
}
