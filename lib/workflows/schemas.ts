import { z } from 'zod';
import { INT4_MAX, pageLimit, pageOffset } from '../validation';
import type { BusinessCalendar, EndLogic, SlaSeconds, WorkflowGraph } from '../db/schema';

const key = z
  .string({ error: 'key is required' })
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'key must be 1-64 letters, digits, "-" or "_"');
const name = z.string({ error: 'name is required' }).trim().min(1, 'name must not be empty').max(200);
const roleId = z.number({ error: 'must be a role id' }).int('must be a role id').positive('must be a role id').max(INT4_MAX, 'must be a role id');
const seconds = z.number({ error: 'must be a number of seconds' }).int().positive().max(10 * 365 * 24 * 3600);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');

/**
 * Steps and transitions are strict: a misspelt field (`escalate_to_role` for `escalate_to`) is a
 * 400 naming it, never silently dropped, since a lost `escalate_to` would disable escalation.
 */
export const stepInputSchema = z.strictObject({
  key,
  name,
  role: roleId,
  escalate_to: roleId.nullish(),
  instruction: z.string().max(10_000).default(''),
  weight: z.number().min(0.0001, 'weight must be at least 0.0001 (it is stored as a real)').max(1000).default(1),
  order: z.number().int().min(0).default(0),
  is_start: z.boolean().default(false),
  is_end: z.boolean().default(false),
});

export const transitionInputSchema = z.strictObject({
  key,
  name,
  from: key,
  // null: the transition finishes the workflow.
  to: key.nullable(),
});

export const calendarInputSchema = z.object({
  timezone: z.string().min(1),
  working_days: z.array(z.number().int().min(1).max(7)).min(1, 'at least one working day').max(7),
  start: clock,
  end: clock,
  holidays: z.array(isoDate).max(1000).default([]),
});

/**
 * A workflow definition as admins send it (POST creates, PUT replaces). Only shape is checked
 * here; the graph rules (one start, reachability, ends, roles, SLA order) are in
 * validate-workflow.ts, so they can name the step or transition at fault.
 */
export const workflowInputSchema = z.object({
  name,
  description: z.string().max(10_000).default(''),
  department: name,
  category: name,
  sub_category: z.string().trim().max(200).nullish().transform((v) => v || null),
  sla_seconds: z.object({ Critical: seconds, High: seconds, Medium: seconds, Low: seconds }),
  end_logic: z.enum(['none', 'asset', 'budget', 'notification']).default('none'),
  calendar: calendarInputSchema.nullish(),
  // Stored as a real (float4): a share below 0.0001 would underflow it, and none is meaningful.
  warning_share: z.number().min(0.0001).lt(1).nullish(),
  steps: z.array(stepInputSchema).min(1, 'a workflow needs at least one step').max(100),
  transitions: z.array(transitionInputSchema).max(500),
});
export type WorkflowInput = z.infer<typeof workflowInputSchema>;

/** The stored form of a definition (camelCase columns and graph). */
export interface WorkflowDefinition {
  name: string;
  description: string;
  department: string;
  category: string;
  subCategory: string | null;
  slaSeconds: SlaSeconds;
  endLogic: EndLogic;
  calendar: BusinessCalendar | null;
  warningShare: number | null;
  graph: WorkflowGraph;
}

export function toDefinition(input: WorkflowInput): WorkflowDefinition {
  return {
    name: input.name,
    description: input.description,
    department: input.department,
    category: input.category,
    subCategory: input.sub_category ?? null,
    slaSeconds: input.sla_seconds,
    endLogic: input.end_logic,
    calendar: input.calendar
      ? {
          timezone: input.calendar.timezone,
          workingDays: [...new Set(input.calendar.working_days)].sort((a, b) => a - b),
          start: input.calendar.start,
          end: input.calendar.end,
          holidays: input.calendar.holidays,
        }
      : null,
    warningShare: input.warning_share ?? null,
    graph: {
      steps: input.steps.map((s) => ({
        key: s.key,
        name: s.name,
        roleId: s.role,
        escalateToRoleId: s.escalate_to ?? null,
        instruction: s.instruction,
        weight: s.weight,
        order: s.order,
        isStart: s.is_start,
        isEnd: s.is_end,
      })),
      transitions: input.transitions.map((t) => ({ key: t.key, name: t.name, from: t.from, to: t.to })),
    },
  };
}

/** `{id}` of /api/v1/workflows/{id}: the shared positive-integer id (lib/validation.ts). */
export { idParamsSchema } from '../validation';

export const listWorkflowsQuerySchema = z.object({
  status: z.enum(['draft', 'deployed', 'paused']).optional(),
  limit: pageLimit(),
  offset: pageOffset(),
});
