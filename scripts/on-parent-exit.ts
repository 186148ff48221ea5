/**
 * Calls `fn` once when the process that started this one is gone (this process was reparented).
 * A launcher such as npm passes SIGINT and SIGTERM on but not SIGHUP, and nothing passes on a
 * SIGKILL: without this, the stack a script started would run on unattended when its launcher
 * went. Checked once a second; the timer does not keep the process alive.
 */
export function onParentExit(fn: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      fn();
    }
  }, 1000);
  timer.unref();
}
