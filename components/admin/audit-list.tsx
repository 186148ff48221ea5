import Link from 'next/link';
import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { PayloadBlock } from './payload-block';

export interface AuditRow {
  id: number;
  createdAt: string;
  actorUserId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
}

const COLUMNS = 'md:grid md:grid-cols-[11rem_minmax(0,1fr)_minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1.4fr)] md:items-start md:gap-4';

/** Where an entity can be seen, when it has a page. */
function entityHref(type: string, id: string): string | null {
  if (type === 'ticket') return `/tickets/${encodeURIComponent(id)}`;
  if (type === 'task_item') return `/tasks/${encodeURIComponent(id)}`;
  return null;
}

/** Audit events as rows with columns on wide screens and cards on a phone. */
export function AuditList({ events }: { events: AuditRow[] }) {
  return (
    <div>
      <div aria-hidden className={`hidden border-b px-4 py-2 text-xs font-medium tracking-wide text-muted-foreground uppercase sm:px-5 ${COLUMNS}`}>
        <span>When</span>
        <span>Who</span>
        <span>Action</span>
        <span>Entity</span>
        <span>Details</span>
      </div>
      <ul aria-label="Audit events" className="divide-y">
        {events.map((e) => {
          const href = entityHref(e.entityType, e.entityId);
          const hasData = e.data !== null && typeof e.data === 'object' && Object.keys(e.data).length > 0;
          return (
            <li key={e.id} data-testid="audit-event" className={`grid gap-1.5 px-4 py-3 text-sm sm:px-5 ${COLUMNS}`}>
              <LocalTime value={e.createdAt} withSeconds className="text-xs text-muted-foreground md:text-sm md:text-foreground" />
              <div className="flex min-w-0 flex-wrap items-center gap-2 md:contents">
              <div className="min-w-0 break-words">
                {e.actorUserId === null ? (
                  <span className="text-muted-foreground">TTS (system)</span>
                ) : (
                  <Link href={`/admin/audit?actor=${e.actorUserId}`} className="text-primary hover:underline">
                    {e.actorName ?? `User ${e.actorUserId}`}
                  </Link>
                )}
              </div>
              <div className="min-w-0">
                <Badge className="max-w-full truncate">{e.action}</Badge>
              </div>
              </div>
              <div className="min-w-0 break-all">
                <Link href={`/admin/audit?entity_type=${encodeURIComponent(e.entityType)}&entity_id=${encodeURIComponent(e.entityId)}`} className="text-primary hover:underline" aria-label={`Events of ${e.entityType} ${e.entityId}`}>
                  {e.entityType} {e.entityId}
                </Link>
                {href ? (
                  <>
                    {' '}
                    <Link href={href} className="text-xs text-muted-foreground hover:underline">
                      (open)
                    </Link>
                  </>
                ) : null}
              </div>
              <div className="min-w-0">{hasData ? <PayloadBlock summary="Details" value={e.data} /> : <span className="text-muted-foreground">—</span>}</div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
