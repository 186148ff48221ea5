'use client';

import { useSyncExternalStore } from 'react';

// One shared clock for every countdown on the page, ticking every 15 s (minutes are the finest unit shown).
const TICK_MS = 15_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    // The clock was stopped (no countdown was on screen): catch up at once, then tick.
    now = Date.now();
    queueMicrotask(listener);
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time in ms, re-rendering every tick; `serverNow` on the server and during hydration. */
export function useNow(serverNow: number): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => serverNow,
  );
}
