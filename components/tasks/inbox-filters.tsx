'use client';

import { SlidersHorizontal, Search, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Input, Label, Select } from '@/components/ui/input';
import { PRIORITIES_MOST_URGENT_FIRST } from '@/lib/tickets/priority';

export interface FilterChoices {
  view: string;
  values: { status: string; priority: string; workflow: string; step: string; sla: string; q: string; sort: string };
  statuses: Array<{ value: string; label: string }>;
  workflows: Array<{ id: number; name: string }>;
  steps: string[];
  showSla: boolean;
  action: string;
  priorities?: string[];
  sorts?: Array<{ value: string; label: string }>;
}

/**
 * The inbox's search and filters: a GET form (it works without JavaScript; Enter in the search
 * box submits), and with JavaScript every select applies as soon as it changes. The URL is the
 * state: a filtered inbox is a bookmark.
 */
export function InboxFilters({ choices }: { choices: FilterChoices }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const v = choices.values;
  const active = [v.status, v.priority, v.workflow, v.step, v.sla].filter(Boolean).length;
  // On a phone the filters fold away behind a button (open when some are set); from md up they show.
  const [open, setOpen] = useState(active > 0);

  function apply() {
    if (!form.current) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form.current)) if (typeof value === 'string' && value.trim()) params.set(key, value.trim());
    const qs = params.toString();
    startTransition(() => router.push(qs ? `${choices.action}?${qs}` : choices.action));
  }

  return (
    <form
      ref={form}
      action={choices.action}
      method="get"
      role="search"
      aria-label="Search and filter tasks"
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
      <FilterSelect id="f-status" name="status" label="Status" value={v.status} options={choices.statuses} />
      <FilterSelect
        id="f-priority"
        name="priority"
        label="Priority"
        value={v.priority}
        options={PRIORITIES_MOST_URGENT_FIRST.map((p) => ({ value: p, label: p }))}
      />
      <FilterSelect id="f-workflow" name="workflow" label="Workflow" value={v.workflow} options={choices.workflows.map((w) => ({ value: String(w.id), label: w.name }))} />
      <FilterSelect id="f-step" name="step" label="Step" value={v.step} options={choices.steps.map((s) => ({ value: s, label: s }))} />
      {choices.showSla ? (
        <FilterSelect
          id="f-sla"
          name="sla"
          label="SLA"
          value={v.sla}
          options={[
            { value: 'on_track', label: 'On track' },
            { value: 'at_risk', label: 'At risk' },
            { value: 'breached', label: 'Breached' },
          ]}
        />
      ) : null}
      <div className="grid gap-1.5">
        <Label htmlFor="f-sort">Sort by</Label>
        <Select id="f-sort" name="sort" defaultValue={v.sort}>
          {(choices.sorts ?? [
            { value: 'due', label: 'Due first' },
            { value: 'priority', label: 'Priority' },
            { value: 'age', label: choices.view === 'done' ? 'Latest done' : 'Oldest first' },
          ]).map((o) => (
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
        <Button type="button" size="sm" variant="ghost" onClick={() => startTransition(() => router.push(choices.view === 'open' ? choices.action : `${choices.action}?view=${choices.view}`))}>
          <X aria-hidden />
          Clear filters
        </Button>
      </div>
    </form>
  );
}

function FilterSelect({ id, name, label, value, options }: { id: string; name: string; label: string; value: string; options: Array<{ value: string; label: string }> }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} name={name} defaultValue={value}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
