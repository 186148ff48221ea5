import { ChevronLeft, ChevronRight } from 'lucide-react';
import Link from 'next/link';
import { Button } from './button';

/** Previous / Next links of a cursor-paged list (nothing when there is one page). */
export function Pager({ prevHref, nextHref }: { prevHref: string | null; nextHref: string | null }) {
  if (!prevHref && !nextHref) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-2 border-t px-4 py-3">
      {prevHref ? (
        <Button variant="outline" size="sm" asChild>
          <Link href={prevHref} rel="prev">
            <ChevronLeft aria-hidden />
            Previous
          </Link>
        </Button>
      ) : (
        <span />
      )}
      {nextHref ? (
        <Button variant="outline" size="sm" asChild>
          <Link href={nextHref} rel="next">
            Next
            <ChevronRight aria-hidden />
          </Link>
        </Button>
      ) : null}
    </nav>
  );
}
