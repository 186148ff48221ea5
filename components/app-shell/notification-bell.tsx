'use client';

import { Bell } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { cn } from '@/components/ui/cn';

const POLL_MS = 10_000;

/**
 * The bell in the header: a link to the notifications with the unread count (none shown at 0).
 * The count keeps itself current: it asks the notifications API every few seconds while the tab is
 * visible, and at once when the tab comes back or the page changes.
 */
export function NotificationBell({ unread: initial, href = '/notifications' }: { unread: number | null; href?: string }) {
  const [unread, setUnread] = useState(initial);
  const pathname = usePathname();
  useEffect(() => setUnread(initial), [initial]);
  useEffect(() => {
    let stopped = false;
    const check = async () => {
      if (document.visibilityState !== 'visible') return;
      try {
        const res = await fetch('/api/v1/notifications?limit=1', { headers: { accept: 'application/json' }, cache: 'no-store' });
        if (res.ok && !stopped) setUnread(((await res.json()) as { unread_count: number }).unread_count);
      } catch {
        // Offline for a moment: keep the last count.
      }
    };
    void check();
    const onVisible = () => void check();
    const timer = setInterval(onVisible, POLL_MS);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [pathname]);
  const label = unread === null ? 'Notifications' : unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <Link
      href={href}
      aria-label={label}
      data-testid="notification-bell"
      className="relative inline-flex size-9 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-accent-foreground"
    >
      <Bell className="size-5" aria-hidden />
      <span
        data-testid="unread-count"
        aria-hidden
        className={cn(
          'absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-danger px-1 text-center text-[11px] leading-5 font-semibold text-danger-foreground',
          !unread && 'hidden',
        )}
      >
        {unread !== null && unread > 99 ? '99+' : unread}
      </span>
    </Link>
  );
}
