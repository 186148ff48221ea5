import { Ticket } from 'lucide-react';
import Link from 'next/link';
import { SlaStatus } from '@/components/tasks/sla-status';
import { PriorityBadge } from '@/components/tasks/priority-badge';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import type { listTicketBoard } from '@/lib/tickets/list-ticket-board';

/** A ticket of the board, as listTicketBoard reads it. */
export type TicketRow = Awaited<ReturnType<typeof listTicketBoard>>['tickets'][number];

const COLUMNS = 'md:grid md:grid-cols-[minmax(0,2.2fr)_minmax(0,1.6fr)_6rem_7rem_minmax(0,1.5fr)] md:items-center md:gap-4';

/** Tickets as rows with columns on wide screens and cards on a phone. */
export function TicketList({ rows, serverNow, filtered }: { rows: TicketRow[]; serverNow: number; filtered: boolean }) {
  if (rows.length === 0) {
    return (
      <EmptyState icon={Ticket} title={filtered ? 'Nothing matches' : 'No tickets yet'}>
        {filtered ? 'Try fewer filters, or clear them.' : 'Tickets you coordinate or work on appear here.'}
      </EmptyState>
    );
  }
  return (
    <div>
      <div aria-hidden className={`hidden border-b px-4 py-2 text-xs font-medium tracking-wide text-muted-foreground uppercase ${COLUMNS}`}>
        <span>Ticket</span>
        <span>Where it is</span>
        <span>Priority</span>
        <span>Status</span>
        <span>Step SLA</span>
      </div>
      <ul aria-label="Tickets" id="ticket-list" className="divide-y">
        {rows.map((r) => (
          <li
            key={r.ticket_number}
            data-testid="ticket-row"
            className={`relative grid gap-2 px-4 py-3 hover:bg-muted/50 has-[a:focus-visible]:bg-accent has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-ring has-[a:focus-visible]:ring-inset ${COLUMNS}`}
          >
            <div className="min-w-0">
              <Link
                href={`/tickets/${encodeURIComponent(r.ticket_number)}`}
                data-row-link
                className="font-medium text-primary after:absolute after:inset-0 after:content-[''] hover:underline focus-visible:outline-none"
              >
                {r.ticket_number}
              </Link>
              <p className="text-sm">{r.subject}</p>
              {r.requester ? <p className="text-xs text-muted-foreground">from {r.requester}</p> : null}
            </div>
            <div className="min-w-0 text-sm">
              {r.workflow_name ? (
                <>
                  {r.workflow_name} <span className="text-muted-foreground">/ {r.step_name ?? '—'}</span>
                  <p className="text-xs text-muted-foreground">
                    {r.holder_name ? `held by ${r.holder_name}` : 'nobody holds it'}
                    {r.coordinator_name ? ` · coordinator ${r.coordinator_name}` : ''}
                  </p>
                </>
              ) : (
                <span className="text-muted-foreground">Not routed</span>
              )}
            </div>
            <div className="flex flex-wrap items-center gap-2 md:contents">
              <div>
                <PriorityBadge priority={r.priority} />
              </div>
              <div>
                <Badge>{r.status}</Badge>
              </div>
              <div>{r.item ? <SlaStatus itemStatus={r.item.status} sla={r.item.sla} serverNow={serverNow} compact /> : <span className="text-sm text-muted-foreground">—</span>}</div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
