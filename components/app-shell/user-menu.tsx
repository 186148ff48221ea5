'use client';

import { BellRing, ChevronDown, LogOut } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { ThemeMenuItems } from './theme-menu';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

/**
 * The signed-in person (name, email, roles), the theme and sign-out. Sign-out submits the form
 * `signOutFormId`, rendered by the shell outside the menu.
 */
export function UserMenu({ name, email, roles, signOutFormId }: { name: string; email: string; roles: string[]; signOutFormId: string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="gap-2 px-2" aria-label={`Account: ${name}`} data-testid="user-menu">
          <span aria-hidden className="grid size-7 place-items-center rounded-full bg-primary text-xs font-semibold text-primary-foreground">
            {initials(name)}
          </span>
          <span className="hidden max-w-40 truncate md:inline">{name}</span>
          <ChevronDown className="text-muted-foreground" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-64">
        <DropdownMenuLabel>
          <span className="block font-medium">{name}</span>
          <span className="block text-xs text-muted-foreground">{email}</span>
          {roles.length ? <span className="mt-1 block text-xs text-muted-foreground">{roles.join(', ')}</span> : null}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings/notifications">
            <BellRing aria-hidden />
            Notification settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <ThemeMenuItems />
        <DropdownMenuSeparator />
        {/* The menu unmounts as it closes, so the form lives outside it and is submitted from here. */}
        <DropdownMenuItem onSelect={() => (document.getElementById(signOutFormId) as HTMLFormElement | null)?.requestSubmit()}>
          <LogOut aria-hidden />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
