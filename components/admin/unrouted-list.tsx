'use client';

import { Route } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { PriorityBadge } from '@/components/tasks/priority-badge';
import { LocalTime } from '@/components/time/local-time';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Field, Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import type { AdminActionState } from './action-state';
import { AdminActionForm } from './admin-action-form';

export interface UnroutedTicket {
  ticketNumber: string;
  subject: string;
  department: string;
  category: string;
  subCategory: string | null;
  priority: string;
  routingStatus: string;
  reason: string | null;
  createdAt: string;
}

const COLUMNS = 'md:grid md:grid-cols-[2rem_minmax(0,2fr)_minmax(0,1.6fr)_minmax(0,2fr)_8rem] md:items-start md:gap-4';

/**
 * The unrouted tickets with a workflow to route them to: tick several and route them together,
 * or route one with its own button. The answer says per ticket what happened.
 */
export function UnroutedList({
  tickets,
  workflows,
  action,
  empty,
}: {
  tickets: UnroutedTicket[];
  workflows: Array<{ id: number; label: string }>;
  action: (state: AdminActionState, form: FormData) => Promise<AdminActionState>;
  /** Shown instead of the list when there is no ticket (the form's last answer stays above it). */
  empty: ReactNode;
}) {
  const [ticked, setPicked] = useState<string[]>([]);
  // Once routed, a ticket leaves the list (the page refreshes after the action): it is no longer picked.
  const picked = ticked.filter((n) => tickets.some((t) => t.ticketNumber === n));
  const allPicked = picked.length === tickets.length;
  if (tickets.length === 0) {
    return (
      <AdminActionForm action={action} resultPosition="start" resultClassName="px-4 pt-3 sm:px-5" testId="route-form">
        {empty}
      </AdminActionForm>
    );
  }
  return (
    <AdminActionForm action={action} resultPosition="start" resultClassName="px-4 pt-3 sm:px-5" testId="route-form">
      <div className="grid gap-3 border-b px-4 py-3 sm:flex sm:flex-wrap sm:items-end sm:px-5">
        <Field label="Route to workflow" htmlFor="route-workflow" className="sm:w-96 sm:max-w-full">
          <Select id="route-workflow" name="workflow_id" required defaultValue="">
            <option value="" disabled>
              Choose a deployed workflow…
            </option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </Select>
        </Field>
        <SubmitButton name="only" value="" disabled={picked.length === 0} pendingLabel="Routing…">
          <Route aria-hidden />
          Route {picked.length ? `${picked.length} selected` : 'selected'}
        </SubmitButton>
        {workflows.length === 0 ? (
          <Alert tone="warning" className="sm:basis-full">
            No workflow is deployed, so there is nowhere to route to. Publish one under Workflows first.
          </Alert>
        ) : null}
      </div>
      <div aria-hidden className={`hidden border-b px-4 py-2 text-xs font-medium tracking-wide text-muted-foreground uppercase sm:px-5 ${COLUMNS}`}>
        <span />
        <span>Ticket</span>
        <span>Department / category</span>
        <span>Why not routed</span>
        <span>Route</span>
      </div>
      <div className="flex items-center gap-2 border-b px-4 py-2 text-sm sm:px-5">
        <input
          id="pick-all"
          type="checkbox"
          className="size-4 accent-primary"
          checked={allPicked}
          onChange={() => setPicked(allPicked ? [] : tickets.map((t) => t.ticketNumber))}
        />
        <label htmlFor="pick-all">Select all {tickets.length} on this page</label>
      </div>
      <ul aria-label="Unrouted tickets" className="divide-y">
        {tickets.map((t) => {
          const id = `pick-${t.ticketNumber}`;
          return (
            <li key={t.ticketNumber} data-testid="unrouted-row" data-ticket={t.ticketNumber} className={`grid grid-cols-[1.5rem_minmax(0,1fr)] gap-x-2 gap-y-2 px-4 py-3 sm:px-5 ${COLUMNS}`}>
              <div className="pt-0.5">
                <input
                  id={id}
                  type="checkbox"
                  name="ticket_number"
                  value={t.ticketNumber}
                  className="size-4 accent-primary"
                  checked={picked.includes(t.ticketNumber)}
                  onChange={(e) => setPicked((p) => (e.target.checked ? [...p, t.ticketNumber] : p.filter((n) => n !== t.ticketNumber)))}
                />
              </div>
              <div className="min-w-0">
                <label htmlFor={id} className="font-medium break-words">
                  <span className="sr-only">Select </span>
                  {t.ticketNumber}
                </label>
                <p className="text-sm break-words">{t.subject}</p>
                <p className="flex flex-wrap items-center gap-2 pt-1 text-xs text-muted-foreground">
                  <PriorityBadge priority={t.priority} />
                  <LocalTime value={t.createdAt} />
                </p>
              </div>
              <div className="col-start-2 min-w-0 text-sm break-words md:col-start-auto">
                {t.department} <span className="text-muted-foreground">/ {t.category}{t.subCategory ? ` / ${t.subCategory}` : ''}</span>
              </div>
              <div className="col-start-2 min-w-0 text-sm break-words md:col-start-auto" data-testid="unrouted-reason">
                {t.routingStatus === 'pending' ? <Badge tone="warning">Still waiting for routing</Badge> : null}
                {t.reason ? <span className="text-muted-foreground">{t.reason}</span> : t.routingStatus === 'pending' ? null : <span className="text-muted-foreground">No reason recorded</span>}
              </div>
              <div className="col-start-2 md:col-start-auto">
                <SubmitButton name="only" value={t.ticketNumber} size="sm" variant="outline" pendingLabel="Routing…" aria-label={`Route ${t.ticketNumber}`}>
                  Route
                </SubmitButton>
              </div>
            </li>
          );
        })}
      </ul>
    </AdminActionForm>
  );
}
