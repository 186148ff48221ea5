import type { workflowVersions, workflows } from '../db/schema';

/** JSON with object keys sorted, so two definitions compare equal whatever order jsonb kept. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

type Workflow = typeof workflows.$inferSelect;
type Version = typeof workflowVersions.$inferSelect;

/** The parts of a workflow a version freezes. */
export function frozenPart(w: Pick<Workflow, 'name' | 'slaSeconds' | 'endLogic' | 'calendar' | 'warningShare' | 'graph'>) {
  return stableJson({
    name: w.name,
    slaSeconds: w.slaSeconds,
    endLogic: w.endLogic,
    calendar: w.calendar ?? null,
    warningShare: w.warningShare ?? null,
    graph: w.graph,
  });
}

/** A workflow as the API shows it: the editable definition (snake_case) and its published state. */
export function workflowJson(wf: Workflow, current: Version | null, versions?: Version[]) {
  return {
    id: wf.id,
    name: wf.name,
    description: wf.description,
    department: wf.department,
    category: wf.category,
    sub_category: wf.subCategory,
    status: wf.status,
    sla_seconds: wf.slaSeconds,
    end_logic: wf.endLogic,
    calendar: wf.calendar
      ? {
          timezone: wf.calendar.timezone,
          working_days: wf.calendar.workingDays,
          start: wf.calendar.start,
          end: wf.calendar.end,
          holidays: wf.calendar.holidays,
        }
      : null,
    warning_share: wf.warningShare,
    steps: wf.graph.steps.map((s) => ({
      key: s.key,
      name: s.name,
      role: s.roleId,
      escalate_to: s.escalateToRoleId ?? null,
      instruction: s.instruction ?? '',
      weight: s.weight,
      order: s.order,
      is_start: s.isStart ?? false,
      is_end: s.isEnd ?? false,
    })),
    transitions: wf.graph.transitions.map((t) => ({ key: t.key, name: t.name, from: t.from, to: t.to })),
    current_version: current ? versionJson(current) : null,
    has_unpublished_changes: current ? frozenPart(wf) !== frozenPart(current) : true,
    ...(versions ? { versions: versions.map(versionJson) } : {}),
    created_by: wf.createdBy,
    created_at: wf.createdAt.toISOString(),
    updated_at: wf.updatedAt.toISOString(),
  };
}

export function versionJson(v: Version) {
  return { id: v.id, version: v.version, published_by: v.publishedBy, published_at: v.createdAt.toISOString() };
}
