import { Users } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { RoleCard } from '@/components/admin/role-card';
import { EmptyState } from '@/components/ui/empty-state';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { listRolesOverview } from '@/lib/admin/list-roles-overview';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { setMemberAssignableAction } from '../actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Roles · Admin' };

export default async function RolesPage() {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const roles = await withDeadline(listRolesOverview(getDb(), { actorUserId: Number(session.user.id) }));
  const names = new Map<number, string>();
  for (const r of roles) for (const m of r.members) if (m.fullName) names.set(m.userId, m.fullName);
  // Roles that give work in TTS first, then the rest as synced (other systems', deactivated).
  const ordered = [...roles.filter((r) => r.takesWork), ...roles.filter((r) => !r.takesWork)];
  return (
    <>
      <PageHeader
        title="Roles"
        description="Roles and their members as the Auth Service syncs them. Pausing a member stops new work reaching them in that role (kept through later syncs until you resume them); what they hold stays theirs."
      />
      {ordered.length === 0 ? (
        <Card>
          <EmptyState icon={Users} title="No roles yet">
            Roles arrive from the Auth Service&apos;s role sync (TTS_ROLE_SYNC_QUEUE). Once it has sent them, they and their members show here.
          </EmptyState>
        </Card>
      ) : (
        <div className="grid gap-5">
          {ordered.map((role) => (
            <RoleCard key={role.id} role={role} names={Object.fromEntries(names)} action={setMemberAssignableAction} />
          ))}
        </div>
      )}
    </>
  );
}
