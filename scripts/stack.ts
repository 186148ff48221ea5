/**
 * The whole stack, run by scripts/start.ts (`npm start`) in a process group of its own. Uses
 * DATABASE_URL, or an embedded PostgreSQL kept in .data/ when it is unset; applies migrations, then
 * creates the job queues (two steps); loads the demo data (idempotent); builds the web app when
 * sources changed; then runs the web app, the worker process and the realtime sidecar together
 * until it is told to stop, and stops them in order: web, worker and sidecar first (finishing
 * their work), the database last. `--dev` runs `next dev`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { needsBuild } from './ensure-build';
import { loadLocalConfig } from './local-config';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const isDev = process.argv.includes('--dev');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const { generated } = loadLocalConfig(root);

const { getEnv } = await import('../lib/env');
const { migrateDatabase } = await import('../lib/db/migrate');
const { createQueues } = await import('../lib/jobs/create-queues');
const { createDb } = await import('../lib/db/client');
const { seedDemo, DEMO_USERS, DEMO_PASSWORD, DEMO_ROLES } = await import('../lib/demo/seed-demo');
const { logLineForHumans } = await import('../lib/log');

const log = (m: string) => console.log(`[tts] ${m}`);
const env = getEnv();
let stopEmbedded: (() => Promise<void>) | undefined;

const isDemoData = env.DEMO_DATA ?? !env.DATABASE_URL;
if (!env.DATABASE_URL) {
  const { startEmbeddedPostgres } = await import('../lib/db/embedded');
  log(`DATABASE_URL not set: starting the embedded PostgreSQL (${env.EMBEDDED_PG_DIR}, port ${env.EMBEDDED_PG_PORT})`);
  const embedded = await startEmbeddedPostgres({ dir: env.EMBEDDED_PG_DIR, port: env.EMBEDDED_PG_PORT });
  process.env.DATABASE_URL = embedded.url;
  stopEmbedded = () => embedded.stop();
}
const databaseUrl = process.env.DATABASE_URL!;

log('applying migrations');
await migrateDatabase(databaseUrl);
log('creating the job queues');
await createQueues(databaseUrl);
if (isDemoData) {
  const db = createDb(databaseUrl, { max: 2 });
  await seedDemo(db);
  await db.$close();
  log('demo data ready');
}

if (!isDev && needsBuild()) {
  log('building the web app (next build)');
  // TTS_START_BUILD skips next build's type check (next.config.ts): `npm test` runs tsc itself.
  await run(process.execPath, [nextBin, 'build'], { TTS_START_BUILD: '1' });
}

const children: ChildProcess[] = [];
const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: isDev ? 'development' : 'production', AUTH_TRUST_HOST: 'true' };
children.push(
  // Each child is the real process (no npx/tsx wrapper), so waiting for its exit on shutdown waits
  // for its own clean stop before the embedded database goes away.
  // The production web process (scripts/start-web.ts: help-desk intake without Next's router,
  // draining on stop), or `next dev`.
  start('web', process.execPath, isDev ? [nextBin, 'dev', '-p', String(env.PORT)] : ['--import', 'tsx', 'scripts/start-web.ts'], childEnv),
  // Web and worker share this machine: the worker yields the CPU to requests unless told otherwise.
  start('worker', process.execPath, ['--import', 'tsx', 'workers/index.ts'], { ...childEnv, WORKER_NICE: process.env.WORKER_NICE ?? '10' }),
  start('realtime', process.execPath, ['--import', 'tsx', 'workers/realtime/index.ts'], childEnv),
);

const roleName = (id: number) => DEMO_ROLES.find((r) => r.id === id)?.name ?? '';
console.log(`
  TTS is starting at ${env.APP_URL}  (API docs: ${env.APP_URL}/api/openapi.json)
  Live comments (socket.io, and the seed's ws://localhost:${env.REALTIME_PORT}/ws/comments/{ticket_number}/) on port ${env.REALTIME_PORT}
${
  isDemoData
    ? `  Demo logins (password "${DEMO_PASSWORD}"):\n${DEMO_USERS.map((u) => `    ${u.email.padEnd(26)} ${roleName(u.roleId)}`).join('\n')}\n`
    : '  (no demo data: DEMO_DATA is off)\n'
}  An Auth Service token for the API:  npm run -s token -- 101
${generated.length ? `  (${generated.join(' and ')} generated for this machine in .data/local-secrets.json)\n` : ''}  Ctrl-C stops everything.
`);

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping');
  await Promise.all(children.map((c) => stopChild(c)));
  if (stopEmbedded) await stopEmbedded().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// Started by scripts/start.ts: if that launcher dies without passing a signal on (SIGKILL), this
// process was reparented; stop rather than run on unattended.
const launcher = Number(process.env.TTS_LAUNCHER_PID ?? 0);
if (launcher) {
  setInterval(() => {
    if (process.ppid !== launcher) void shutdown(0);
  }, 1000).unref();
}

function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      // The processes write JSON log lines (lib/log.ts); shown here as text for the person at the terminal.
      .map((l) => `[${name}] ${logLineForHumans(l).replaceAll('\n', `\n[${name}] `)}`)
      .join('\n') + '\n';
  child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.on('exit', (code) => {
    if (!stopping) {
      log(`${name} exited (${code}); stopping the stack`);
      void shutdown(code || 1);
    }
  });
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    // The whole process group: npx and the process it started.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
      resolve();
    }, 25_000).unref();
  });
}

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv, NODE_ENV: 'production' } });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

