import { currentSession } from '@/auth';
import { getDb } from '../db/client';
import { withDeadline } from '../db/deadline';
import { getViewer, type Viewer } from './get-viewer';

/**
 * The signed-in viewer of a page, or null when nobody is signed in. When the database does not
 * answer in time the viewer is built from the session alone (no roles), so the layout still
 * renders and the page shows its own error.
 */
export async function sessionViewer(): Promise<(Viewer & { degraded?: boolean }) | null> {
  const session = await currentSession();
  const id = Number(session?.user?.id);
  if (!session?.user || !Number.isSafeInteger(id)) return null;
  try {
    return await withDeadline(getViewer(getDb(), id), 3_000);
  } catch {
    return { id, name: session.user.name ?? `User ${id}`, email: session.user.email ?? '', roles: [], isAdmin: false, isCoordinator: false, isStaff: false, degraded: true };
  }
}
