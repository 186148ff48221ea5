import { z } from 'zod';
import { ticketJsonSchema, ticketSummaryJsonSchema } from '../tickets/ticket-json';
import type { steps, taskItems, tasks } from '../db/schema';
import { slaState } from '../sla/sla-state';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A task item as the API shows it (snake_case), with its SLA state at `now`. */
export function taskItemJson(item: typeof taskItems.$inferSelect, now: Date) {
  const sla = slaState(item, now);
  return {
    id: item.id,
    task_id: item.taskId,
    step_id: item.stepId,
    role_id: item.roleId,
    user_id: item.userId,
    status: item.status,
    origin: item.origin,
    previous_item_id: item.previousItemId,
    assigned_at: iso(item.assignedAt),
    opened_at: iso(item.openedAt),
    acted_at: iso(item.actedAt),
    is_on_hold: item.onHoldSince !== null,
    on_hold_since: iso(item.onHoldSince),
    held_seconds: item.heldSeconds,
    sla: {
      state: sla.state,
      seconds_left: sla.secondsLeft,
      warn_at: iso(item.warnAt),
      target_at: iso(item.targetAt),
      warned_at: iso(item.warnedAt),
      breached_at: iso(item.breachedAt),
    },
  };
}

export function taskJson(task: typeof tasks.$inferSelect) {
  return {
    id: task.id,
    status: task.status,
    workflow_id: task.workflowId,
    workflow_version_id: task.workflowVersionId,
    current_step_id: task.currentStepId,
    owner_user_id: task.ownerUserId,
    target_resolution: iso(task.targetResolution),
    started_at: iso(task.startedAt),
    resolved_at: iso(task.resolvedAt),
    is_current_step_escalated: task.currentStepEscalatedAt !== null,
  };
}

export function stepJson(step: typeof steps.$inferSelect) {
  return {
    id: step.id,
    key: step.key,
    name: step.name,
    role: step.roleId,
    escalate_to: step.escalateToRoleId,
    instruction: step.instruction,
    weight: step.weight,
    order: step.order,
    is_start: step.isStart,
    is_end: step.isEnd,
  };
}

// Response shapes (OpenAPI, lib/openapi/task-items.ts).
const dateTime = () => z.iso.datetime();
const taskItemStatus = z.enum(['new', 'in_progress', 'resolved', 'reassigned', 'escalated', 'breached']);
const slaStateName = z.enum(['on_track', 'at_risk', 'breached', 'on_hold']);

export const taskItemJsonSchema = z.object({
  id: z.int(),
  task_id: z.int(),
  step_id: z.int(),
  role_id: z.int(),
  user_id: z.int().meta({ description: 'The assignee' }),
  status: taskItemStatus,
  origin: z.enum(['system', 'transferred', 'escalated']),
  previous_item_id: z.int().nullable().meta({ description: 'The item this one was transferred or escalated from' }),
  assigned_at: dateTime(),
  opened_at: dateTime().nullable(),
  acted_at: dateTime().nullable(),
  is_on_hold: z.boolean(),
  on_hold_since: dateTime().nullable(),
  held_seconds: z.int().meta({ description: 'SLA time credited for holds so far' }),
  sla: z.object({
    state: slaStateName,
    seconds_left: z.int().meta({ description: 'Negative when overdue; frozen while on hold' }),
    warn_at: dateTime(),
    target_at: dateTime(),
    warned_at: dateTime().nullable(),
    breached_at: dateTime().nullable(),
  }),
});

export const taskJsonSchema = z.object({
  id: z.int(),
  status: z.enum(['pending', 'in_progress', 'on_hold', 'completed', 'cancelled']),
  workflow_id: z.int(),
  workflow_version_id: z.int().meta({ description: 'The version the task started on and stays on' }),
  current_step_id: z.int().nullable(),
  owner_user_id: z.int().nullable().meta({ description: 'The Ticket Coordinator' }),
  target_resolution: dateTime(),
  started_at: dateTime(),
  resolved_at: dateTime().nullable(),
  is_current_step_escalated: z.boolean().meta({ description: 'A step is escalated at most once per visit' }),
});

export const stepJsonSchema = z.object({
  id: z.int(),
  key: z.string(),
  name: z.string(),
  role: z.int().meta({ description: 'The role that does the step (an Auth Service role id)' }),
  escalate_to: z.int().nullable().meta({ description: 'The role an escalation goes to; null: the step cannot be escalated' }),
  instruction: z.string(),
  weight: z.number(),
  order: z.int(),
  is_start: z.boolean(),
  is_end: z.boolean(),
});

/** listTaskItems. */
export const taskItemPageJsonSchema = z.object({
  items: z.array(
    taskItemJsonSchema.extend({
      sla_state: slaStateName,
      target_at: dateTime(),
      step_name: z.string(),
      workflow_name: z.string(),
      step: z.object({ id: z.int(), name: z.string(), instruction: z.string() }),
      task: z.object({ id: z.int(), status: z.string(), target_resolution: dateTime() }),
      ticket: ticketSummaryJsonSchema,
    }),
  ),
  limit: z.int(),
  offset: z.int(),
});

/** getTaskItem. */
export const taskItemDetailJsonSchema = z.object({
  item: taskItemJsonSchema.extend({ assignee_name: z.string().nullable() }),
  task: taskJsonSchema,
  workflow: z.object({ id: z.int(), name: z.string(), version_id: z.int(), version: z.int(), end_logic: z.string() }),
  ticket: ticketJsonSchema,
  step: stepJsonSchema,
  instruction: z.string().meta({ description: "The step's instruction to the assignee" }),
  history: z
    .array(
      z.object({
        id: z.int(),
        task_item_id: z.int(),
        step_id: z.int(),
        assignee_user_id: z.int(),
        assignee_name: z.string().nullable().meta({ description: "From TTS's own users and synced memberships" }),
        to_user_name: z.string().nullable().meta({ description: 'transferred / taken_over: the name of the person the item went to (details.to_user_id)' }),
        status: z.string().meta({ description: "The item's status after the change" }),
        action: z.string().meta({
          examples: ['assigned', 'opened', 'transition', 'finalized', 'escalated', 'transferred', 'taken_over', 'hold', 'resume', 'sla_warning', 'sla_breach'],
        }),
        actor_user_id: z.int().nullable().meta({ description: 'null: the system (SLA scan)' }),
        actor_name: z.string().nullable(),
        note: z.string().nullable(),
        details: z.record(z.string(), z.unknown()).nullable(),
        created_at: dateTime(),
      }),
    )
    .meta({ description: 'Every change of every item of the task, oldest first' }),
  available_actions: z
    .array(
      z.union([
        z.object({
          action: z.literal('transition'),
          transition_id: z.int(),
          name: z.string(),
          to_step_id: z.int().nullable().meta({ description: 'null: the transition completes the task' }),
        }),
        z.object({ action: z.literal('finalize'), name: z.literal('Finalize') }),
      ]),
    )
    .meta({ description: "For the assignee of an open item: the current step's outgoing transitions, or one finalize entry where it has none" }),
  other_actions: z.array(z.enum(['hold', 'resume', 'escalate', 'transfer', 'take_over'])),
});

/** POST /api/v1/task-items/{id}/actions. */
export const taskItemActionResultJsonSchema = z.object({
  action: z.string(),
  item: taskItemJsonSchema,
  next_item: taskItemJsonSchema.nullable().meta({ description: 'The item the task moved on to (transition, escalate, transfer, take_over)' }),
  task: taskJsonSchema,
});
