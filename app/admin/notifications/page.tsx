import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { auth } from '@/auth';
import { AdminActionForm } from '@/components/admin/admin-action-form';
import { FailedNotificationList } from '@/components/admin/failed-notification-list';
import { OutboxList } from '@/components/admin/outbox-list';
import { StateTabs } from '@/components/admin/state-tabs';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { SubmitButton } from '@/components/ui/submit-button';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { getEnv } from '@/lib/env';
import { listFailedNotifications } from '@/lib/notifications/email/list-failed-notifications';
import { listOutbox } from '@/lib/notifications/email/list-outbox';
import { cursorParam } from '@/lib/validation';
import { retryAllFailedNotificationsAction, retryFailedNotificationAction } from '../actions';
import { pageQuery, type RawSearchParams } from '../search-params';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Notifications · Admin' };

const querySchema = z.object({
  failed: z.enum(['open', 'resolved', 'all']).default('open'),
  failed_cursor: cursorParam(),
  outbox_cursor: cursorParam(),
});
type Query = z.infer<typeof querySchema>;

function hrefOf(q: Query, change: Partial<Query>): string {
  const next = { ...q, ...change };
  const params = new URLSearchParams();
  if (next.failed !== 'open') params.set('failed', next.failed);
  if (next.failed_cursor) params.set('failed_cursor', String(next.failed_cursor));
  if (next.outbox_cursor) params.set('outbox_cursor', String(next.outbox_cursor));
  const s = params.toString();
  return `/admin/notifications${s ? `?${s}` : ''}`;
}

export default async function AdminNotificationsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const actorUserId = Number(session.user.id);
  const q = pageQuery(querySchema, await searchParams);
  const db = getDb();
  const [failed, outbox] = await withDeadline(
    Promise.all([
      listFailedNotifications(db, { actorUserId, state: q.failed, limit: 30, cursor: q.failed_cursor }),
      listOutbox(db, { actorUserId, limit: 20, cursor: q.outbox_cursor }),
    ]),
  );
  const hasProvider = !!getEnv().RESEND_API_KEY;
  return (
    <>
      <PageHeader title="Notifications" description="Email notifications that could not be delivered, and the local outbox." />
      <div className="grid gap-5">
        <Card aria-labelledby="failed-title">
          <CardHeader>
            <div className="grid gap-0.5">
              <CardTitle id="failed-title">Failed deliveries</CardTitle>
              <CardDescription>
                {failed.counts.open} open, {failed.counts.resolved} delivered since. A retry queues the email again with a fresh round of tries; it stays open until one succeeds.
              </CardDescription>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <StateTabs
                label="Failed deliveries to show"
                current={q.failed}
                tabs={[
                  { value: 'open', label: `Open (${failed.counts.open})`, href: hrefOf(q, { failed: 'open', failed_cursor: undefined }) },
                  { value: 'resolved', label: 'Delivered since', href: hrefOf(q, { failed: 'resolved', failed_cursor: undefined }) },
                  { value: 'all', label: 'All', href: hrefOf(q, { failed: 'all', failed_cursor: undefined }) },
                ]}
              />
              {failed.counts.open > 0 ? (
                <AdminActionForm action={retryAllFailedNotificationsAction} className="grid gap-2" testId="retry-all-form">
                  <SubmitButton size="sm" pendingLabel="Retrying…">
                    Retry all
                  </SubmitButton>
                </AdminActionForm>
              ) : null}
            </div>
          </CardHeader>
          <FailedNotificationList items={failed.items} state={q.failed} action={retryFailedNotificationAction} />
          <Pager prevHref={q.failed_cursor ? hrefOf(q, { failed_cursor: undefined }) : null} nextHref={failed.next_cursor ? hrefOf(q, { failed_cursor: failed.next_cursor }) : null} />
        </Card>

        <Card aria-labelledby="outbox-title">
          <CardHeader>
            <div className="grid gap-0.5">
              <CardTitle id="outbox-title">Email outbox</CardTitle>
              <CardDescription>
                {hasProvider
                  ? 'An email provider is configured (RESEND_API_KEY), so emails are sent; those kept here are from before it was.'
                  : 'No email provider is configured (RESEND_API_KEY), so emails are kept here instead of being sent.'}
              </CardDescription>
            </div>
          </CardHeader>
          <OutboxList items={outbox.items} />
          <Pager prevHref={q.outbox_cursor ? hrefOf(q, { outbox_cursor: undefined }) : null} nextHref={outbox.next_cursor ? hrefOf(q, { outbox_cursor: outbox.next_cursor }) : null} />
        </Card>
      </div>
    </>
  );
}
