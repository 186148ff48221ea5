export type SlaState = 'on_track' | 'at_risk' | 'breached' | 'on_hold';

export interface SlaClock {
  targetAt: Date;
  warnAt: Date;
  onHoldSince: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
}

/**
 * Where an item stands against its SLA at `now`: `on_hold` (clock stopped), `breached` (target
 * passed), `at_risk` (warning share used), else `on_track`; and the seconds left (negative when
 * overdue; frozen at the moment the hold began while on hold).
 */
export function slaState(item: SlaClock, now: Date): { state: SlaState; secondsLeft: number } {
  const from = item.onHoldSince ?? now;
  const secondsLeft = Math.round((item.targetAt.getTime() - from.getTime()) / 1000);
  if (item.onHoldSince) return { state: 'on_hold', secondsLeft };
  if (item.breachedAt || now >= item.targetAt) return { state: 'breached', secondsLeft };
  if (item.warnedAt || now >= item.warnAt) return { state: 'at_risk', secondsLeft };
  return { state: 'on_track', secondsLeft };
}
