import { Download, ScrollText } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { AuditFilters } from '@/components/admin/audit-filters';
import { AuditList } from '@/components/admin/audit-list';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { listAuditEvents } from '@/lib/admin/list-audit-events';
import { auditQuerySchema } from '@/lib/admin/schemas';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { firstValues, type RawSearchParams } from '../search-params';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log · Admin' };

const FILTERS = ['actor', 'entity_type', 'entity_id', 'action', 'from', 'to'] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const actorUserId = Number(session.user.id);
  const raw = firstValues(await searchParams);
  const parsed = auditQuerySchema.safeParse({ ...raw, limit: '50' });
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'filter')} ${i.message}`);
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({ limit: '50' });
  const page = await withDeadline(listAuditEvents(getDb(), { ...query, actorUserId }));
  const filterParams = new URLSearchParams();
  if (parsed.success) for (const k of FILTERS) if (raw[k]) filterParams.set(k, raw[k]);
  const filtered = [...filterParams.keys()].length > 0;
  const exportHref = `/admin/audit/export${filterParams.size ? `?${filterParams}` : ''}`;
  const nextParams = new URLSearchParams(filterParams);
  if (page.nextBefore) nextParams.set('before', String(page.nextBefore));
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what in TTS: workflows published, tickets routed by hand, members paused, dead letters replayed, and more. Newest first."
        actions={
          <Button variant="outline" size="sm" asChild>
            <a href={exportHref} download data-testid="audit-export">
              <Download aria-hidden />
              Export CSV{filtered ? ' (filtered)' : ''}
            </a>
          </Button>
        }
      />
      <Card>
        <AuditFilters values={Object.fromEntries(FILTERS.map((k) => [k, raw[k] ?? '']))} />
        {problems.length ? (
          <div className="px-4 pt-3 sm:px-5">
            <Alert tone="warning" title="These filters could not be used, so the whole log is shown:">
              {problems.join('; ')}.
            </Alert>
          </div>
        ) : null}
        {page.events.length === 0 ? (
          <EmptyState icon={ScrollText} title={filtered ? 'No events match these filters' : 'No events yet'} action={filtered ? <Button variant="outline" size="sm" asChild><Link href="/admin/audit">Clear filters</Link></Button> : undefined}>
            {filtered ? 'Try a wider time range or fewer filters.' : 'What admins and the engine do is recorded here.'}
          </EmptyState>
        ) : (
          <AuditList
            events={page.events.map((e) => ({
              id: e.id,
              createdAt: e.createdAt.toISOString(),
              actorUserId: e.actorUserId,
              actorName: e.actorName,
              action: e.action,
              entityType: e.entityType,
              entityId: e.entityId,
              data: e.data,
            }))}
          />
        )}
        <Pager prevHref={query.before ? `/admin/audit${filterParams.size ? `?${filterParams}` : ''}` : null} nextHref={page.nextBefore ? `/admin/audit?${nextParams}` : null} />
      </Card>
    </>
  );
}
