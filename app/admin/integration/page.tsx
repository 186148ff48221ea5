import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { auth } from '@/auth';
import { DeadLetterList } from '@/components/admin/dead-letter-list';
import { HealthPanel } from '@/components/admin/health-panel';
import { OutboundList } from '@/components/admin/outbound-list';
import { StateTabs } from '@/components/admin/state-tabs';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Pager } from '@/components/ui/pager';
import { PageHeader } from '@/components/ui/page-header';
import { getIntegrationHealth } from '@/lib/admin/get-integration-health';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { listDeadLetters } from '@/lib/integration/list-dead-letters';
import { listOutboundMessages } from '@/lib/integration/list-outbound-messages';
import { cursorParam, pageOffset } from '@/lib/validation';
import { deadLetterAction, retryOutboundAction } from '../actions';
import { pageQuery, type RawSearchParams } from '../search-params';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Integration · Admin' };

const PAGE = 20;
const querySchema = z.object({
  dl: z.enum(['open', 'discarded', 'all']).default('open'),
  dl_cursor: cursorParam(),
  out: z.enum(['all', 'waiting', 'failed']).default('all'),
  out_offset: pageOffset(),
});
type Query = z.infer<typeof querySchema>;

function hrefOf(q: Query, change: Partial<Query>): string {
  const next = { ...q, ...change };
  const params = new URLSearchParams();
  if (next.dl !== 'open') params.set('dl', next.dl);
  if (next.dl_cursor) params.set('dl_cursor', String(next.dl_cursor));
  if (next.out !== 'all') params.set('out', next.out);
  if (next.out_offset) params.set('out_offset', String(next.out_offset));
  const s = params.toString();
  return `/admin/integration${s ? `?${s}` : ''}`;
}

export default async function IntegrationPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const actorUserId = Number(session.user.id);
  const q = pageQuery(querySchema, await searchParams);
  const db = getDb();
  const [health, dead, outbound] = await withDeadline(
    Promise.all([
      getIntegrationHealth(db, { actorUserId }),
      listDeadLetters(db, { actorUserId, state: q.dl, limit: PAGE, cursor: q.dl_cursor }),
      listOutboundMessages(db, { actorUserId, state: q.out, limit: PAGE, offset: q.out_offset }),
    ]),
  );
  return (
    <>
      <PageHeader title="Integration" description="What TTS exchanges with HDTS, AMS, BMS and the Auth Service over RabbitMQ and HTTP, and what did not go through." />
      <div className="grid gap-5">
        <Card aria-labelledby="health-title">
          <CardHeader>
            <div className="grid gap-0.5">
              <CardTitle id="health-title">Health</CardTitle>
              <CardDescription>As this web process sees it, now.</CardDescription>
            </div>
          </CardHeader>
          <HealthPanel health={health} />
        </Card>

        <Card aria-labelledby="dead-title">
          <CardHeader>
            <div className="grid gap-0.5">
              <CardTitle id="dead-title">Dead letters</CardTitle>
              <CardDescription>Inbound messages TTS could not apply, with why. Replay one once its cause is fixed (it runs once); discard what needs nothing more.</CardDescription>
            </div>
            <StateTabs
              label="Dead letters to show"
              current={q.dl}
              tabs={[
                { value: 'open', label: 'Open', href: hrefOf(q, { dl: 'open', dl_cursor: undefined }) },
                { value: 'discarded', label: 'Discarded', href: hrefOf(q, { dl: 'discarded', dl_cursor: undefined }) },
                { value: 'all', label: 'All', href: hrefOf(q, { dl: 'all', dl_cursor: undefined }) },
              ]}
            />
          </CardHeader>
          <DeadLetterList items={dead.items} state={q.dl} action={deadLetterAction} />
          <Pager prevHref={q.dl_cursor ? hrefOf(q, { dl_cursor: undefined }) : null} nextHref={dead.next_cursor ? hrefOf(q, { dl_cursor: dead.next_cursor }) : null} />
        </Card>

        <Card aria-labelledby="outbound-title">
          <CardHeader>
            <div className="grid gap-0.5">
              <CardTitle id="outbound-title">Outbound queue</CardTitle>
              <CardDescription>
                Messages to HDTS, AMS and BMS not yet handed to the broker: {outbound.counts.waiting} waiting or retrying, {outbound.counts.failed} failed.
              </CardDescription>
            </div>
            <StateTabs
              label="Outbound messages to show"
              current={q.out}
              tabs={[
                { value: 'all', label: 'All', href: hrefOf(q, { out: 'all', out_offset: 0 }) },
                { value: 'waiting', label: `Waiting (${outbound.counts.waiting})`, href: hrefOf(q, { out: 'waiting', out_offset: 0 }) },
                { value: 'failed', label: `Failed (${outbound.counts.failed})`, href: hrefOf(q, { out: 'failed', out_offset: 0 }) },
              ]}
            />
          </CardHeader>
          <OutboundList items={outbound.items} state={q.out} action={retryOutboundAction} />
          <Pager
            prevHref={q.out_offset > 0 ? hrefOf(q, { out_offset: Math.max(0, q.out_offset - PAGE) }) : null}
            nextHref={outbound.items.length === PAGE ? hrefOf(q, { out_offset: q.out_offset + PAGE }) : null}
          />
        </Card>
      </div>
    </>
  );
}
