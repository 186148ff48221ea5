import { Bell } from 'lucide-react';
import Link from 'next/link';
import { cn } from '@/components/ui/cn';

/** The bell in the header: a link to the notifications with the unread count (none shown at 0). */
export function NotificationBell({ unread, href = '/notifications' }: { unread: number | null; href?: string }) {
  const label = unread === null ? 'Notifications' : unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <Link href={href} aria-label={label} data-testid="notification-bell" className="relative inline-flex size-9 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-accent-foreground">
      <Bell className="size-5" aria-hidden />
      <span
        data-testid="unread-count"
        className={cn('absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-danger px-1 text-center text-[11px] leading-5 font-semibold text-danger-foreground', !unread && 'hidden')}
      >
        {unread !== null && unread > 99 ? '99+' : unread}
      </span>
    </Link>
  );
}
