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
