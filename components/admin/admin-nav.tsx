'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';
import { ADMIN_SECTIONS } from './admin-sections';

/** The admin console's sections, as a row of links that wraps on a phone (never scrolls sideways). */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin" className="mb-5 border-b pb-3">
      <ul className="flex flex-wrap gap-1">
        {ADMIN_SECTIONS.map((s) => {
          const current = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  'inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-accent-foreground',
                  current && 'bg-accent text-accent-foreground',
                )}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
