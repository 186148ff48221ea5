/**
 * `npm test`: every test. Checks that PostgreSQL and RabbitMQ answer (and says how to start them if
 * not), runs the type check (`tsc --noEmit`) and ESLint (eslint.config.mjs: typescript-eslint and
 * the layering rules) side by side, each counted as one test, then Vitest (unit and integration,
 * against the real services), then Playwright against the
 * built app on a fresh database, then the fault scenarios with a small N (bench/faults/run.ts: each
 * scenario counts as one test), and ends with one line: "N passed, N failed".
 * `npm test -- --no-e2e` skips the browser part and `--no-faults` the fault scenarios while
 * iterating; CI always runs everything.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createDatabase, dropDatabase } from '../lib/db/databases';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const args = process.argv.slice(2);
const withE2e = !args.includes('--no-e2e');
const withFaults = !args.includes('--no-faults');
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const amqpUrl = new URL(process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

const pgUrl = new URL(adminUrl);
const missing: string[] = [];
if (!(await reachable(pgUrl.hostname, Number(pgUrl.port || 5432)))) {
  missing.push(
    `PostgreSQL is not answering at ${pgUrl.host}. Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set TEST_DATABASE_URL)`,
  );
}
if (!(await reachable(amqpUrl.hostname, Number(amqpUrl.port || 5672)))) {
  missing.push(`RabbitMQ is not answering at ${amqpUrl.host}. Start it: rabbitmq-server -detached (or set TEST_AMQP_URL)`);
}
// The Celery interop tests run a real Celery 5 worker and producer from Debian's Python.
try {
  execFileSync('/usr/bin/python3', ['-c', 'import celery, kombu'], { stdio: 'ignore', timeout: 20_000 });
} catch {
  missing.push("Debian's Celery is not installed. Install it: apt-get install -y python3-celery");
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (withE2e && !existsSync(chromium)) {
  missing.push(`Chromium is not at ${chromium}. Install Debian's: apt-get install -y chromium (or set CHROMIUM_PATH)`);
}
if (missing.length) {
  console.error(`Cannot run the tests:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

// The dependency fixes `postinstall` applies (idempotent), also for a node_modules installed before them.
execFileSync(process.execPath, ['scripts/patch-dependencies.mjs'], { stdio: 'inherit' });
mkdirSync('test-results', { recursive: true });
/**
 * The fault scenarios npm test runs, with the small N, at the same time (about two minutes: they
 * wait on job expiry and broker restarts more than on the CPU). `npm run test:faults -- --large`
 * runs them with the N.
 */
const FAULTS_IN_NPM_TEST = ['--only', 'worker-kill,broker-db-restart,sidecar-kill,auth-service', '--parallel'];
const run = (cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv = process.env) =>
  new Promise<number>((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: 'inherit', env });
    child.on('exit', (code) => resolve(code ?? 1));
  });

let passed = 0;
let failed = 0;

// Static checks first, both at once (one core each): the type check and the linter. Each is one
// test; its own output says what failed.
const [tscCode, eslintCode] = await Promise.all([
  run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit']),
  run(process.execPath, ['node_modules/eslint/bin/eslint.js', '--max-warnings=0', '.']),
]);
for (const [name, code] of [['tsc --noEmit', tscCode], ['eslint', eslintCode]] as const) {
  if (code === 0) passed += 1;
  else {
    failed += 1;
    console.error(`${name} failed (exit ${code}): see its output above`);
  }
}

const vitestReport = 'test-results/vitest.json';
rmSync(vitestReport, { force: true });
const vitestCode = await run(process.execPath, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
if (existsSync(vitestReport)) {
  const r = JSON.parse(readFileSync(vitestReport, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  passed += r.numPassedTests;
  failed += r.numFailedTests + (vitestCode !== 0 && r.numFailedTests === 0 ? 1 : 0);
} else {
  failed += 1;
}

if (withE2e) {
  const dbName = `tts_e2e_${randomBytes(4).toString('hex')}`;
  const e2eUrl = await createDatabase(adminUrl, dbName);
  const e2eReport = 'test-results/e2e.json';
  rmSync(e2eReport, { force: true });
  const code = await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], {
    ...process.env,
    CI: process.env.CI ?? '1',
    E2E_DATABASE_URL: e2eUrl,
  });
  await dropDatabase(adminUrl, dbName);
  if (existsSync(e2eReport)) {
    const r = JSON.parse(readFileSync(e2eReport, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number } };
    passed += r.stats.expected;
    failed += r.stats.unexpected + r.stats.flaky + (code !== 0 && r.stats.unexpected === 0 ? 1 : 0);
  } else {
    failed += 1;
  }
}

if (withFaults) {
  // After the e2e run: the auth-service scenario starts web processes on the build it made.
  const faultsReport = 'test-results/faults.json';
  rmSync(faultsReport, { force: true });
  const code = await run(process.execPath, ['--import', 'tsx', 'bench/faults/run.ts', '--report', faultsReport, ...FAULTS_IN_NPM_TEST]);
  if (existsSync(faultsReport)) {
    const r = JSON.parse(readFileSync(faultsReport, 'utf8')) as { results: Array<{ passed: boolean }> };
    passed += r.results.filter((x) => x.passed).length;
    failed += r.results.filter((x) => !x.passed).length + (code !== 0 && r.results.every((x) => x.passed) ? 1 : 0);
  } else {
    failed += 1;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
