import { type ListFilters, oneOfParam, firstParam, parseListFilters, type SearchParams, writeListFilters } from '../tickets/list-filters';

/**
 * What the My tasks inbox shows, as the URL says it (`/tasks?view=open&priority=Critical,High&q=laptop`):
 * a view, the shared list filters (lib/tickets/list-filters.ts), a sort and a cursor, every part
 * optional; a value that is not one of ours is dropped rather than refused.
 */
export const INBOX_VIEWS = ['open', 'on_hold', 'done'] as const;
export const INBOX_SORTS = ['due', 'priority', 'age'] as const;
export const INBOX_STATUSES = ['new', 'in_progress', 'breached'] as const;
export const DONE_STATUSES = ['resolved', 'reassigned', 'escalated'] as const;
export const INBOX_PAGE_SIZE = 25;

export type InboxView = (typeof INBOX_VIEWS)[number];
export type InboxSort = (typeof INBOX_SORTS)[number];

export interface InboxQuery extends ListFilters {
  view: InboxView;
  sort: InboxSort;
  after: string | null;
  before: string | null;
}

/** Reads the inbox's URL search params (Next's `searchParams` object). */
export function parseInboxQuery(params: SearchParams): InboxQuery {
  const view = oneOfParam(INBOX_VIEWS, params.view) ?? 'open';
  return {
    view,
    // The SLA filter is for running clocks: the open view only.
    ...parseListFilters(params, { statuses: view === 'done' ? DONE_STATUSES : INBOX_STATUSES, sla: view === 'open' }),
    sort: oneOfParam(INBOX_SORTS, params.sort) ?? (view === 'done' ? 'age' : 'due'),
    after: firstParam(params.after),
    before: firstParam(params.before),
  };
}

/** The URL of the inbox with `query` changed by `change` (defaults left out; paging reset unless given). */
export function inboxHref(query: InboxQuery, change: Partial<InboxQuery> = {}): string {
  const next = { ...query, after: null, before: null, ...change };
  const p = new URLSearchParams();
  if (next.view !== 'open') p.set('view', next.view);
  writeListFilters(p, next);
  if (next.sort !== (next.view === 'done' ? 'age' : 'due')) p.set('sort', next.sort);
  if (next.after) p.set('after', next.after);
  if (next.before) p.set('before', next.before);
  const s = p.toString();
  return s ? `/tasks?${s}` : '/tasks';
}
