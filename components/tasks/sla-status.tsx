'use client';

import { Badge } from '@/components/ui/badge';
import { formatDue, formatDuration } from '@/components/time/format';
import { useNow } from '@/components/time/use-now';

export interface SlaView {
  state: string;
  target_at: string | null;
  warn_at?: string | null;
  seconds_left?: number;
}

const FINAL: Record<string, string> = { resolved: 'Resolved', reassigned: 'Transferred', escalated: 'Escalated' };
const TONE = { on_track: 'success', at_risk: 'warning', breached: 'danger', on_hold: 'neutral' } as const;
const LABEL = { on_track: 'On track', at_risk: 'At risk', breached: 'Breached', on_hold: 'On hold' } as const;

/** The state an open item is in at `now` (the server's state can only get worse as time passes). */
function liveState(sla: SlaView, now: number): keyof typeof LABEL {
  if (sla.state === 'on_hold' || sla.state === 'breached') return sla.state;
  if (sla.target_at && now >= Date.parse(sla.target_at)) return 'breached';
  if (sla.state === 'at_risk' || (sla.warn_at && now >= Date.parse(sla.warn_at))) return 'at_risk';
  return 'on_track';
}

/**
 * An item's SLA as a badge and a live countdown ("due in 1 h 20 m", "overdue by 12 m"). A closed
 * item shows how it ended (Resolved, Transferred, Escalated) instead: its clock no longer runs.
 */
export function SlaStatus({ itemStatus, sla, serverNow, compact }: { itemStatus: string; sla: SlaView; serverNow: number; compact?: boolean }) {
  const now = useNow(serverNow);
  if (FINAL[itemStatus]) {
    return (
      <Badge tone="neutral" data-testid="sla-state">
        {FINAL[itemStatus]}
      </Badge>
    );
  }
  const state = liveState(sla, now);
  const secondsLeft =
    state === 'on_hold' ? (sla.seconds_left ?? 0) : sla.target_at ? Math.round((Date.parse(sla.target_at) - now) / 1000) : null;
  const text =
    secondsLeft === null ? null : state === 'on_hold' ? `paused, ${formatDuration(secondsLeft)} ${secondsLeft >= 0 ? 'left' : 'over'}` : formatDue(secondsLeft);
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
      <Badge tone={TONE[state]} data-testid="sla-state">
        {LABEL[state]}
      </Badge>
      {text ? (
        <span className={compact ? 'text-xs text-muted-foreground' : 'text-sm text-muted-foreground'} data-testid="sla-countdown">
          {text}
        </span>
      ) : null}
    </span>
  );
}
