import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell/app-shell';
import { NotificationBell } from '@/components/app-shell/notification-bell';
import { THEME_SCRIPT } from '@/components/app-shell/theme';
import { LiveProvider } from '@/components/live/live-provider';
import { LiveStatus } from '@/components/live/live-status';
import { getDb } from '@/lib/db/client';
import { withDeadline } from '@/lib/db/deadline';
import { getEnv } from '@/lib/env';
import { countUnread } from '@/lib/notifications/list-notifications';
import { sessionViewer } from '@/lib/auth/session-viewer';
import './globals.css';

export const metadata: Metadata = { title: { default: 'TTS', template: '%s · TTS' }, description: 'Ticket Tracking System' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await sessionViewer();
  // The bell's count; a database that does not answer leaves the bell without one, not the page.
  const unread = viewer && !viewer.degraded ? await withDeadline(countUnread(getDb(), viewer.id), 2_000).catch(() => null) : null;
  return (
    // The theme script sets the `dark` class before React hydrates, hence suppressHydrationWarning.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        {viewer ? (
          <LiveProvider url={realtimeUrl()} fallbackMs={getEnv().LIVE_FALLBACK_POLL_MS}>
            <AppShell viewer={viewer} bell={<><LiveStatus /><NotificationBell unread={unread} /></>}>
              {children}
            </AppShell>
          </LiveProvider>
        ) : (
          <main id="main">{children}</main>
        )}
      </body>
    </html>
  );
}

/**
 * Where the browser opens its realtime connection: null for the page's own origin (REALTIME_URL
 * is APP_URL behind nginx; the browser may know the host by another name), else REALTIME_URL.
 */
function realtimeUrl(): string | null {
  const env = getEnv();
  return new URL(env.REALTIME_URL).origin === new URL(env.APP_URL).origin ? null : env.REALTIME_URL;
}
