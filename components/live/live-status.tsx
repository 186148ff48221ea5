'use client';

import { cn } from '@/components/ui/cn';
import { useLive, useLiveState } from './live-provider';

/**
 * The connection's state in the header, unobtrusively: a small dot (green live, amber connecting,
 * grey offline) with the sentence in its tooltip and for screen readers.
 */
export function LiveStatus() {
  const state = useLiveState();
  const { fallbackMs } = useLive();
  const every = fallbackMs >= 60_000 ? `${Math.round(fallbackMs / 60_000)} min` : `${Math.round(fallbackMs / 1000)} s`;
  const label =
    state === 'live'
      ? 'Live updates on'
      : state === 'connecting'
        ? `Connecting for live updates; pages refresh every ${every} meanwhile`
        : `Live updates off; pages refresh every ${every}`;
  return (
    <span data-testid="live-status" data-state={state} title={label} className="inline-flex size-9 items-center justify-center">
      <span
        aria-hidden
        className={cn('size-2 rounded-full', state === 'live' ? 'bg-success' : state === 'connecting' ? 'animate-pulse bg-warning' : 'bg-muted-foreground/50')}
      />
      <span className="sr-only">{label}</span>
    </span>
  );
}
