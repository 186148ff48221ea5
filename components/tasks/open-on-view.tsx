'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Starts work on the item its assignee is looking at: sends the `open` action once the page is
 * on screen, then re-reads the page (the item is `in_progress` from then on). The page render
 * and GET are read-only, so a prefetched link or a crawler opens nothing. `open` is idempotent:
 * a second tab, React's double effect in development, or a retry change nothing more. A refusal
 * (the item was closed or reassigned meanwhile) just shows the page as it is now.
 */
export function OpenOnView({ itemId }: { itemId: number }) {
  const router = useRouter();
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/v1/task-items/${itemId}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'open' }),
      signal: controller.signal,
    })
      .then(() => router.refresh())
      .catch(() => {});
    return () => controller.abort();
  }, [itemId, router]);
  return null;
}
