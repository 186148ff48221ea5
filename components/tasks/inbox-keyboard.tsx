'use client';

import { useEffect } from 'react';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * The inbox's keyboard shortcuts: `j` / `k` move to the next / previous task (focusing its link,
 * so Enter opens it), `/` goes to the search box, Escape leaves it. Ignored while typing.
 */
export function InboxKeyboard({ listId, searchId }: { listId: string; searchId: string }) {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'Escape' && (e.target as HTMLElement | null)?.id === searchId) {
        (e.target as HTMLElement).blur();
        return;
      }
      if (isTyping(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        const search = document.getElementById(searchId) as HTMLInputElement | null;
        search?.focus();
        search?.select();
        return;
      }
      if (e.key !== 'j' && e.key !== 'k') return;
      const links = Array.from(document.querySelectorAll<HTMLAnchorElement>(`#${listId} a[data-row-link]`));
      if (links.length === 0) return;
      e.preventDefault();
      const at = links.indexOf(document.activeElement as HTMLAnchorElement);
      const next = at === -1 ? 0 : Math.min(links.length - 1, Math.max(0, at + (e.key === 'j' ? 1 : -1)));
      links[next].focus();
      links[next].scrollIntoView({ block: 'nearest' });
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [listId, searchId]);
  return null;
}
