import type { ReactNode } from 'react';
import { notFound, redirect } from 'next/navigation';
import { AdminNav } from '@/components/admin/admin-nav';
import { sessionViewer } from '@/lib/auth/session-viewer';

export const dynamic = 'force-dynamic';

/**
 * The admin console: admins only. proxy.ts already answers anyone else with a 404 (status 404)
 * before this renders; the check here and in every domain function stays, so no edge relies on it.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const viewer = await sessionViewer();
  if (!viewer) redirect('/signin?next=/admin');
  // The database did not answer: say so (the error page), rather than a 404 that is not true.
  if (viewer.degraded) throw new Error('The database did not answer in time');
  if (!viewer.isAdmin) notFound();
  return (
    <>
      <AdminNav />
      {children}
    </>
  );
}
