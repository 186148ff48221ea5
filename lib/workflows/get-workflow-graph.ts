import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { steps, transitions } from '../db/schema';

export interface WorkflowGraph {
  steps: Array<{ id: number; name: string; order: number; is_start: boolean; is_end: boolean }>;
  /** `to_step_id` null: the transition completes the task. */
  transitions: Array<{ id: number; name: string; from_step_id: number; to_step_id: number | null }>;
}

/**
 * The steps and transitions of one workflow version, in step order: what the task page draws.
 * Callers show it only with a task item the viewer may see (the version comes from that item).
 */
export async function getWorkflowGraph(db: DbOrTx, workflowVersionId: number): Promise<WorkflowGraph> {
  const [stepRows, transitionRows] = await Promise.all([
    db.select().from(steps).where(eq(steps.workflowVersionId, workflowVersionId)).orderBy(asc(steps.order), asc(steps.id)),
    db.select().from(transitions).where(eq(transitions.workflowVersionId, workflowVersionId)).orderBy(asc(transitions.id)),
  ]);
  return {
    steps: stepRows.map((s) => ({ id: s.id, name: s.name, order: s.order, is_start: s.isStart, is_end: s.isEnd })),
    transitions: transitionRows.map((t) => ({ id: t.id, name: t.name, from_step_id: t.fromStepId, to_step_id: t.toStepId })),
  };
}
