import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { ADMIN_SECTIONS } from '@/components/admin/admin-sections';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { listOutboundMessages } from '@/lib/integration/list-outbound-messages';
import { listFailedNotifications } from '@/lib/notifications/email/list-failed-notifications';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Admin' };

/** The admin console's front page: each section, with what needs attention now. */
export default async function AdminPage() {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const actorUserId = Number(session.user.id);
  const db = getDb();
  const [failed, outbound] = await withDeadline(
    Promise.all([listFailedNotifications(db, { actorUserId, state: 'open', limit: 1 }), listOutboundMessages(db, { actorUserId, state: 'all', limit: 1, offset: 0 })]),
  );
  const attention: Record<string, string | null> = {
    '/admin/notifications': failed.counts.open ? `${failed.counts.open} failed` : null,
    '/admin/integration': outbound.counts.failed ? `${outbound.counts.failed} outbound failed` : outbound.counts.waiting ? `${outbound.counts.waiting} outbound waiting` : null,
  };
  return (
    <>
      <PageHeader title="Admin" description="Run the help desk: workflows, people, what did not go through, and who did what." />
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {ADMIN_SECTIONS.map((s) => (
          <li key={s.href}>
            <Card className="relative h-full p-4 hover:bg-muted/50 has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-ring">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 className="font-semibold">
                  <Link href={s.href} className="text-primary after:absolute after:inset-0 after:content-[''] hover:underline focus-visible:outline-none">
                    {s.label}
                  </Link>
                </h2>
                {attention[s.href] ? <Badge tone="warning">{attention[s.href]}</Badge> : null}
              </div>
              <p className="mt-1 text-sm text-muted-foreground">{s.description}</p>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
