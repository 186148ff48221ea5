import { Inbox } from 'lucide-react';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { PriorityBadge } from './priority-badge';
import { SlaStatus } from './sla-status';
import type { listInbox } from '@/lib/tasks/list-inbox';

/** An item of the inbox, as listInbox reads it. */
export type TaskListItem = Awaited<ReturnType<typeof listInbox>>['items'][number];

const STATUS: Record<string, string> = { new: 'New', in_progress: 'In progress', breached: 'Breached', resolved: 'Resolved', reassigned: 'Transferred', escalated: 'Escalated' };

// Columns from `md` up; below that each item is a card with the same facts stacked.
const COLUMNS = 'md:grid md:grid-cols-[minmax(0,2.2fr)_minmax(0,1.4fr)_6rem_7rem_minmax(0,1.5fr)] md:items-center md:gap-4';

/** Task items as a list: rows with columns on wide screens, cards on a phone. */
export function TaskList({
  items,
  label,
  serverNow,
  id,
  empty,
}: {
  items: TaskListItem[];
  label: string;
  serverNow: number;
  id?: string;
  empty?: { title: string; body: React.ReactNode };
}) {
  if (items.length === 0) {
    return (
      <EmptyState icon={Inbox} title={empty?.title ?? 'No open tasks'}>
        {empty?.body ?? 'New assignments appear here.'}
      </EmptyState>
    );
  }
  return (
    <div>
      <div aria-hidden className={`hidden border-b px-4 py-2 text-xs font-medium tracking-wide text-muted-foreground uppercase ${COLUMNS}`}>
        <span>Ticket</span>
        <span>Workflow / step</span>
        <span>Priority</span>
        <span>Status</span>
        <span>Due</span>
      </div>
      <ul aria-label={label} id={id} className="divide-y">
        {items.map((item) => (
          <li key={item.id} data-testid="task-row" className={`relative grid gap-2 px-4 py-3 hover:bg-muted/50 has-[a:focus-visible]:bg-accent has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-ring has-[a:focus-visible]:ring-inset ${COLUMNS}`}>
            <div className="min-w-0">
              <Link
                href={`/tasks/${item.id}`}
                data-row-link
                className="font-medium text-primary after:absolute after:inset-0 after:content-[''] hover:underline focus-visible:outline-none"
              >
                {item.ticket.ticket_number}
              </Link>
              <p className="text-sm break-words">{item.ticket.subject}</p>
              {item.requester ? <p className="text-xs text-muted-foreground">from {item.requester}</p> : null}
            </div>
            <div className="min-w-0 text-sm">
              {item.workflow_name} <span className="text-muted-foreground">/ {item.step_name}</span>
            </div>
            <div className="flex flex-wrap items-center gap-2 md:contents">
              <div>
                <PriorityBadge priority={item.ticket.priority} />
              </div>
              <div className="text-sm">{STATUS[item.status] ?? item.status}</div>
              <div>
                <SlaStatus itemStatus={item.status} sla={item.sla} serverNow={serverNow} compact />
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
