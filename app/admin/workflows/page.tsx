import { GitBranch, Plus } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { auth } from '@/auth';
import { WorkflowStatusBadge } from '@/components/admin/workflow-status-badge';
import { LocalTime } from '@/components/time/local-time';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { listWorkflowsOverview } from '@/lib/admin/list-workflows-overview';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Workflows' };

export default async function WorkflowsPage() {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  let workflows;
  try {
    workflows = await withDeadline(listWorkflowsOverview(getDb(), { actorUserId: Number(session.user.id) }));
  } catch (err) {
    // Admins only: for anyone else the page does not exist.
    if (err instanceof AppError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) notFound();
    throw err;
  }
  const claim = (w: (typeof workflows)[number]) => [w.department, w.category, w.subCategory ?? 'any sub-category'].join(' / ');
  return (
    <>
      <PageHeader
        title="Workflows"
        description="What each help-desk request goes through. Tickets follow a workflow's published version; running tasks stay on the version they started on."
        actions={
          <Button asChild>
            <Link href="/admin/workflows/new">
              <Plus aria-hidden />
              New workflow
            </Link>
          </Button>
        }
      />
      <Card>
        {workflows.length === 0 ? (
          <EmptyState icon={GitBranch} title="No workflows yet" action={<Button asChild><Link href="/admin/workflows/new">Create the first workflow</Link></Button>}>
            Until a workflow claims their department and category, tickets from HDTS wait as unrouted.
          </EmptyState>
        ) : (
          <>
            <div className="hidden md:block">
              <Table aria-label="Workflows">
                <TableHeader>
                  <TableRow>
                    <TableHead>Name</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead>Version</TableHead>
                    <TableHead>Department / category / sub-category</TableHead>
                    <TableHead className="text-right">Open tasks</TableHead>
                    <TableHead>Last edited</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {workflows.map((w) => (
                    <TableRow key={w.id} data-testid="workflow-row">
                      <TableCell className="font-medium">
                        <Link href={`/admin/workflows/${w.id}`} className="text-primary hover:underline">
                          {w.name}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <WorkflowStatusBadge status={w.status} />
                      </TableCell>
                      <TableCell>
                        <VersionText version={w.version} hasUnpublishedChanges={w.hasUnpublishedChanges} />
                      </TableCell>
                      <TableCell className="break-words">{claim(w)}</TableCell>
                      <TableCell className="text-right tabular-nums" data-testid="open-tasks">
                        {w.openTasks}
                      </TableCell>
                      <TableCell>
                        <LocalTime value={w.updatedAt.toISOString()} className="text-muted-foreground" />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            <ul className="divide-y md:hidden" aria-label="Workflows">
              {workflows.map((w) => (
                <li key={w.id} className="grid gap-1.5 px-4 py-3" data-testid="workflow-card">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <Link href={`/admin/workflows/${w.id}`} className="font-medium text-primary hover:underline">
                      {w.name}
                    </Link>
                    <WorkflowStatusBadge status={w.status} />
                  </div>
                  <p className="text-sm break-words text-muted-foreground">{claim(w)}</p>
                  <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                    <VersionText version={w.version} hasUnpublishedChanges={w.hasUnpublishedChanges} />
                    <span>
                      <span className="tabular-nums">{w.openTasks}</span> open {w.openTasks === 1 ? 'task' : 'tasks'}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
    </>
  );
}

function VersionText({ version, hasUnpublishedChanges }: { version: number | null; hasUnpublishedChanges: boolean }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      {version === null ? <span className="text-muted-foreground">Never published</span> : <span>v{version}</span>}
      {version !== null && hasUnpublishedChanges ? <Badge tone="warning">Unpublished edits</Badge> : null}
    </span>
  );
}
