import { LocalTime } from '@/components/time/local-time';
import { displayText } from '@/lib/display-text';
import type { getTaskItem } from '@/lib/tasks/get-task-item';
import type { getTicketJourney } from '@/lib/tickets/get-ticket-journey';

/** A line of an item's or a ticket's history, as getTaskItem and getTicketJourney read it. */
export type HistoryEntry = Awaited<ReturnType<typeof getTaskItem>>['history'][number] | Awaited<ReturnType<typeof getTicketJourney>>['history'][number];

/** What happened, said as a sentence fragment: "assigned to Maya Asset", "escalated to Admin". */
export function describe(h: HistoryEntry): string {
  const to = h.assignee_name ?? 'someone';
  switch (h.action) {
    case 'assigned':
      return `assigned to ${to}`;
    case 'transferred':
      // On the item given away (details.to_user_id), or the new item's first line.
      return h.details?.to_user_id !== undefined ? `transferred it from ${to} to ${h.to_user_name ?? `user ${displayText(h.details.to_user_id)}`}` : `assigned to ${to} (transfer)`;
    case 'taken_over':
      return `took it over from ${to}`;
    case 'escalated':
      return h.details?.to_role ? `escalated it from ${to} to the ${displayText(h.details.to_role)} role` : `assigned to ${to} (escalation)`;
    case 'opened':
      return 'opened it';
    case 'transition':
      return `moved it on${h.details?.transition_name ? ` (${displayText(h.details.transition_name)})` : ''}`;
    case 'finalize':
    case 'finalized':
      return 'finalized it';
    case 'hold':
      return 'put it on hold';
    case 'resume':
      return 'resumed it';
    case 'sla_warning':
      return `warned: at risk of breaching its SLA (${to})`;
    case 'sla_breach':
      return `breached its SLA (${to})`;
    default:
      return h.action.replaceAll('_', ' ');
  }
}

/** Who did what to whom, when, and their note: a task's history, oldest first. */
export function HistoryList({ history }: { history: HistoryEntry[] }) {
  return (
    <ol aria-label="History" className="grid gap-3" data-testid="history">
      {history.map((h) => (
        <li key={h.id} className="grid gap-0.5 border-l-2 pl-3">
          <p className="text-sm">
            <strong>{h.actor_user_id === null ? 'System' : (h.actor_name ?? `User ${h.actor_user_id}`)}</strong> {describe(h)}
          </p>
          <LocalTime value={h.created_at} className="text-xs text-muted-foreground" />
          {h.note ? <p className="text-sm whitespace-pre-wrap text-muted-foreground">“{h.note}”</p> : null}
        </li>
      ))}
    </ol>
  );
}
