/**
 * The first `npm start` build: `next build` from nothing (no .next, so no build cache), with its
 * type check (the baseline: what every other build does) and without it (TTS_START_BUILD=1, what
 * scripts/stack.ts sets; see next.config.ts), alternated ROUNDS times (default 2) so both see the
 * same machine. Prints seconds per build, the load average around each, and the ratio of the
 * medians. Deletes .next: run it where no server is using that build.
 *
 *   npx tsx bench/start-build.ts [rounds]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const rounds = Number(process.argv[2] ?? 2);
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const times: Record<'typecheck' | 'skip', number[]> = { typecheck: [], skip: [] };
for (let round = 1; round <= rounds; round++) {
  for (const mode of ['typecheck', 'skip'] as const) {
    rmSync(path.join(root, '.next'), { recursive: true, force: true });
    rmSync(path.join(root, 'tsconfig.tsbuildinfo'), { force: true });
    const before = load();
    const started = process.hrtime.bigint();
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
    if (mode === 'skip') env.TTS_START_BUILD = '1';
    else delete env.TTS_START_BUILD;
    const r = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, env, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) throw new Error(`next build (${mode}) exited with ${r.status}:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    const checked = /Running TypeScript|Linting and checking validity of types/.test(r.stdout);
    times[mode].push(seconds);
    console.log(`round ${round} ${mode.padEnd(9)} ${seconds.toFixed(1)} s  type check ran: ${checked}  load before [${before}] after [${load()}]`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [base, skip] = [median(times.typecheck), median(times.skip)];
console.log(`median: with type check ${base.toFixed(1)} s, without ${skip.toFixed(1)} s: ${(skip / base).toFixed(2)} of the baseline, ${(base - skip).toFixed(1)} s sooner`);
