import { cookies } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOut } from '@/auth';
import type { Viewer } from '@/lib/auth/get-viewer';
import { NavBar, NavMenuButton } from './nav-links';
import { navItemsFor } from './nav-items';
import { UserMenu } from './user-menu';

const SIGN_OUT_FORM = 'sign-out-form';

/** What the shell shows of the viewer. */
export type ShellViewer = Pick<Viewer, 'name' | 'email' | 'roles' | 'isAdmin' | 'isCoordinator' | 'isStaff'>;

/**
 * The one layout of the signed-in app: brand, navigation (NAV_ITEMS, filtered for the viewer),
 * the notification bell (`bell`, a slot), the user menu with theme and sign-out, then the page.
 */
export function AppShell({ viewer, bell, children }: { viewer: ShellViewer; bell?: ReactNode; children: ReactNode }) {
  const hrefs = navItemsFor(viewer).map((i) => i.href);
  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b bg-card/95 backdrop-blur supports-[backdrop-filter]:bg-card/80">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-2 px-3 sm:gap-4 sm:px-6">
          <NavMenuButton hrefs={hrefs} />
          <Brand />
          <NavBar hrefs={hrefs} />
          <div className="ml-auto flex items-center gap-1">
            {bell}
            <UserMenu name={viewer.name} email={viewer.email} roles={viewer.roles} signOutFormId={SIGN_OUT_FORM} />
          </div>
        </div>
      </header>
      <form
        id={SIGN_OUT_FORM}
        hidden
        action={async () => {
          'use server';
          // The Auth Service's session cookie too, where it is this host's: signing out of TTS means out.
          (await cookies()).delete('access_token');
          await signOut({ redirectTo: '/signin?signed_out=1' });
        }}
      />
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-3 py-5 sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}

export function Brand() {
  return (
    <Link href="/" aria-label="TTS, Ticket Tracking System: home" className="flex items-center gap-2 font-semibold tracking-tight">
      <span aria-hidden className="grid h-7 place-items-center rounded-md bg-primary px-1.5 text-xs font-bold text-primary-foreground">
        TTS
      </span>
      <span className="hidden lg:inline">Ticket Tracking</span>
    </Link>
  );
}
