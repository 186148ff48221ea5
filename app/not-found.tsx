import { SearchX } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

export default function NotFound() {
  return (
    <div className="py-10">
      <h1 className="sr-only">Not found</h1>
      <EmptyState icon={SearchX} title="There is nothing here" action={<Button asChild><Link href="/tasks">Go to My tasks</Link></Button>}>
        The page does not exist, or it is not one you may see (a task item is visible to its assignee, the ticket&apos;s coordinator and admins).
      </EmptyState>
    </div>
  );
}
