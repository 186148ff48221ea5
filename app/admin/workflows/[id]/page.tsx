import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { auth } from '@/auth';
import { VersionHistory } from '@/components/admin/version-history';
import { WorkflowEditor } from '@/components/admin/workflow-editor';
import { WorkflowStatusBadge } from '@/components/admin/workflow-status-badge';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { diffWorkflowVersions } from '@/lib/admin/diff-workflow-versions';
import { listRoleChoices } from '@/lib/admin/list-role-choices';
import { listWorkflowVersionUsage } from '@/lib/admin/list-workflow-version-usage';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { AppError } from '@/lib/errors';
import { listDisplayNames } from '@/lib/users/list-display-names';
import { getWorkflow } from '@/lib/workflows/get-workflow';
import { checkWorkflow, saveWorkflow } from '../actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Workflow' };

const OUTCOMES: Record<string, { tone: 'success' | 'warning'; text: string }> = {
  created: { tone: 'success', text: 'Saved as a draft. It takes tickets once you publish it.' },
  published: { tone: 'success', text: 'Created and published as version 1: new tickets that match it follow it now.' },
  'publish-conflict': { tone: 'warning', text: 'Saved as a draft, but not published: another deployed workflow already claims this department, category and sub-category.' },
  'publish-failed': { tone: 'warning', text: 'Saved as a draft, but it could not be published. Check it and publish again.' },
};

/** `from`/`to` of the comparison: version numbers, or `draft` for the unpublished edits. */
function pickComparison(q: { from?: string; to?: string }, versions: number[], hasDraftChanges: boolean): { from: number; to: number | 'draft' } | null {
  const newest = versions.at(-1);
  if (newest === undefined) return null;
  const from = Number(q.from);
  const to = q.to === 'draft' ? 'draft' : Number(q.to);
  if (versions.includes(from) && (to === 'draft' || versions.includes(to))) return { from, to };
  if (hasDraftChanges) return { from: newest, to: 'draft' };
  if (versions.length >= 2) return { from: versions[versions.length - 2], to: newest };
  return null;
}

export default async function WorkflowPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string; to?: string; outcome?: string }> }) {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const actorUserId = Number(session.user.id);
  const workflowId = Number((await params).id);
  if (!Number.isSafeInteger(workflowId) || workflowId <= 0 || workflowId > 2_147_483_647) notFound();
  const q = await searchParams;
  const db = getDb();
  let loaded;
  try {
    // listWorkflowVersionUsage is the admins-only read; getWorkflow alone lets any staff member read a definition.
    loaded = await withDeadline(Promise.all([listWorkflowVersionUsage(db, { actorUserId, workflowId }), getWorkflow(db, { actorUserId, workflowId }), listRoleChoices(db, { actorUserId })]));
  } catch (err) {
    if (err instanceof AppError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) notFound();
    throw err;
  }
  const [usage, wf, roles] = loaded;
  const comparison = pickComparison(q, usage.map((v) => v.version), wf.current_version !== null && wf.has_unpublished_changes);
  const [diff, names] = await withDeadline(
    Promise.all([
      comparison ? diffWorkflowVersions(db, { actorUserId, workflowId, ...comparison }) : Promise.resolve(null),
      listDisplayNames(db, usage.flatMap((v) => (v.publishedBy ? [v.publishedBy] : []))),
    ]),
  );
  const outcome = q.outcome ? OUTCOMES[q.outcome] : undefined;
  const running = usage.reduce((n, v) => n + v.runningTasks, 0);

  return (
    <div className="grid gap-3">
      <Link href="/admin/workflows" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        Workflows
      </Link>
      <PageHeader
        title={wf.name}
        description={
          <span className="flex flex-wrap items-center gap-2" data-testid="workflow-summary">
            <WorkflowStatusBadge status={wf.status} />
            {wf.current_version ? <span>Version {wf.current_version.version} is current</span> : <span>Never published</span>}
            {wf.current_version && wf.has_unpublished_changes ? <Badge tone="warning">Saved edits not yet published</Badge> : null}
            <span>
              · {running} running {running === 1 ? 'task' : 'tasks'}
            </span>
          </span>
        }
      />
      {outcome ? <Alert tone={outcome.tone}>{outcome.text}</Alert> : null}
      <WorkflowEditor workflowId={wf.id} initial={wf} roles={roles} status={wf.status} save={saveWorkflow} check={checkWorkflow} />
      <VersionHistory
        workflowId={wf.id}
        currentVersionId={wf.current_version?.id ?? null}
        hasDraftChanges={wf.current_version !== null && wf.has_unpublished_changes}
        versions={usage.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString(), publisher: v.publishedBy ? (names.get(v.publishedBy) ?? `User ${v.publishedBy}`) : 'TTS' }))}
        diff={diff}
        roles={roles}
      />
    </div>
  );
}
