import { Inbox, LayoutDashboard, ShieldCheck, Ticket, type LucideIcon } from 'lucide-react';
import type { Viewer } from '@/lib/auth/get-viewer';

/**
 * Who sees a navigation entry: `staff` anyone with a TTS role, `coordinator` Ticket Coordinators
 * and admins, `admin` Admin / Super Admin only. The pages check access themselves; this only
 * keeps people from being shown links they cannot use.
 */
export type NavAudience = 'staff' | 'coordinator' | 'admin';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  audience: NavAudience;
  /** Marked current on this path and every path below it (default: `href`). */
  matchPrefix?: string;
}

/**
 * The app's navigation, in order: the header (desktop) and the menu (phone) both render this list.
 * A new section adds its entry here.
 */
export const NAV_ITEMS: NavItem[] = [
  { href: '/tasks', label: 'My tasks', icon: Inbox, audience: 'staff' },
  { href: '/tickets', label: 'Tickets', icon: Ticket, audience: 'staff' },
  { href: '/dashboard', label: 'Dashboard', icon: LayoutDashboard, audience: 'coordinator' },
  { href: '/admin', label: 'Admin', icon: ShieldCheck, audience: 'admin' },
];

export function navItemsFor(viewer: Pick<Viewer, 'isAdmin' | 'isCoordinator' | 'isStaff'>, items: NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => (item.audience === 'admin' ? viewer.isAdmin : item.audience === 'coordinator' ? viewer.isCoordinator : true));
}

export function isCurrent(item: Pick<NavItem, 'href' | 'matchPrefix'>, pathname: string): boolean {
  const prefix = item.matchPrefix ?? item.href;
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}
