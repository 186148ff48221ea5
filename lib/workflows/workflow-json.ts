import { z } from 'zod';
import type { workflowVersions, workflows } from '../db/schema';

/** JSON with object keys sorted, so two definitions compare equal whatever order jsonb kept. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
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

// Response shapes (OpenAPI, lib/openapi/workflows.ts).
export const versionJsonSchema = z.object({
  id: z.int(),
  version: z.int(),
  published_by: z.int().nullable(),
  published_at: z.iso.datetime(),
});

export const workflowJsonSchema = z.object({
  id: z.int(),
  name: z.string(),
  description: z.string(),
  department: z.string(),
  category: z.string(),
  sub_category: z.string().nullable(),
  status: z.enum(['draft', 'deployed', 'paused']),
  sla_seconds: z.object({ Critical: z.int(), High: z.int(), Medium: z.int(), Low: z.int() }),
  end_logic: z.enum(['none', 'asset', 'budget', 'notification']),
  calendar: z
    .object({
      timezone: z.string(),
      working_days: z.array(z.int()),
      start: z.string(),
      end: z.string(),
      holidays: z.array(z.string()),
    })
    .nullable(),
  warning_share: z.number().nullable(),
  steps: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      role: z.int(),
      escalate_to: z.int().nullable(),
      instruction: z.string(),
      weight: z.number(),
      order: z.int(),
      is_start: z.boolean(),
      is_end: z.boolean(),
    }),
  ),
  transitions: z.array(z.object({ key: z.string(), name: z.string(), from: z.string(), to: z.string().nullable() })),
  current_version: versionJsonSchema.nullable(),
  has_unpublished_changes: z.boolean(),
  versions: z.array(versionJsonSchema).optional().meta({ description: 'GET /workflows/{id} only' }),
  created_by: z.int().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const workflowPageJsonSchema = z.object({ workflows: z.array(workflowJsonSchema), limit: z.int(), offset: z.int() });

export const publishResultJsonSchema = z.object({ workflow: workflowJsonSchema, version: versionJsonSchema, is_new_version: z.boolean() });
