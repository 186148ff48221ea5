import { MailCheck } from 'lucide-react';
import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { NOTIFICATION_TYPE_LABELS } from '@/lib/notifications/defaults';
import type { listFailedNotifications } from '@/lib/notifications/email/list-failed-notifications';
import type { AdminActionState } from './action-state';
import { AdminActionForm } from './admin-action-form';

type Failed = Awaited<ReturnType<typeof listFailedNotifications>>['items'][number];

/** Failed deliveries: to whom, what, the provider's error, where the delivery is now; Retry. */
export function FailedNotificationList({ items, state, action }: { items: Failed[]; state: string; action: (s: AdminActionState, form: FormData) => Promise<AdminActionState> }) {
  // One form for the list, its answer above the rows: a retried delivery that is sent at once
  // leaves the open list on the refresh, and its answer must not leave with it.
  return (
    <AdminActionForm action={action} resultPosition="start" resultClassName="px-4 pt-3 sm:px-5" testId="retry-form">
      {items.length === 0 ? (
        <EmptyState icon={MailCheck} title={state === 'open' ? 'No failed notifications' : 'Nothing here'}>
          {state === 'open' ? 'Every email notification was delivered (or is on its way).' : 'No failed deliveries in this view.'}
        </EmptyState>
      ) : (
    <ul aria-label="Failed deliveries" className="divide-y">
      {items.map((f) => {
        const type = NOTIFICATION_TYPE_LABELS[f.notification_type as keyof typeof NOTIFICATION_TYPE_LABELS] ?? f.notification_type ?? f.channel;
        return (
          <li key={f.id} data-testid="failed-notification" data-id={f.id} data-delivery-status={f.delivery_status} className="grid gap-2 px-4 py-3 sm:px-5 md:grid-cols-[minmax(0,1fr)_10rem] md:gap-4">
            <div className="grid min-w-0 gap-1.5">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium break-words">{f.subject ?? type}</span>
                {f.is_resolved ? (
                  <Badge tone="success">Delivered since</Badge>
                ) : f.delivery_status === 'failed' ? (
                  <Badge tone="danger">Failed</Badge>
                ) : (
                  <Badge tone="info">Queued again ({f.delivery_status})</Badge>
                )}
                {f.is_retryable ? null : <Badge>Permanent error</Badge>}
              </div>
              <p className="text-sm break-words">
                <span className="text-muted-foreground">Error: </span>
                {f.error_message}
              </p>
              <p className="text-xs break-all text-muted-foreground">
                {f.to ? `to ${f.to}` : `to user ${f.user_id}`} · {type} · {f.retry_count} {f.retry_count === 1 ? 'retry' : 'retries'} · failed <LocalTime value={f.created_at} />
                {f.resolved_at ? (
                  <>
                    {' · delivered '}
                    <LocalTime value={f.resolved_at} />
                  </>
                ) : null}
              </p>
            </div>
            {f.is_resolved || f.delivery_status !== 'failed' ? null : (
              <div className="flex md:justify-end">
                <SubmitButton name="failed_notification_id" value={f.id} size="sm" variant="outline" pendingLabel="Retrying…" aria-label={`Retry: ${f.subject ?? type}${f.to ? ` to ${f.to}` : ''}`}>
                  Retry
                </SubmitButton>
              </div>
            )}
          </li>
        );
      })}
    </ul>
      )}
    </AdminActionForm>
  );
}
