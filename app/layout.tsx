import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { auth, signOut } from '@/auth';
import './globals.css';

export const metadata: Metadata = { title: 'TTS - Ticket Tracking System' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  return (
    <html lang="en">
      <body>
        <header className="top">
          <Link href="/" className="brand">
            TTS
          </Link>
          <nav>{session ? <Link href="/tasks">My tasks</Link> : null}</nav>
          {session ? (
            <form
              action={async () => {
                'use server';
                await signOut({ redirectTo: '/signin' });
              }}
            >
              <span className="muted" style={{ marginRight: '0.75rem' }}>
                {session.user.name}
              </span>
              <button className="secondary" type="submit">
                Sign out
              </button>
            </form>
          ) : null}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
