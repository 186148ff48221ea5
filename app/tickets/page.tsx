import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentSession } from '@/auth';
import { LiveRefresh } from '@/components/live/live-refresh';
import { InboxFilters } from '@/components/tasks/inbox-filters';
import { InboxKeyboard } from '@/components/tasks/inbox-keyboard';
import { TicketList } from '@/components/tickets/ticket-list';
import { Card } from '@/components/ui/card';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { isFiltered } from '@/lib/tickets/list-filters';
import { listTicketBoard } from '@/lib/tickets/list-ticket-board';
import { TICKET_STATUSES } from '@/lib/tickets/schemas';
import { parseTicketBoardQuery, ticketBoardHref } from '@/lib/tickets/ticket-board-query';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Tickets' };

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await currentSession();
  if (!session?.user?.id) redirect('/signin');
  const query = parseTicketBoardQuery(await searchParams);
  const now = new Date();
  const board = await withDeadline(listTicketBoard(getDb(), { userId: Number(session.user.id), query, now }));
  const filtered = isFiltered(query);
  const last = board.first_position + board.tickets.length - 1;
  return (
    <>
      <LiveRefresh events={['task-item:changed']} />
      <InboxKeyboard listId="ticket-list" searchId="inbox-search" />
      <PageHeader
        title="Tickets"
        description={board.is_admin ? 'Every ticket in TTS.' : 'The tickets you coordinate or have worked on.'}
      />
      <Card>
        <InboxFilters
          key={ticketBoardHref(query)}
          choices={{
            view: 'open',
            action: '/tickets',
            values: { ...query, workflow: query.workflow.map(String) },
            statuses: TICKET_STATUSES.map((s) => ({ value: s, label: s })),
            workflows: board.choices.workflows,
            steps: board.choices.steps,
            showSla: true,
            sorts: [
              { value: 'age', label: 'Newest first' },
              { value: 'due', label: 'Due first' },
              { value: 'priority', label: 'Priority' },
            ],
          }}
        />
        <p role="status" aria-live="polite" className="px-4 pt-3 pb-1 text-sm text-muted-foreground" data-testid="board-summary">
          {board.total === 0
            ? filtered
              ? 'No tickets match these filters.'
              : 'No tickets yet.'
            : `Showing ${board.first_position}–${last} of ${board.total} ${board.total === 1 ? 'ticket' : 'tickets'}${filtered ? ' matching the filters' : ''}.`}
        </p>
        <TicketList rows={board.tickets} serverNow={now.getTime()} filtered={filtered} />
        <Pager prevHref={board.prev_cursor ? ticketBoardHref(query, { before: board.prev_cursor }) : null} nextHref={board.next_cursor ? ticketBoardHref(query, { after: board.next_cursor }) : null} />
      </Card>
    </>
  );
}
