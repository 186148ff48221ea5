'use client';

import { Bell } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { useLiveRefetch } from '@/components/live/live-provider';
import { cn } from '@/components/ui/cn';

/**
 * The bell in the header: a link to the notifications with the unread count (none shown at 0).
 * The count keeps itself current: it asks the notifications API again when the sidecar announces
 * a new notification, after a reconnect, when the page changes, and every fallback interval while
 * the realtime connection is down.
 */
export function NotificationBell({ unread: initial, href = '/notifications' }: { unread: number | null; href?: string }) {
  const [unread, setUnread] = useState(initial);
  const pathname = usePathname();
  useEffect(() => setUnread(initial), [initial]);
  const check = useCallback(async () => {
    const res = await fetch('/api/v1/notifications?limit=1', { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (res.ok) setUnread(((await res.json()) as { unread_count: number }).unread_count);
  }, []);
  useLiveRefetch({ events: ['notification:new'], refetch: check });
  // Read elsewhere (another tab) announces nothing: a page change is a good moment to look.
  useEffect(() => {
    check().catch(() => {});
  }, [pathname, check]);
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
