/**
 * The worker process's entry (`npm run start:worker`, `npm start`): lowers its CPU priority to
 * WORKER_NICE first, then loads the worker (workers/main.ts). Jobs and broker intake are
 * background work: where a web process shares the machine, its requests get the CPU first and a
 * backlog drains with what they leave. The priority is set before the rest is loaded, so the
 * start-up (compiling the worker's modules, warming up, the first flood of a backlog) runs at it
 * too. Only lowers this process's own priority (no privilege needed).
 */
import { getEnv } from '@/lib/env';
import { logger } from '@/lib/log';
import { lowerPriority } from '@/lib/process/lower-priority';

const nice = getEnv().WORKER_NICE;
if (nice > 0) {
  try {
    lowerPriority(nice);
  } catch (err) {
    logger('worker').warn(`could not set WORKER_NICE=${nice}: ${(err as Error).message}`);
  }
}
await import('./main');
