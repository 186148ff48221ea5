import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { auth } from '@/auth';
import { WorkflowEditor } from '@/components/admin/workflow-editor';
import { PageHeader } from '@/components/ui/page-header';
import { listRoleChoices } from '@/lib/admin/list-role-choices';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { AppError } from '@/lib/errors';
import { checkWorkflow, saveWorkflow } from '../actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New workflow' };

export default async function NewWorkflowPage() {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  let roles;
  try {
    roles = await withDeadline(listRoleChoices(getDb(), { actorUserId: Number(session.user.id) }));
  } catch (err) {
    if (err instanceof AppError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) notFound();
    throw err;
  }
  return (
    <div className="grid gap-3">
      <Link href="/admin/workflows" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        Workflows
      </Link>
      <PageHeader
        title="New workflow"
        description="Saved as a draft first: it takes tickets once it is published."
      />
      <WorkflowEditor workflowId={null} initial={null} roles={roles} status={null} save={saveWorkflow} check={checkWorkflow} />
    </div>
  );
}
