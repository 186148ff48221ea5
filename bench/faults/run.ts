/**
 * `npm run test:faults`: every fault scenario, one after the other, each ending in its one-line
 * summary (lost / duplicated / dead-lettered / double sends) and PASS or FAIL. Exits non-zero when
 * any scenario lost or duplicated anything, or failed its bounds.
 *
 *   npm run test:faults                     the small N (what `npm test` runs): quick, still real
 *   npm run test:faults -- --large          the issue's N: 2,000 tickets, 10 kills, 2 rounds of broker/PostgreSQL faults,
 *                                           200 live-comment clients through 4 sidecar kills
 *   FAULT_N=5000 npm run test:faults        any number of tickets (kills and rounds as --large)
 *   npm run test:faults -- --only worker-kill,auth-service
 *   FAULT_SEED=123 ...                      repeat a run's random moments
 *   --parallel                              run the scenarios at the same time (npm test does: they
 *                                           mostly wait on expiries and restarts, not on the CPU)
 *
 * Each scenario's process logs are kept in test-results/faults/<scenario>/ for a failing run.
 * `--report <file>` writes the summaries as JSON (scripts/test.ts counts them as tests).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAuthServiceOutage } from './auth-service-outage';
import { runBrokerDbRestart } from './broker-db-restart';
import { root, type FaultSummary } from './harness';
import { runSidecarKill } from './sidecar-kill';
import { runWorkerKill } from './worker-kill';

const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const isLarge = args.includes('--large') || process.env.FAULT_N !== undefined;
const n = Number(process.env.FAULT_N ?? (isLarge ? 2000 : 200));
const seed = Number(process.env.FAULT_SEED ?? Date.now() % 1e9);
const only = argValue('--only')?.split(',');
const report = argValue('--report');
const isParallel = args.includes('--parallel');

const scenarios: Array<{ name: string; run: (logDir: string) => Promise<FaultSummary> }> = [
  {
    name: 'worker-kill',
    run: (logDir) => runWorkerKill({ n, kills: isLarge ? 10 : 3, seed, logDir }),
  },
  {
    name: 'broker-db-restart',
    run: (logDir) => runBrokerDbRestart({ n, rounds: isLarge ? 2 : 1, isThorough: isLarge, seed, logDir }),
  },
  {
    name: 'sidecar-kill',
    run: (logDir) =>
      isLarge
        ? runSidecarKill({ rooms: 20, clientsPerRoom: 10, seconds: 40, kills: 4, seed, logDir })
        : runSidecarKill({ rooms: 10, clientsPerRoom: 5, seconds: 12, kills: 1, seed, logDir }),
  },
  {
    name: 'auth-service',
    run: (logDir) => runAuthServiceOutage({ seed, logDir }),
  },
];

const unknown = only?.filter((o) => !scenarios.some((s) => s.name === o)) ?? [];
if (unknown.length) {
  console.error(`unknown scenario ${unknown.join(', ')}; there are: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const results: Array<FaultSummary & { seconds: number }> = [];
console.log(`[faults] ${isLarge ? 'large' : 'small'} run: ${n} tickets per stream, seed ${seed}${isParallel ? ', scenarios in parallel' : ''}`);
async function runOne(s: (typeof scenarios)[number]) {
  const logDir = path.join(root, 'test-results', 'faults', s.name);
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  let summary: FaultSummary;
  try {
    summary = await s.run(logDir);
  } catch (err) {
    const e = err as Error;
    summary = { scenario: s.name, passed: false, line: `[fault:${s.name}] -- FAIL: ${e.message}`, failures: [e.message], figures: {} };
    console.error(e.stack);
  }
  const seconds = (Date.now() - started) / 1000;
  results.push({ ...summary, seconds });
  console.log(`${summary.line} (${seconds.toFixed(0)} s)`);
}
const chosen = scenarios.filter((x) => !only || only.includes(x.name));
if (isParallel) await Promise.all(chosen.map(runOne));
else for (const s of chosen) await runOne(s);

const failed = results.filter((r) => !r.passed);
console.log(`\n[faults] ${results.length - failed.length} passed, ${failed.length} failed${failed.length ? ` (logs: test-results/faults/; seed ${seed})` : ''}`);
if (report) writeFileSync(report, JSON.stringify({ seed, n, isLarge, results }, null, 2));
process.exit(failed.length ? 1 : 0);
