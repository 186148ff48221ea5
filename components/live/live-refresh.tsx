'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { useLiveRefetch } from './live-provider';

/** The realtime events a page can refresh on (the sidecar's server events, README "Realtime"). */
export type LiveEvent = 'task-item:changed' | 'notification:new' | 'comment:created' | 'comment:updated' | 'comment:deleted';

/**
 * Re-renders the page's server data (router.refresh: the same reads it rendered with) when the
 * sidecar says something it shows changed, after a reconnect, and every fallback interval while
 * the connection is down. With `ticket`, only events about that ticket count, and the page joins
 * its room (so changes made by anyone reach it, not only those of the viewer's own items).
 * `rendered`: the item this page shows, as it showed it; its own announcement arriving just after
 * the page mounted is skipped.
 */
export function LiveRefresh({ events, ticket, rendered }: { events: LiveEvent[]; ticket?: string; rendered?: { task_item_id: number; status: string } }) {
  const router = useRouter();
  const mountedAt = useRef(0);
  useEffect(() => {
    mountedAt.current = Date.now();
  }, []);
  useLiveRefetch({
    events,
    ticket,
    refetch: () => afterPageLoad(() => router.refresh()),
    matches: (_event, payload) => {
      if (ticket && !aboutTicket(payload, ticket)) return false;
      // The announcement of this very render (opening a task item starts work on it) is no news.
      const p = payload as { task_item_id?: unknown; status?: unknown } | null;
      return !(rendered && p?.task_item_id === rendered.task_item_id && p.status === rendered.status && Date.now() - mountedAt.current < 3_000);
    },
  });
  return null;
}

function aboutTicket(payload: unknown, ticket: string): boolean {
  const p = payload as { ticket_number?: unknown; comment?: { ticket_number?: unknown } } | null;
  return p?.ticket_number === ticket || p?.comment?.ticket_number === ticket;
}

/**
 * Runs `f` once the document has loaded. A refresh while the server is still streaming the page
 * renders it on the client before the streamed part arrives, which then stays in the document as a
 * hidden copy (and the work is done twice); the socket often connects, and an event often arrives,
 * before that.
 */
function afterPageLoad(f: () => void): void {
  if (document.readyState === 'complete') return f();
  window.addEventListener('load', () => f(), { once: true });
}
