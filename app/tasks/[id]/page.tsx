import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ArrowLeft } from 'lucide-react';
import { auth, currentSession } from '@/auth';
import { CommentsSection } from '@/components/comments/comments-section';
import { LiveRefresh } from '@/components/live/live-refresh';
import type { ActionState } from '@/components/tasks/action-form';
import { OpenOnView } from '@/components/tasks/open-on-view';
import { TaskItemView } from '@/components/tasks/task-item-view';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { loadCommentThread } from '@/lib/comments/load-comment-thread';
import { AppError } from '@/lib/errors';
import { actOnTaskItem } from '@/lib/tasks/act-on-task-item';
import { getTaskItem } from '@/lib/tasks/get-task-item';
import { listTransferCandidates } from '@/lib/tasks/list-transfer-candidates';
import { parseActionForm } from '@/lib/tasks/parse-action-form';
import { getWorkflowGraph } from '@/lib/workflows/get-workflow-graph';
import { formText } from '@/lib/form-text';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Task' };

export default async function TaskItemPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await currentSession();
  if (!session?.user?.id) redirect('/signin');
  const userId = Number(session.user.id);
  const { id } = await params;
  const itemId = Number(id);
  if (!Number.isSafeInteger(itemId) || itemId <= 0 || itemId > 2_147_483_647) notFound();

  const now = new Date();
  let detail;
  try {
    detail = await withDeadline(getTaskItem(getDb(), { itemId, actorUserId: userId, now }));
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
  const [graph, candidates, thread] = await withDeadline(
    Promise.all([
      getWorkflowGraph(getDb(), detail.workflow.version_id),
      detail.other_actions.includes('transfer') ? listTransferCandidates(getDb(), itemId) : Promise.resolve(null),
      loadCommentThread(getDb(), { ticketNumber: detail.ticket.ticket_number, viewerId: userId }),
    ]),
  );

  async function act(_state: ActionState, form: FormData): Promise<ActionState> {
    'use server';
    const current = await auth();
    if (!current?.user?.id) redirect('/signin');
    let next: string;
    try {
      const action = parseActionForm({
        choice: formText(form, 'choice'),
        note: formText(form, 'note'),
        toUserId: form.get('to_user_id') === null ? undefined : formText(form, 'to_user_id'),
      });
      const outcome = await actOnTaskItem(getDb(), { itemId, actorUserId: Number(current.user.id), action });
      // Held or resumed: the same item, still yours. Reassigned: the item it went to. Moved on: back to the inbox.
      next =
        action.action === 'hold' || action.action === 'resume'
          ? `/tasks/${itemId}`
          : (action.action === 'transfer' || action.action === 'take_over') && outcome.nextItem
            ? `/tasks/${outcome.nextItem.id}`
            : '/tasks';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { error: err.issues?.length ? err.issues.map((i) => i.message).join('; ') : err.message };
    }
    redirect(next);
  }

  // The assignee viewing an item nobody opened yet starts work on it, from the browser once the
  // page is shown (an explicit POST): rendering the page, like GET, changes nothing. Actions are
  // offered only to the assignee of an open item that is not on hold (a held item was opened).
  const isUnopened = detail.item.opened_at === null && detail.available_actions.length > 0;
  return (
    <div className="grid gap-3">
      {isUnopened ? <OpenOnView itemId={itemId} /> : null}
      <LiveRefresh events={['task-item:changed']} ticket={detail.ticket.ticket_number} rendered={{ task_item_id: detail.item.id, status: detail.item.status }} />
      <Link href="/tasks" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        My tasks
      </Link>
      <TaskItemView detail={detail} action={act} serverNow={now.getTime()} graph={graph} candidates={candidates} comments={<CommentsSection thread={thread} />} />
    </div>
  );
}
