/**
 * The production build (`next build`) the web processes run, made when there is none or a source
 * file is newer than it. Used by `npm run staging` and the fault tests, which start `start:web`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** A build is needed when there is none, or a source file is newer than it. */
export function needsBuild(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  const newer = (p: string): boolean => {
    if (!existsSync(p)) return false;
    const s = statSync(p);
    if (s.isFile()) return s.mtimeMs > builtAt;
    return readdirSync(p).some((f) => newer(path.join(p, f)));
  };
  // Everything the build bundles: proxy.ts and instrumentation.ts too, and workers/ (the admin
  // console replays dead letters through the bridge's task handlers).
  return ['app', 'components', 'lib', 'workers', 'auth.ts', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'package-lock.json', 'public'].some((p) => newer(path.join(root, p)));
}

/**
 * Runs `next build` when needsBuild(); resolves once the build is there. `onSpawn` gets the build
 * process, so a caller that is told to stop can stop it too.
 */
export async function ensureBuild(env: NodeJS.ProcessEnv, log: (m: string) => void, onSpawn?: (child: ChildProcess) => void): Promise<void> {
  if (!needsBuild()) return;
  log('building the web app (next build)');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: root, env, stdio: 'inherit' });
    onSpawn?.(child);
    child.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`next build exited with ${c}`))));
  });
}
