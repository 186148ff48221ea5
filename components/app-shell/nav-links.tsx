'use client';

import { Menu } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { isCurrent, NAV_ITEMS } from './nav-items';

/**
 * The navigation: links in the header from `sm` up, a menu button below it. Gets the hrefs the
 * viewer may see (icons are looked up here: components cannot be passed to a client component).
 */
export function NavBar({ hrefs }: { hrefs: string[] }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((i) => hrefs.includes(i.href));
  return (
      <nav aria-label="Main" className="hidden min-w-0 items-center gap-1 sm:flex">
        {items.map((item) => {
          const current = isCurrent(item, pathname);
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={current ? 'page' : undefined}
              className={cn(
                'inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-accent-foreground',
                current && 'bg-accent text-accent-foreground',
              )}
            >
              <item.icon className="size-4" aria-hidden />
              {item.label}
            </Link>
          );
        })}
      </nav>
  );
}

/** Below `sm`: the navigation behind a menu button. */
export function NavMenuButton({ hrefs }: { hrefs: string[] }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((i) => hrefs.includes(i.href));
  return (
      <div className="sm:hidden">
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon" aria-label="Menu">
              <Menu aria-hidden />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start">
            {items.map((item) => (
              <DropdownMenuItem key={item.href} asChild>
                <Link href={item.href} aria-current={isCurrent(item, pathname) ? 'page' : undefined}>
                  <item.icon aria-hidden />
                  {item.label}
                </Link>
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
  );
}
