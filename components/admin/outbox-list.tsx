import { Mail } from 'lucide-react';
import { LocalTime } from '@/components/time/local-time';
import { EmptyState } from '@/components/ui/empty-state';
import type { listOutbox } from '@/lib/notifications/email/list-outbox';

type OutboxEmail = Awaited<ReturnType<typeof listOutbox>>['items'][number];

/** Emails kept locally instead of sent: to, subject, when, and the text as it would have gone. */
export function OutboxList({ items }: { items: OutboxEmail[] }) {
  if (items.length === 0) {
    return (
      <EmptyState icon={Mail} title="The outbox is empty">
        Emails land here when no email provider is configured.
      </EmptyState>
    );
  }
  return (
    <ul aria-label="Email outbox" className="divide-y">
      {items.map((e) => (
        <li key={e.id} data-testid="outbox-email" className="grid min-w-0 gap-1 px-4 py-3 sm:px-5">
          <p className="font-medium break-words">{e.subject ?? '(no subject)'}</p>
          <p className="text-xs break-all text-muted-foreground">
            to {e.to ?? '—'} · {e.kind} · <LocalTime value={e.created_at} />
          </p>
          {e.text ? (
            <details className="text-sm">
              <summary className="w-fit cursor-pointer rounded text-primary hover:underline focus-visible:outline-2 focus-visible:outline-ring">Text</summary>
              <pre className="mt-2 max-h-72 overflow-auto rounded-md border bg-muted p-3 font-sans text-xs break-words whitespace-pre-wrap">{e.text}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
