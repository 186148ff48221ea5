import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { TaskList } from '@/components/tasks/task-list';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { listMyTaskItems } from '@/lib/tasks/list-my-task-items';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'My tasks' };

export default async function MyTasksPage() {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  const now = new Date();
  const items = await withDeadline(listMyTaskItems(getDb(), Number(session.user.id), now));
  return (
    <>
      <PageHeader title="My tasks" description="Your open task items, most urgent first." />
      <Card>
        <TaskList items={items} label="My open tasks" serverNow={now.getTime()} />
      </Card>
    </>
  );
}
