import { Send } from 'lucide-react';
import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { SubmitButton } from '@/components/ui/submit-button';
import type { listOutboundMessages } from '@/lib/integration/list-outbound-messages';
import type { AdminActionState } from './action-state';
import { AdminActionForm } from './admin-action-form';
import { PayloadBlock } from './payload-block';

/** A stored value as text (a job's last error may be a string or a JSON object). */
const asText = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v) ?? '');

type Outbound = Awaited<ReturnType<typeof listOutboundMessages>>['items'][number];

/** Outbound Celery messages not yet on the broker: where to, how many tries, the last error; Retry now. */
export function OutboundList({ items, state, action }: { items: Outbound[]; state: string; action: (s: AdminActionState, form: FormData) => Promise<AdminActionState> }) {
  // One form for the list, its answer above the rows: a message that goes out at once leaves the
  // list on the refresh, and its answer must not leave with it.
  return (
    <AdminActionForm action={action} resultPosition="start" resultClassName="px-4 pt-3 sm:px-5" testId="outbound-form">
      {items.length === 0 ? (
        <EmptyState icon={Send} title="Nothing waiting">
          {state === 'failed' ? 'No outbound message failed.' : 'Every outbound message reached the broker.'}
        </EmptyState>
      ) : (
    <ul aria-label="Outbound messages" className="divide-y">
      {items.map((m) => (
        <li key={m.id} data-testid="outbound-message" className="grid gap-2 px-4 py-3 sm:px-5 md:grid-cols-[minmax(0,1fr)_12rem] md:gap-4">
          <div className="grid min-w-0 gap-1.5">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium break-all">{m.task ?? m.job_queue}</span>
              {m.amqp_queue ? <Badge>{m.amqp_queue}</Badge> : null}
              <Badge tone={m.state === 'failed' ? 'danger' : m.job_state === 'retry' ? 'warning' : 'info'}>
                {m.state === 'failed' ? 'Failed' : m.job_state === 'retry' ? 'Retrying' : m.job_state === 'active' ? 'Publishing' : 'Waiting'}
              </Badge>
            </div>
            {m.last_error ? (
              <p className="text-sm break-words">
                <span className="text-muted-foreground">Last error: </span>
                {asText(m.last_error)}
              </p>
            ) : null}
            <p className="text-xs break-all text-muted-foreground">
              task id {asText(m.celery_task_id ?? '—')} · tries {m.retry_count} of {m.retry_limit}
              {m.created_at ? (
                <>
                  {' · queued '}
                  <LocalTime value={m.created_at} />
                </>
              ) : null}
              {m.next_attempt_at ? (
                <>
                  {' · next try '}
                  <LocalTime value={m.next_attempt_at} withSeconds />
                </>
              ) : null}
            </p>
            <PayloadBlock summary="Message" value={m.kwargs} />
          </div>
          {m.job_state === 'active' ? null : (
            <div className="flex content-start md:justify-end">
              <SubmitButton name="job_id" value={m.id} size="sm" variant="outline" pendingLabel="Retrying…" aria-label={`Retry now: ${m.task ?? m.job_queue} ${asText(m.celery_task_id ?? m.id)}`}>
                Retry now
              </SubmitButton>
            </div>
          )}
        </li>
      ))}
    </ul>
      )}
    </AdminActionForm>
  );
}
