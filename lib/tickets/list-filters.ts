import { PRIORITIES } from './schemas';

/**
 * The filters My tasks (/tasks) and the tickets board (/tickets) share, as their URLs say them:
 * `?status=new,in_progress&priority=Critical,High&workflow=3,4&step=Triage&step=Review&sla=at_risk,breached&q=laptop`.
 * Every filter takes any number of values (an item or ticket matching any of them); filters
 * combine with "and". Values are comma-separated or repeated (`status=new&status=breached`, as
 * a plain HTML form sends them), except steps, which are repeated only: a step's name may
 * contain a comma. A value that is not one of ours is dropped rather than refused, so a bookmark
 * from an older version still opens.
 */
export const SLA_FILTER_STATES = ['on_track', 'at_risk', 'breached'] as const;
export type SlaFilterState = (typeof SLA_FILTER_STATES)[number];
export type Priority = (typeof PRIORITIES)[number];

/** At most this many values per filter (a URL is no place for a thousand step names). */
const MAX_VALUES = 25;

export interface ListFilters {
  status: string[];
  priority: Priority[];
  workflow: number[];
  step: string[];
  sla: SlaFilterState[];
  q: string;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const values = (raw: unknown): string[] => (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).filter((v): v is string => typeof v === 'string');
const commaList = (raw: unknown) =>
  values(raw)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
const unique = <T>(list: T[]) => [...new Set(list)].slice(0, MAX_VALUES);
const oneOfList = <T extends string>(allowed: readonly T[], raw: unknown): T[] => unique(commaList(raw).filter((v): v is T => (allowed as readonly string[]).includes(v)));
// Text we would store or search for: no control characters, no lone surrogates (Postgres refuses them).
const isCleanText = (s: string) => !/[\u0000-\u001f\ud800-\udfff]/.test(s);

/** The first value of a search param, or null when absent or empty. */
export function firstParam(raw: unknown): string | null {
  const v: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  return typeof v === 'string' && v !== '' ? v : null;
}

/** One of `allowed`, from the first value of a search param; null otherwise. */
export function oneOfParam<T extends string>(allowed: readonly T[], raw: unknown): T | null {
  const v = firstParam(raw);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

/**
 * Reads the filters from Next's `searchParams`. `statuses`: the statuses this list filters on
 * (item statuses for the inbox, ticket statuses for the board); `sla`: whether the SLA filter
 * applies here (the inbox's on-hold and done views have no running clock).
 */
export function parseListFilters(params: SearchParams, o: { statuses: readonly string[]; sla: boolean }): ListFilters {
  const q = (firstParam(params.q) ?? '').replace(/[\u0000-\u001f]/g, ' ').trim().slice(0, 100);
  return {
    status: oneOfList(o.statuses, params.status),
    priority: oneOfList(PRIORITIES, params.priority),
    workflow: unique(
      commaList(params.workflow)
        .map(Number)
        .filter((n) => Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647),
    ),
    step: unique(values(params.step).map((s) => s.trim()).filter((s) => s && s.length <= 200 && isCleanText(s))),
    sla: o.sla ? oneOfList(SLA_FILTER_STATES, params.sla) : [],
    q: isCleanText(q) ? q : '',
  };
}

/** Writes the filters into `p` in the form parseListFilters reads (nothing for an empty one). */
export function writeListFilters(p: URLSearchParams, f: ListFilters): void {
  if (f.status.length) p.set('status', f.status.join(','));
  if (f.priority.length) p.set('priority', f.priority.join(','));
  if (f.workflow.length) p.set('workflow', f.workflow.join(','));
  for (const s of f.step) p.append('step', s);
  if (f.sla.length) p.set('sla', f.sla.join(','));
  if (f.q) p.set('q', f.q);
}

/** How many filters are set (the search not counted). */
export function countFilters(f: ListFilters): number {
  return [f.status, f.priority, f.workflow, f.step, f.sla].filter((v) => v.length > 0).length;
}

/** Whether any filter or a search narrows the list. */
export function isFiltered(f: ListFilters): boolean {
  return countFilters(f) > 0 || f.q !== '';
}
