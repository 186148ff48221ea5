import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell/app-shell';
import { THEME_SCRIPT } from '@/components/app-shell/theme';
import { sessionViewer } from '@/lib/auth/session-viewer';
import './globals.css';

export const metadata: Metadata = { title: { default: 'TTS', template: '%s · TTS' }, description: 'Ticket Tracking System' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await sessionViewer();
  return (
    // The theme script sets the `dark` class before React hydrates, hence suppressHydrationWarning.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{viewer ? <AppShell viewer={viewer}>{children}</AppShell> : <main id="main">{children}</main>}</body>
    </html>
  );
}
