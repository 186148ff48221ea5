import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { workflowVersions, workflows } from '../db/schema';
import { requireAdmin } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { AppError, notFound } from '../errors';
import { toDefinition, type WorkflowInput } from './schemas';
import { assertValidWorkflow } from './validate-workflow';
import { workflowJson } from './workflow-json';

const sameText = (a: string | null, b: string | null) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/**
 * Replaces a workflow's definition. Nothing running changes: tasks keep their version, and new
 * tickets keep getting the current version until the workflow is published again. The one thing
 * that is not versioned is which tickets a workflow claims (department/category/sub_category are
 * matched live), so a deployed workflow must be paused before its claim changes.
 */
export async function updateWorkflow(db: Db, p: { workflowId: number; actorUserId: number; input: WorkflowInput }) {
  await requireAdmin(db, p.actorUserId, 'Editing workflows');
  const def = toDefinition(p.input);
  await assertValidWorkflow(db, def);
  // The row lock orders this edit against a concurrent publish of the same workflow.
  return db.transaction(async (tx) => {
    const [wf] = await tx.select().from(workflows).where(eq(workflows.id, p.workflowId)).for('update');
    if (!wf) throw notFound('Workflow');
    const claimChanged =
      !sameText(wf.department, def.department) || !sameText(wf.category, def.category) || !sameText(wf.subCategory, def.subCategory);
    if (wf.status === 'deployed' && claimChanged) {
      throw new AppError('CONFLICT', 'A deployed workflow cannot change its department, category or sub_category: pause it first');
    }
    const [updated] = await tx
      .update(workflows)
      .set({ ...def, updatedAt: sql`now()` })
      .where(eq(workflows.id, wf.id))
      .returning();
    const [current] = updated.currentVersionId
      ? await tx.select().from(workflowVersions).where(eq(workflowVersions.id, updated.currentVersionId))
      : [];
    await recordAudit(tx, { actorUserId: p.actorUserId, action: 'workflow.updated', entityType: 'workflow', entityId: wf.id, data: { name: def.name } });
    return workflowJson(updated, current ?? null);
  });
}
