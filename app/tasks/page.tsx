import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentSession } from '@/auth';
import { LiveRefresh } from '@/components/live/live-refresh';
import { InboxFilters } from '@/components/tasks/inbox-filters';
import { InboxKeyboard } from '@/components/tasks/inbox-keyboard';
import { TaskList } from '@/components/tasks/task-list';
import { Card } from '@/components/ui/card';
import { Pager } from '@/components/ui/pager';
import { cn } from '@/components/ui/cn';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { DONE_STATUSES, inboxHref, INBOX_STATUSES, parseInboxQuery, type InboxView } from '@/lib/tasks/inbox-query';
import { listInbox } from '@/lib/tasks/list-inbox';
import { isFiltered } from '@/lib/tickets/list-filters';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'My tasks' };

const VIEWS: Array<{ view: InboxView; label: string }> = [
  { view: 'open', label: 'Open' },
  { view: 'on_hold', label: 'On hold' },
  { view: 'done', label: 'Done (30 days)' },
];
const STATUS_LABEL: Record<string, string> = { new: 'New', in_progress: 'In progress', breached: 'Breached', resolved: 'Resolved', reassigned: 'Transferred', escalated: 'Escalated' };

export default async function MyTasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await currentSession();
  if (!session?.user?.id) redirect('/signin');
  const query = parseInboxQuery(await searchParams);
  const now = new Date();
  const inbox = await withDeadline(listInbox(getDb(), { userId: Number(session.user.id), query, now }));
  const filtered = isFiltered(query);
  const last = inbox.first_position + inbox.items.length - 1;
  const summary =
    inbox.total === 0
      ? filtered
        ? 'No tasks match these filters.'
        : 'No tasks in this view.'
      : `Showing ${inbox.first_position}–${last} of ${inbox.total} ${inbox.total === 1 ? 'task' : 'tasks'}${filtered ? ' matching the filters' : ''}.`;
  const statuses = (query.view === 'done' ? DONE_STATUSES : INBOX_STATUSES).map((s) => ({ value: s, label: STATUS_LABEL[s] }));

  return (
    <>
      <LiveRefresh events={['task-item:changed']} />
      <InboxKeyboard listId="inbox-list" searchId="inbox-search" />
      <PageHeader
        title="My tasks"
        description={
          <>
            Your work, most urgent first. Keys: <kbd className="rounded border px-1 font-mono text-xs">j</kbd> /{' '}
            <kbd className="rounded border px-1 font-mono text-xs">k</kbd> move, <kbd className="rounded border px-1 font-mono text-xs">Enter</kbd> opens,{' '}
            <kbd className="rounded border px-1 font-mono text-xs">/</kbd> searches.
          </>
        }
      />
      <nav aria-label="Views" className="mb-4 flex flex-wrap gap-1 border-b">
        {VIEWS.map((v) => {
          const current = v.view === query.view;
          return (
            <Link
              key={v.view}
              href={inboxHref({ ...query, status: [], sla: [] }, { view: v.view, sort: v.view === 'done' ? 'age' : 'due' })}
              aria-current={current ? 'page' : undefined}
              className={cn(
                '-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium',
                current ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground',
              )}
            >
              {v.label}
              <span className="rounded-full bg-muted px-1.5 text-xs text-muted-foreground" data-testid={`view-count-${v.view}`}>
                {inbox.views[v.view]}
              </span>
            </Link>
          );
        })}
      </nav>
      <Card>
        <InboxFilters
          key={inboxHref(query)}
          choices={{
            view: query.view,
            action: '/tasks',
            values: { ...query, workflow: query.workflow.map(String) },
            statuses,
            workflows: inbox.choices.workflows,
            steps: inbox.choices.steps,
            showSla: query.view === 'open',
          }}
        />
        <p role="status" aria-live="polite" className="px-4 pt-3 pb-1 text-sm text-muted-foreground" data-testid="inbox-summary">
          {summary}
        </p>
        <TaskList
          id="inbox-list"
          items={inbox.items}
          label={`${VIEWS.find((v) => v.view === query.view)?.label} tasks`}
          serverNow={now.getTime()}
          empty={
            filtered
              ? { title: 'Nothing matches', body: 'Try fewer filters, or clear them.' }
              : query.view === 'open'
                ? { title: 'No open tasks', body: 'New assignments appear here as they come.' }
                : query.view === 'on_hold'
                  ? { title: 'Nothing on hold', body: 'Items you put on hold wait here, their SLA clock stopped.' }
                  : { title: 'Nothing done in the last 30 days', body: 'Items you move on, transfer or escalate are listed here.' }
          }
        />
        <Pager prevHref={inbox.prev_cursor ? inboxHref(query, { before: inbox.prev_cursor }) : null} nextHref={inbox.next_cursor ? inboxHref(query, { after: inbox.next_cursor }) : null} />
      </Card>
    </>
  );
}
