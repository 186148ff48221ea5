import { firstParam, type ListFilters, oneOfParam, parseListFilters, type SearchParams, writeListFilters } from './list-filters';
import { TICKET_STATUSES } from './schemas';

/**
 * What /tickets shows, as its URL says it: the shared list filters (lib/tickets/list-filters.ts,
 * on the ticket's status and its open item's SLA state), a sort and a cursor; a value that is not
 * one of ours is dropped.
 */
export const BOARD_SORTS = ['due', 'priority', 'age'] as const;
export const BOARD_PAGE_SIZE = 25;

export interface TicketBoardQuery extends ListFilters {
  sort: (typeof BOARD_SORTS)[number];
  after: string | null;
  before: string | null;
}

export function parseTicketBoardQuery(params: SearchParams): TicketBoardQuery {
  return {
    ...parseListFilters(params, { statuses: TICKET_STATUSES, sla: true }),
    sort: oneOfParam(BOARD_SORTS, params.sort) ?? 'age',
    after: firstParam(params.after),
    before: firstParam(params.before),
  };
}

export function ticketBoardHref(query: TicketBoardQuery, change: Partial<TicketBoardQuery> = {}): string {
  const next = { ...query, after: null, before: null, ...change };
  const p = new URLSearchParams();
  writeListFilters(p, next);
  if (next.sort !== 'age') p.set('sort', next.sort);
  if (next.after) p.set('after', next.after);
  if (next.before) p.set('before', next.before);
  const s = p.toString();
  return s ? `/tickets?${s}` : '/tickets';
}
