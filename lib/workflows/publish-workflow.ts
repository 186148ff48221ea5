import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { steps, transitions, workflowVersions, workflows } from '../db/schema';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { isUniqueViolation } from '../db/unique-violation';

/**
 * Freezes the workflow's current definition as a new immutable version (steps and transitions as
 * rows that tasks point at), makes it the current version and deploys the workflow. Tasks already
 * running stay on the version they started on.
 */
export async function publishWorkflowVersion(tx: Tx, workflowId: number, actorUserId: number | null) {
  const [wf] = await tx.select().from(workflows).where(eq(workflows.id, workflowId)).for('update');
  if (!wf) throw notFound('Workflow');
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${workflowVersions.version}), 0) + 1` })
    .from(workflowVersions)
    .where(eq(workflowVersions.workflowId, wf.id));
  const [version] = await tx
    .insert(workflowVersions)
    .values({
      workflowId: wf.id,
      version: next,
      name: wf.name,
      slaSeconds: wf.slaSeconds,
      endLogic: wf.endLogic,
      calendar: wf.calendar,
      warningShare: wf.warningShare,
      graph: wf.graph,
      publishedBy: actorUserId,
    })
    .returning();
  const idByKey = new Map<string, number>();
  for (const s of wf.graph.steps) {
    const [row] = await tx
      .insert(steps)
      .values({
        workflowVersionId: version.id,
        key: s.key,
        name: s.name,
        roleId: s.roleId,
        escalateToRoleId: s.escalateToRoleId ?? null,
        instruction: s.instruction ?? '',
        weight: s.weight,
        order: s.order,
        isStart: s.isStart ?? false,
        isEnd: s.isEnd ?? false,
      })
      .returning({ id: steps.id });
    idByKey.set(s.key, row.id);
  }
  for (const t of wf.graph.transitions) {
    const from = idByKey.get(t.from);
    const to = t.to === null ? null : idByKey.get(t.to);
    if (from === undefined || to === undefined) {
      throw new AppError('INVALID_INPUT', `Transition "${t.name}" names a step that does not exist`);
    }
    await tx.insert(transitions).values({ workflowVersionId: version.id, key: t.key, name: t.name, fromStepId: from, toStepId: to });
  }
  try {
    await tx
      .update(workflows)
      .set({ currentVersionId: version.id, status: 'deployed', updatedAt: sql`now()` })
      .where(eq(workflows.id, wf.id));
  } catch (err) {
    if (isUniqueViolation(err, 'workflows_deployed_match_key')) {
      throw new AppError('CONFLICT', 'Another deployed workflow already claims this department/category/sub_category');
    }
    throw err;
  }
  await recordAudit(tx, {
    actorUserId,
    action: 'workflow.published',
    entityType: 'workflow',
    entityId: wf.id,
    data: { version: next },
  });
  return version;
}
