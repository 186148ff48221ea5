import Link from 'next/link';
import { cn } from '@/components/ui/cn';

/** Which rows a list shows, as links (bookmarkable), the current one marked. */
export function StateTabs({ label, current, tabs }: { label: string; current: string; tabs: Array<{ value: string; label: string; href: string }> }) {
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-1 rounded-md bg-muted p-0.5">
        {tabs.map((t) => (
          <li key={t.value}>
            <Link
              href={t.href}
              aria-current={t.value === current ? 'true' : undefined}
              className={cn(
                'inline-flex h-7 items-center rounded px-2.5 text-xs font-medium text-muted-foreground hover:text-foreground',
                t.value === current && 'bg-card text-foreground shadow-xs',
              )}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
