import { Filter } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';

/** The audit log's filters: a plain GET form, so the filtered log is a URL (and works without JavaScript). */
export function AuditFilters({ values }: { values: Record<string, string> }) {
  return (
    <form method="get" action="/admin/audit" role="search" aria-label="Filter the audit log" className="grid grid-cols-2 gap-3 border-b px-4 py-3 sm:px-5 md:grid-cols-3 lg:grid-cols-[repeat(6,minmax(0,1fr))_auto] lg:items-end">
      <Field label="Actor (user id)" htmlFor="audit-actor">
        <Input id="audit-actor" name="actor" inputMode="numeric" pattern="[0-9]*" defaultValue={values.actor} placeholder="e.g. 101" />
      </Field>
      <Field label="Entity type" htmlFor="audit-entity-type">
        <Input id="audit-entity-type" name="entity_type" defaultValue={values.entity_type} placeholder="ticket, role, workflow…" list="audit-entity-types" />
      </Field>
      <datalist id="audit-entity-types">
        {['ticket', 'workflow', 'role', 'dead_letter', 'outbound_message', 'task_item'].map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <Field label="Entity id" htmlFor="audit-entity-id">
        <Input id="audit-entity-id" name="entity_id" defaultValue={values.entity_id} />
      </Field>
      <Field label="Action" htmlFor="audit-action">
        <Input id="audit-action" name="action" defaultValue={values.action} placeholder="e.g. dead_letter.replayed" />
      </Field>
      <Field label="From (UTC day)" htmlFor="audit-from">
        <Input id="audit-from" name="from" type="date" defaultValue={values.from} />
      </Field>
      <Field label="To (UTC day)" htmlFor="audit-to">
        <Input id="audit-to" name="to" type="date" defaultValue={values.to} />
      </Field>
      <div className="col-span-2 flex gap-2 md:col-span-3 lg:col-span-1">
        <Button type="submit" size="md">
          <Filter aria-hidden />
          Filter
        </Button>
        <Button variant="ghost" asChild>
          <Link href="/admin/audit">Clear</Link>
        </Button>
      </div>
    </form>
  );
}
