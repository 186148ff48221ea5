import { Skeleton } from '@/components/ui/skeleton';

/** Shown while a page's data loads (pages with their own layout have their own loading.tsx). */
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="grid grid-cols-1 gap-4">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <div className="grid gap-2 pt-2">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-14 w-full" />
        ))}
      </div>
    </div>
  );
}
