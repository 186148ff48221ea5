'use client';

import { SlidersHorizontal, Search, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useCallback, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Input, Label, Select } from '@/components/ui/input';
import { MultiSelect } from '@/components/ui/multi-select';
import type { ListFilters } from '@/lib/tickets/list-filters';
import { PRIORITIES_MOST_URGENT_FIRST } from '@/lib/tickets/priority';

export interface FilterChoices {
  view: string;
  /** The filters as the page read them from its URL (the same parser the form's URL goes to). */
  values: Pick<ListFilters, 'status' | 'priority' | 'step' | 'sla' | 'q'> & { workflow: string[]; sort: string };
  statuses: Array<{ value: string; label: string }>;
  workflows: Array<{ id: number; name: string }>;
  steps: string[];
  showSla: boolean;
  action: string;
  sorts?: Array<{ value: string; label: string }>;
}

const PRIORITY_OPTIONS = PRIORITIES_MOST_URGENT_FIRST.map((p) => ({ value: p, label: p }));
const SLA_OPTIONS = [
  { value: 'on_track', label: 'On track' },
  { value: 'at_risk', label: 'At risk' },
  { value: 'breached', label: 'Breached' },
];
// Sent as repeated parameters: a step's name may contain a comma (lib/tickets/list-filters.ts).
const REPEATED = new Set(['step']);

/**
 * The list's search and filters: a GET form (it works without JavaScript; Enter in the search
 * box submits). Each filter takes several values; with JavaScript a filter applies when its list
 * closes, the sort as soon as it changes. The URL is the state: a filtered list is a bookmark.
 */
export function InboxFilters({ choices }: { choices: FilterChoices }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const v = choices.values;
  const active = [v.status, v.priority, v.workflow, v.step, v.sla].filter((x) => x.length > 0).length;
  // On a phone the filters fold away behind a button (open when some are set); from md up they show.
  const [open, setOpen] = useState(active > 0);

  const apply = useCallback(() => {
    if (!form.current) return;
    const grouped = new Map<string, string[]>();
    for (const [key, value] of new FormData(form.current)) {
      if (typeof value === 'string' && value.trim()) grouped.set(key, [...(grouped.get(key) ?? []), value.trim()]);
    }
    const params = new URLSearchParams();
    for (const [key, list] of grouped) {
      if (REPEATED.has(key)) for (const one of list) params.append(key, one);
      else params.set(key, list.join(','));
    }
    const qs = params.toString();
    startTransition(() => router.push(qs ? `${choices.action}?${qs}` : choices.action));
  }, [choices.action, router]);
  const applyIfChanged = useCallback((changed: boolean) => changed && apply(), [apply]);

  return (
    <form
      ref={form}
      action={choices.action}
      method="get"
      role="search"
      aria-label={choices.action === '/tickets' ? 'Search and filter tickets' : 'Search and filter tasks'}
      aria-busy={pending || undefined}
      className="grid gap-3 border-b p-4"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
      onChange={(e) => {
        if ((e.target as HTMLElement).tagName === 'SELECT') apply();
      }}
    >
      {choices.view !== 'open' ? <input type="hidden" name="view" value={choices.view} /> : null}
      <div className="grid gap-1.5">
        <Label htmlFor="inbox-search">Search</Label>
        <div className="flex gap-2">
          <div className="relative flex-1">
            <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground" aria-hidden />
            <Input
              id="inbox-search"
              name="q"
              type="search"
              defaultValue={v.q}
              placeholder="Ticket number, subject or requester"
              className="pl-8"
              aria-keyshortcuts="/"
              autoComplete="off"
            />
          </div>
          <Button type="button" variant="outline" className="md:hidden" aria-expanded={open} aria-controls="inbox-filter-fields" onClick={() => setOpen(!open)}>
            <SlidersHorizontal aria-hidden />
            Filters{active ? ` (${active})` : ''}
          </Button>
        </div>
      </div>
      <div id="inbox-filter-fields" className={`${open ? 'grid' : 'hidden'} gap-3 sm:grid-cols-2 md:grid md:grid-cols-3 lg:grid-cols-6`}>
        <MultiSelect id="f-status" name="status" label="Status" selected={v.status} options={choices.statuses} onClose={applyIfChanged} />
        <MultiSelect id="f-priority" name="priority" label="Priority" selected={v.priority} options={PRIORITY_OPTIONS} onClose={applyIfChanged} />
        <MultiSelect
          id="f-workflow"
          name="workflow"
          label="Workflow"
          selected={v.workflow}
          options={choices.workflows.map((w) => ({ value: String(w.id), label: w.name }))}
          onClose={applyIfChanged}
        />
        <MultiSelect id="f-step" name="step" label="Step" selected={v.step} options={choices.steps.map((s) => ({ value: s, label: s }))} onClose={applyIfChanged} />
        {choices.showSla ? <MultiSelect id="f-sla" name="sla" label="SLA" selected={v.sla} options={SLA_OPTIONS} onClose={applyIfChanged} /> : null}
        <div className="grid gap-1.5">
          <Label htmlFor="f-sort">Sort by</Label>
          <Select id="f-sort" name="sort" defaultValue={v.sort}>
            {(
              choices.sorts ?? [
                { value: 'due', label: 'Due first' },
                { value: 'priority', label: 'Priority' },
                { value: 'age', label: choices.view === 'done' ? 'Latest done' : 'Oldest first' },
              ]
            ).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="flex items-end gap-2">
        <Button type="submit" size="sm">
          Apply
        </Button>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          onClick={() => startTransition(() => router.push(choices.view === 'open' ? choices.action : `${choices.action}?view=${choices.view}`))}
        >
          <X aria-hidden />
          Clear filters
        </Button>
      </div>
    </form>
  );
}
