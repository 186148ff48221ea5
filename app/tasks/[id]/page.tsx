import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { auth } from '@/auth';
import { TaskItemView } from '@/components/tasks/task-item-view';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { actOnTaskItem } from '@/lib/tasks/act-on-task-item';
import { getTaskItem } from '@/lib/tasks/get-task-item';
import { parseActionForm } from '@/lib/tasks/parse-action-form';

export const dynamic = 'force-dynamic';

export default async function TaskItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const userId = Number(session.user.id);
  const { id } = await params;
  const { error } = await searchParams;
  const itemId = Number(id);
  if (!Number.isSafeInteger(itemId) || itemId <= 0) notFound();

  let detail;
  try {
    detail = await getTaskItem(getDb(), { itemId, actorUserId: userId });
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }

  async function act(form: FormData) {
    'use server';
    const current = await auth();
    if (!current?.user?.id) redirect('/signin');
    let message: string | null = null;
    try {
      const action = parseActionForm({ choice: String(form.get('choice') ?? ''), note: String(form.get('note') ?? '') });
      await actOnTaskItem(getDb(), { itemId, actorUserId: Number(current.user.id), action });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      message = err.issues?.length ? `${err.issues.map((i) => i.message).join('; ')}` : err.message;
    }
    redirect(message ? `/tasks/${itemId}?error=${encodeURIComponent(message)}` : '/tasks');
  }

  return (
    <div className="panel">
      <p>
        <Link href="/tasks">&larr; My tasks</Link>
      </p>
      <TaskItemView detail={detail} error={error} action={act} />
    </div>
  );
}
