'use client';

import { CornerDownRight, MessageSquare, Pencil, Reply, Trash2 } from 'lucide-react';
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useLiveRefetch } from '@/components/live/live-provider';
import { LocalTime } from '@/components/time/local-time';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Textarea } from '@/components/ui/input';
import type { CommentJson } from '@/lib/comments/comment-json';
import type { CommentThreadData } from '@/lib/comments/load-comment-thread';

/** A comment as the API sends it (lib/comments/comment-json). */
export type CommentView = CommentJson;
/** Someone who may be @mentioned on the ticket. */
export type Person = CommentThreadData['people'][number];

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', accept: 'application/json' }, cache: 'no-store' });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { message?: string; issues?: Array<{ message: string }> } } | null)?.error;
    const issues = error?.issues?.map((i) => i.message).join('; ');
    throw new Error(issues || error?.message || `The server answered ${res.status}.`);
  }
  return body as T;
}

/**
 * A ticket's comment thread: replies under what they answer, @mentions of the ticket's people
 * (type @ for the picker), edit and delete of one's own. It keeps itself current through the
 * realtime sidecar (new, edited and deleted comments from others appear without a reload; a slow
 * poll while the connection is down) and announces new ones to screen readers.
 * A comment is sent with a client id, so a resend after a dropped connection posts it once.
 */
export function CommentThread({
  ticketNumber,
  viewerId,
  isAdmin,
  people,
  initial,
}: {
  ticketNumber: string;
  viewerId: number;
  isAdmin: boolean;
  people: Person[];
  initial: CommentView[];
}) {
  const [comments, setComments] = useState<CommentView[]>(initial);
  const [announce, setAnnounce] = useState('');
  const known = useRef(new Set(initial.map((c) => c.id)));
  const base = `/api/v1/tickets/${encodeURIComponent(ticketNumber)}/comments`;

  const refresh = useCallback(async () => {
    try {
      const { comments: latest } = await api<{ comments: CommentView[] }>(base);
      const fresh = latest.filter((c) => !known.current.has(c.id));
      for (const c of fresh) known.current.add(c.id);
      const fromOthers = fresh.filter((c) => c.author.user_id !== viewerId);
      if (fromOthers.length) setAnnounce(`New comment from ${fromOthers[fromOthers.length - 1].author.name ?? 'someone'}.`);
      setComments(latest);
    } catch {
      // Offline for a moment: the next round tries again.
    }
  }, [base, viewerId]);

  // The ticket's room: comments by anyone arrive as events (hints: the thread is read again),
  // and after a reconnect the thread catches up on what was said meanwhile.
  useLiveRefetch({
    events: ['comment:created', 'comment:updated', 'comment:deleted'],
    ticket: ticketNumber,
    catchUpOnJoin: true,
    matches: (_event, payload) => (payload as { comment?: { ticket_number?: unknown } } | null)?.comment?.ticket_number === ticketNumber,
    refetch: refresh,
  });

  const byParent = useMemo(() => {
    const map = new Map<number | null, CommentView[]>();
    for (const c of comments) {
      const key = c.parent_id !== null && comments.some((p) => p.id === c.parent_id) ? c.parent_id : null;
      map.set(key, [...(map.get(key) ?? []), c]);
    }
    return map;
  }, [comments]);

  const upsert = (c: CommentView) => {
    known.current.add(c.id);
    setComments((all) => (all.some((x) => x.id === c.id) ? all.map((x) => (x.id === c.id ? c : x)) : [...all, c]));
  };

  const render = (c: CommentView, depth: number) => (
    <li key={c.id} className="grid gap-2">
      <CommentItem comment={c} canEdit={c.author.user_id === viewerId} canDelete={c.author.user_id === viewerId || isAdmin} onChanged={upsert} depth={depth}>
        <Composer ticketBase={base} people={people} parentId={c.id} onPosted={upsert} compact />
      </CommentItem>
      {byParent.get(c.id)?.length ? <ol className="ml-4 grid gap-3 border-l pl-3 sm:ml-6">{byParent.get(c.id)!.map((r) => render(r, depth + 1))}</ol> : null}
    </li>
  );

  return (
    <section aria-labelledby="comments-title" className="grid gap-4" data-testid="comments">
      <h2 id="comments-title" className="flex items-center gap-2 text-base font-semibold">
        <MessageSquare className="size-4" aria-hidden />
        Comments <span className="text-sm font-normal text-muted-foreground">({comments.filter((c) => !c.is_deleted).length})</span>
      </h2>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {comments.length ? <ol className="grid gap-3">{(byParent.get(null) ?? []).map((c) => render(c, 0))}</ol> : <p className="text-sm text-muted-foreground">No comments yet.</p>}
      <Composer ticketBase={base} people={people} parentId={null} onPosted={upsert} />
    </section>
  );
}

function CommentItem({
  comment,
  canEdit,
  canDelete,
  onChanged,
  children,
  depth,
}: {
  comment: CommentView;
  canEdit: boolean;
  canDelete: boolean;
  onChanged: (c: CommentView) => void;
  children: React.ReactNode;
  depth: number;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'reply' | 'confirm-delete'>('view');
  const [draft, setDraft] = useState(comment.body);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editId = useId();

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const { comment: c } = await api<{ comment: CommentView }>(`/api/v1/comments/${comment.id}`, { method: 'PATCH', body: JSON.stringify({ body: draft }) });
      onChanged(c);
      setMode('view');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      const { comment: c } = await api<{ comment: CommentView }>(`/api/v1/comments/${comment.id}`, { method: 'DELETE' });
      onChanged(c);
      setMode('view');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="grid gap-1.5 rounded-md border bg-card px-3 py-2" data-testid="comment" data-comment-id={comment.id} aria-label={`Comment by ${comment.author.name ?? 'someone'}`}>
      <p className="flex flex-wrap items-center gap-x-2 text-sm">
        {depth > 0 ? <CornerDownRight className="size-3 text-muted-foreground" aria-hidden /> : null}
        <strong>{comment.author.name ?? `User ${comment.author.user_id}`}</strong>
        <LocalTime value={comment.created_at} className="text-xs text-muted-foreground" />
        {comment.edited_at && !comment.is_deleted ? <span className="text-xs text-muted-foreground">(edited)</span> : null}
      </p>
      {comment.is_deleted ? (
        <p className="text-sm text-muted-foreground italic">This comment was deleted.</p>
      ) : mode === 'edit' ? (
        <div className="grid gap-2">
          <label htmlFor={editId} className="sr-only">
            Edit your comment
          </label>
          <Textarea id={editId} value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} />
          <div className="flex gap-2">
            <Button size="sm" onClick={save} disabled={busy}>
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={() => (setMode('view'), setDraft(comment.body))} disabled={busy}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <p className="text-sm whitespace-pre-wrap">{comment.body}</p>
      )}
      {error ? <Alert tone="danger">{error}</Alert> : null}
      {!comment.is_deleted && mode === 'view' ? (
        <div className="flex flex-wrap gap-1">
          <Button size="sm" variant="ghost" onClick={() => setMode('reply')} aria-label={`Reply to ${comment.author.name ?? 'this comment'}`}>
            <Reply aria-hidden />
            Reply
          </Button>
          {canEdit ? (
            <Button size="sm" variant="ghost" onClick={() => setMode('edit')}>
              <Pencil aria-hidden />
              Edit
            </Button>
          ) : null}
          {canDelete ? (
            <Button size="sm" variant="ghost" onClick={() => setMode('confirm-delete')}>
              <Trash2 aria-hidden />
              Delete
            </Button>
          ) : null}
        </div>
      ) : null}
      {mode === 'confirm-delete' ? (
        <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Confirm delete">
          Delete this comment?
          <Button size="sm" variant="danger" onClick={remove} disabled={busy}>
            Delete
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setMode('view')} disabled={busy}>
            Keep it
          </Button>
        </div>
      ) : null}
      {mode === 'reply' ? (
        <div onSubmit={() => setMode('view')}>
          {children}
          <Button size="sm" variant="ghost" onClick={() => setMode('view')}>
            Cancel reply
          </Button>
        </div>
      ) : null}
    </article>
  );
}

/** The box to write a comment or a reply, with the @mention picker. */
function Composer({ ticketBase, people, parentId, onPosted, compact }: { ticketBase: string; people: Person[]; parentId: number | null; onPosted: (c: CommentView) => void; compact?: boolean }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mention, setMention] = useState<{ query: string; start: number } | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const clientId = useRef<string | null>(null);
  const id = useId();
  const listId = `${id}-mentions`;

  const matches = mention ? people.filter((p) => p.name && p.name.toLowerCase().includes(mention.query.toLowerCase())).slice(0, 6) : [];

  function onInput(value: string, caret: number) {
    setText(value);
    const m = /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}_ ]{0,30})$/u.exec(value.slice(0, caret));
    if (m && !m[2].includes('  ')) {
      setMention({ query: m[2], start: caret - m[2].length - 1 });
      setActive(0);
    } else setMention(null);
  }
  function choose(p: Person) {
    if (!mention || !area.current) return;
    const caret = area.current.selectionStart;
    const next = `${text.slice(0, mention.start)}@${p.name} ${text.slice(caret)}`;
    setText(next);
    setMention(null);
    const at = mention.start + (p.name?.length ?? 0) + 2;
    requestAnimationFrame(() => area.current?.setSelectionRange(at, at));
    area.current.focus();
  }

  async function send() {
    if (busy || !text.trim()) return;
    setBusy(true);
    setError(null);
    clientId.current ??= crypto.randomUUID();
    try {
      const { comment } = await api<{ comment: CommentView }>(ticketBase, {
        method: 'POST',
        body: JSON.stringify({ body: text, parent_id: parentId, client_id: clientId.current }),
      });
      onPosted(comment);
      setText('');
      clientId.current = null;
    } catch (err) {
      // The text stays, and so does the client id: sending again cannot post it twice.
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="relative grid gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor={id} className={compact ? 'sr-only' : 'text-sm font-medium'}>
        {parentId ? 'Your reply' : 'Add a comment'}
      </label>
      <Textarea
        ref={area}
        id={id}
        rows={compact ? 2 : 3}
        value={text}
        placeholder="Type @ to mention someone on this ticket"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={matches.length ? `${listId}-${matches[active]?.userId}` : undefined}
        onChange={(e) => onInput(e.target.value, e.target.selectionStart)}
        onKeyDown={(e) => {
          if (matches.length) {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
              return;
            }
            if (e.key === 'Enter' || e.key === 'Tab') {
              e.preventDefault();
              choose(matches[active]);
              return;
            }
            if (e.key === 'Escape') {
              setMention(null);
              return;
            }
          }
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label="People to mention" className={cn('absolute top-full z-20 mt-1 w-64 rounded-md border bg-card p-1 shadow-md', !matches.length && 'hidden')}>
        {matches.map((p, i) => (
          <li
            key={p.userId}
            id={`${listId}-${p.userId}`}
            role="option"
            aria-selected={i === active}
            className={cn('cursor-pointer rounded-sm px-2 py-1 text-sm', i === active && 'bg-accent text-accent-foreground')}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(p);
            }}
          >
            {p.name}
          </li>
        ))}
      </ul>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <div>
        <Button type="submit" size="sm" disabled={busy || !text.trim()}>
          {busy ? 'Sending…' : parentId ? 'Reply' : 'Comment'}
        </Button>
      </div>
    </form>
  );
}
