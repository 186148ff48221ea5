import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers this process's CPU priority to `nice` (0-19), for all of its threads. On Linux a priority
 * belongs to a thread: `setPriority(n)` changes the main thread only, and the threads Node started
 * before (V8's compiler and garbage-collector helpers, which do much of a busy process's work)
 * would keep theirs. Threads started later inherit it from the thread that starts them. Where
 * there is no /proc, the process's priority is set.
 */
export function lowerPriority(nice: number): void {
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return setPriority(nice);
  }
  for (const tid of threads) {
    try {
      setPriority(Number(tid), nice);
    } catch (err) {
      // A thread that ended since the listing has nothing left to lower.
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH' && !/ESRCH|no such process/i.test(String((err as Error).message))) throw err;
    }
  }
}
