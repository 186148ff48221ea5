import { PRIORITIES, TICKET_STATUSES } from './schemas';

/** What /tickets shows, as its URL says it; a value that is not one of ours is dropped. */
export const BOARD_SORTS = ['due', 'priority', 'age'] as const;
export const BOARD_SLA_STATES = ['on_track', 'at_risk', 'breached'] as const;
export const BOARD_PAGE_SIZE = 25;

export interface TicketBoardQuery {
  status: string[];
  priority: string[];
  workflow: number | null;
  step: string | null;
  sla: (typeof BOARD_SLA_STATES)[number] | null;
  q: string;
  sort: (typeof BOARD_SORTS)[number];
  after: string | null;
  before: string | null;
}

const first = (raw: unknown): string | null => {
  const v: unknown = Array.isArray(raw) ? raw[0] : raw;
  return typeof v === 'string' && v !== '' ? v : null;
};
const list = (raw: unknown) => (first(raw) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
const clean = (s: string | null, max: number) => (s && !/[\u0000-\u001f\ud800-\udfff]/.test(s) ? s.trim().slice(0, max) : '');

export function parseTicketBoardQuery(params: Record<string, string | string[] | undefined>): TicketBoardQuery {
  const workflow = Number(first(params.workflow));
  const sla = first(params.sla);
  const sort = first(params.sort);
  return {
    status: [...new Set(list(params.status).filter((s) => (TICKET_STATUSES as readonly string[]).includes(s)))],
    priority: [...new Set(list(params.priority).filter((p) => (PRIORITIES as readonly string[]).includes(p)))],
    workflow: Number.isSafeInteger(workflow) && workflow > 0 && workflow <= 2_147_483_647 ? workflow : null,
    step: clean(first(params.step), 200) || null,
    sla: (BOARD_SLA_STATES as readonly string[]).includes(sla ?? '') ? (sla as TicketBoardQuery['sla']) : null,
    q: clean(first(params.q), 100),
    sort: (BOARD_SORTS as readonly string[]).includes(sort ?? '') ? (sort as TicketBoardQuery['sort']) : 'age',
    after: first(params.after),
    before: first(params.before),
  };
}

export function ticketBoardHref(query: TicketBoardQuery, change: Partial<TicketBoardQuery> = {}): string {
  const next = { ...query, after: null, before: null, ...change };
  const p = new URLSearchParams();
  if (next.status.length) p.set('status', next.status.join(','));
  if (next.priority.length) p.set('priority', next.priority.join(','));
  if (next.workflow) p.set('workflow', String(next.workflow));
  if (next.step) p.set('step', next.step);
  if (next.sla) p.set('sla', next.sla);
  if (next.q) p.set('q', next.q);
  if (next.sort !== 'age') p.set('sort', next.sort);
  if (next.after) p.set('after', next.after);
  if (next.before) p.set('before', next.before);
  const s = p.toString();
  return s ? `/tickets?${s}` : '/tickets';
}
