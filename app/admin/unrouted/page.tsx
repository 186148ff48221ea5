import { Inbox } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { UnroutedList } from '@/components/admin/unrouted-list';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { listWorkflowsOverview } from '@/lib/admin/list-workflows-overview';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { listTickets } from '@/lib/tickets/list-tickets';
import { listTicketsQuerySchema } from '@/lib/tickets/schemas';
import { routeTicketsAction } from '../actions';
import { pageQuery, type RawSearchParams } from '../search-params';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Unrouted tickets · Admin' };

export default async function UnroutedPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const actorUserId = Number(session.user.id);
  const query = pageQuery(listTicketsQuerySchema, await searchParams);
  const db = getDb();
  const [page, workflows] = await withDeadline(
    Promise.all([listTickets(db, actorUserId, { ...query, routed: 'false' }), listWorkflowsOverview(db, { actorUserId })]),
  );
  const deployed = workflows.filter((w) => w.status === 'deployed' && w.version !== null);
  return (
    <>
      <PageHeader
        title="Unrouted tickets"
        description="Tickets no workflow took (no workflow matches their department and category, or nobody could take the first step), and ones still waiting for routing after five minutes. Route them by hand to a deployed workflow."
      />
      <Card>
        {/* The form stays when its last ticket is routed, so its answer stays on screen. */}
        <UnroutedList
          tickets={page.items.map((t) => ({
            ticketNumber: t.ticket_number,
            subject: t.subject,
            department: t.department,
            category: t.category,
            subCategory: t.sub_category,
            priority: t.priority,
            routingStatus: t.routing_status,
            reason: t.routing_note,
            createdAt: t.created_at,
          }))}
          workflows={deployed.map((w) => ({ id: w.id, label: `${w.name} (${[w.department, w.category, w.subCategory].filter(Boolean).join(' / ')})` }))}
          action={routeTicketsAction}
          empty={
            <EmptyState icon={Inbox} title={query.cursor ? 'No more unrouted tickets' : 'Every ticket is routed'}>
              A ticket that no workflow takes shows here with the reason, for you to route by hand.
            </EmptyState>
          }
        />
        <Pager prevHref={null} nextHref={page.next_cursor ? `/admin/unrouted?cursor=${page.next_cursor}` : null} />
      </Card>
    </>
  );
}
