/**
 * `npm start`: the whole stack with one command (see scripts/stack.ts for what it does).
 *
 * The stack runs in a process group of its own. Ctrl-C in a terminal signals every process of the
 * foreground group at once, the embedded PostgreSQL included, which would then shut down while
 * the worker is still finishing its jobs. Here only this launcher is in that group: it passes one
 * SIGTERM on, and the stack stops its parts in order, the database last.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { onParentExit } from './on-parent-exit';

const stack = path.join(path.dirname(new URL(import.meta.url).pathname), 'stack.ts');
const child = spawn(process.execPath, [...process.execArgv, stack, ...process.argv.slice(2)], {
  detached: true,
  stdio: 'inherit',
  env: { ...process.env, TTS_LAUNCHER_PID: String(process.pid) },
});
let isForwarded = false;
const forward = () => {
  if (isForwarded || child.pid === undefined) return;
  isForwarded = true;
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {}
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
// npm passes SIGINT and SIGTERM on to this launcher (package.json `exec`s it), but not SIGHUP:
// when npm goes without passing a signal on, the stack stops too.
onParentExit(forward);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
