import { z } from 'zod';
import { PRIORITIES } from '../tickets/schemas';

/**
 * What the My tasks inbox shows, as the URL says it (`/tasks?view=open&priority=High&q=laptop`):
 * every part optional, and a value that is not one of ours is dropped rather than refused (a
 * bookmark from an older version still opens).
 */
export const INBOX_VIEWS = ['open', 'on_hold', 'done'] as const;
export const INBOX_SORTS = ['due', 'priority', 'age'] as const;
export const INBOX_SLA_STATES = ['on_track', 'at_risk', 'breached'] as const;
export const INBOX_STATUSES = ['new', 'in_progress', 'breached'] as const;
export const DONE_STATUSES = ['resolved', 'reassigned', 'escalated'] as const;
export const INBOX_PAGE_SIZE = 25;

export type InboxView = (typeof INBOX_VIEWS)[number];
export type InboxSort = (typeof INBOX_SORTS)[number];

export interface InboxQuery {
  view: InboxView;
  status: string[];
  priority: (typeof PRIORITIES)[number][];
  workflow: number | null;
  step: string | null;
  sla: (typeof INBOX_SLA_STATES)[number] | null;
  q: string;
  sort: InboxSort;
  after: string | null;
  before: string | null;
}

const list = (raw: unknown) =>
  (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);

function oneOf<T extends string>(values: readonly T[], raw: unknown): T | null {
  const v: unknown = Array.isArray(raw) ? raw[0] : raw;
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : null;
}

function first(raw: unknown): string | null {
  const v: unknown = Array.isArray(raw) ? raw[0] : raw;
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Reads the inbox's URL search params (Next's `searchParams` object). */
export function parseInboxQuery(params: Record<string, string | string[] | undefined>): InboxQuery {
  const view = oneOf(INBOX_VIEWS, params.view) ?? 'open';
  const statuses: readonly string[] = view === 'done' ? DONE_STATUSES : INBOX_STATUSES;
  const workflow = Number(first(params.workflow));
  const q = (first(params.q) ?? '').replace(/[\u0000-\u001f]/g, ' ').trim().slice(0, 100);
  const storable = z.string().max(200).safeParse(first(params.step));
  return {
    view,
    status: [...new Set(list(params.status).filter((s) => statuses.includes(s)))],
    priority: [...new Set(list(params.priority).filter((p): p is (typeof PRIORITIES)[number] => (PRIORITIES as readonly string[]).includes(p)))],
    workflow: Number.isSafeInteger(workflow) && workflow > 0 && workflow <= 2_147_483_647 ? workflow : null,
    step: storable.success && storable.data && !/[\u0000\ud800-\udfff]/.test(storable.data) ? storable.data : null,
    sla: view === 'open' ? oneOf(INBOX_SLA_STATES, params.sla) : null,
    q: /[\ud800-\udfff]/.test(q) ? '' : q,
    sort: oneOf(INBOX_SORTS, params.sort) ?? (view === 'done' ? 'age' : 'due'),
    after: first(params.after),
    before: first(params.before),
  };
}

/** The URL of the inbox with `query` changed by `change` (defaults left out; paging reset unless given). */
export function inboxHref(query: InboxQuery, change: Partial<InboxQuery> = {}): string {
  const next = { ...query, after: null, before: null, ...change };
  const p = new URLSearchParams();
  if (next.view !== 'open') p.set('view', next.view);
  if (next.status.length) p.set('status', next.status.join(','));
  if (next.priority.length) p.set('priority', next.priority.join(','));
  if (next.workflow) p.set('workflow', String(next.workflow));
  if (next.step) p.set('step', next.step);
  if (next.sla) p.set('sla', next.sla);
  if (next.q) p.set('q', next.q);
  if (next.sort !== (next.view === 'done' ? 'age' : 'due')) p.set('sort', next.sort);
  if (next.after) p.set('after', next.after);
  if (next.before) p.set('before', next.before);
  const s = p.toString();
  return s ? `/tasks?${s}` : '/tasks';
}
