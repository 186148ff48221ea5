import { BellOff, CheckCheck } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentSession } from '@/auth';
import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { SubmitButton } from '@/components/ui/submit-button';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { listNotifications } from '@/lib/notifications/list-notifications';
import { LiveRefresh } from '@/components/live/live-refresh';
import { markAllRead, markRead, markUnread, openNotification } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Notifications' };

type Note = Awaited<ReturnType<typeof listNotifications>>['notifications'][number];

function hrefOf(n: Note): string | null {
  if (n.task_item_id) return `/tasks/${n.task_item_id}`;
  if (n.ticket_number) return `/tickets/${encodeURIComponent(n.ticket_number)}`;
  return null;
}

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const session = await currentSession();
  if (!session?.user?.id) redirect('/signin');
  const userId = Number(session.user.id);
  const before = Number((await searchParams).before);
  const cursor = Number.isSafeInteger(before) && before > 0 && before <= 2_147_483_647 ? before : undefined;
  const db = getDb();
  // Unread first (all of them, newest first), then what was read, a page at a time.
  const [unread, page] = await withDeadline(
    Promise.all([
      cursor ? Promise.resolve(null) : listNotifications(db, { userId, unread: true, limit: 100, cursor: undefined }),
      listNotifications(db, { userId, unread: false, limit: 30, cursor }),
    ]),
  );
  const read = page.notifications.filter((n) => n.read_at !== null);
  const count = page.unread_count;

  return (
    <>
      <LiveRefresh events={['notification:new']} />
      <PageHeader
        title="Notifications"
        description={
          <span role="status" aria-live="polite" data-testid="unread-summary">
            {count === 0 ? 'Nothing unread.' : `${count} unread.`}
          </span>
        }
        actions={
          <>
            <Button variant="outline" size="sm" asChild>
              <Link href="/settings/notifications">Preferences</Link>
            </Button>
            {count > 0 ? (
              <form action={markAllRead}>
                <SubmitButton size="sm" pendingLabel="Marking…">
                  <CheckCheck aria-hidden />
                  Mark all read
                </SubmitButton>
              </form>
            ) : null}
          </>
        }
      />
      <div className="grid gap-5">
        {unread && unread.notifications.length > 0 ? (
          <Card>
            <CardHeader>
              <CardTitle>Unread</CardTitle>
            </CardHeader>
            <NoteList notes={unread.notifications} label="Unread notifications" />
          </Card>
        ) : null}
        <Card>
          <CardHeader>
            <CardTitle>{cursor ? 'Earlier' : 'Read'}</CardTitle>
          </CardHeader>
          {read.length ? (
            <NoteList notes={read} label="Read notifications" />
          ) : (
            <EmptyState icon={BellOff} title={count ? 'Nothing read yet' : 'No notifications yet'}>
              New work, deadlines and comments on your tickets show up here.
            </EmptyState>
          )}
          {page.next_cursor ? (
            <div className="border-t px-4 py-3">
              <Button variant="outline" size="sm" asChild>
                <Link href={`/notifications?before=${page.next_cursor}`}>Older</Link>
              </Button>
            </div>
          ) : null}
        </Card>
      </div>
    </>
  );
}

function NoteList({ notes, label }: { notes: Note[]; label: string }) {
  return (
    <ul aria-label={label} className="divide-y">
      {notes.map((n) => {
        const href = hrefOf(n);
        const isUnread = n.read_at === null;
        return (
          <li key={n.id} data-testid="notification" data-unread={isUnread || undefined} className="grid gap-2 px-4 py-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
            <div className="grid min-w-0 gap-1">
              <div className="flex flex-wrap items-center gap-2 font-medium">
                {isUnread ? <Badge tone="primary">New</Badge> : null}
                {href ? (
                  <form action={openNotification} className="contents">
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="href" value={href} />
                    <button type="submit" className="cursor-pointer text-left text-primary hover:underline">
                      {n.subject}
                    </button>
                  </form>
                ) : (
                  <span>{n.subject}</span>
                )}
              </div>
              {n.message ? <p className="text-sm whitespace-pre-wrap text-muted-foreground">{n.message}</p> : null}
              <LocalTime value={n.created_at} className="text-xs text-muted-foreground" />
            </div>
            <form action={isUnread ? markRead : markUnread}>
              <input type="hidden" name="id" value={n.id} />
              <SubmitButton size="sm" variant="ghost" pendingLabel="…" aria-label={`${isUnread ? 'Mark read' : 'Mark unread'}: ${n.subject}`}>
                {isUnread ? 'Mark read' : 'Mark unread'}
              </SubmitButton>
            </form>
          </li>
        );
      })}
    </ul>
  );
}
