import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { TaskList } from '@/components/tasks/task-list';
import { getDb } from '@/lib/db/client';
import { listMyTaskItems } from '@/lib/tasks/list-my-task-items';

export const dynamic = 'force-dynamic';

export default async function MyTasksPage() {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const items = await listMyTaskItems(getDb(), Number(session.user.id));
  return (
    <div className="panel">
      <h1>My tasks</h1>
      <TaskList items={items} />
    </div>
  );
}
