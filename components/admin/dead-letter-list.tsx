import { MailCheck } from 'lucide-react';
import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { SubmitButton } from '@/components/ui/submit-button';
import type { listDeadLetters } from '@/lib/integration/list-dead-letters';
import type { AdminActionState } from './action-state';
import { AdminActionForm } from './admin-action-form';
import { PayloadBlock } from './payload-block';

type DeadLetter = Awaited<ReturnType<typeof listDeadLetters>>['items'][number];

/** Dead letters as cards: what, why, the payload, what became of a replay; Replay and Discard. */
export function DeadLetterList({
  items,
  state,
  action,
}: {
  items: DeadLetter[];
  state: string;
  action: (s: AdminActionState, form: FormData) => Promise<AdminActionState>;
}) {
  // One form for the list, its answer above the rows: a discarded letter leaves the open list on
  // the refresh, and its answer must not leave with it.
  return (
    <AdminActionForm action={action} resultPosition="start" resultClassName="px-4 pt-3 sm:px-5" testId="dead-letter-form">
      {items.length === 0 ? (
        <EmptyState icon={MailCheck} title={state === 'open' ? 'No dead letters' : 'Nothing here'}>
          {state === 'open' ? 'Every inbound message was applied.' : 'No dead letters in this view.'}
        </EmptyState>
      ) : (
    <ul aria-label="Dead letters" className="divide-y">
      {items.map((d) => {
        const label = `dead letter ${d.id}`;
        return (
          <li key={d.id} data-testid="dead-letter" data-id={d.id} className="grid gap-2 px-4 py-3 sm:px-5 md:grid-cols-[minmax(0,1fr)_15rem] md:gap-4">
            <div className="grid min-w-0 gap-1.5">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium break-all">{d.task_name ?? 'unknown task'}</span>
                <Badge>{d.queue}</Badge>
                {d.discarded_at ? <Badge>Discarded</Badge> : d.replayed_at ? <Badge tone={d.replay_outcome?.startsWith('failed') ? 'danger' : 'success'}>Replayed</Badge> : <Badge tone="warning">Open</Badge>}
              </div>
              <p className="text-sm break-words" data-testid="dead-letter-reason">
                <span className="text-muted-foreground">Why: </span>
                {d.reason}
              </p>
              <p className="text-xs break-all text-muted-foreground">
                #{d.id} · {d.message_id} · received <LocalTime value={d.created_at} withSeconds />
              </p>
              {d.replayed_at ? (
                <p className="text-xs break-words text-muted-foreground" data-testid="replay-outcome">
                  Replayed <LocalTime value={d.replayed_at} /> by user {d.replayed_by}: {d.replay_outcome ?? 'running'}
                </p>
              ) : null}
              {d.discarded_at ? (
                <p className="text-xs text-muted-foreground">
                  Discarded <LocalTime value={d.discarded_at} /> by user {d.discarded_by}
                </p>
              ) : null}
              <PayloadBlock summary="Payload" value={d.body} />
            </div>
            {d.discarded_at ? null : (
              <div className="flex flex-wrap content-start gap-2 md:justify-end">
                {d.replayed_at ? null : (
                  <SubmitButton name="dead_letter" value={`replay:${d.id}`} size="sm" pendingLabel="Replaying…" aria-label={`Replay ${label}`}>
                    Replay
                  </SubmitButton>
                )}
                <SubmitButton name="dead_letter" value={`discard:${d.id}`} size="sm" variant="outline" pendingLabel="Discarding…" aria-label={`Discard ${label}`}>
                  Discard
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
