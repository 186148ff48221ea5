import type { Db } from '../db/client';
import { workflows } from '../db/schema';
import { requireAdmin } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { toDefinition, type WorkflowInput } from './schemas';
import { assertValidWorkflow } from './validate-workflow';
import { workflowJson } from './workflow-json';

/**
 * An admin defines a new workflow. It is stored as a `draft` (tickets do not match it) until it is
 * published; the definition must already be valid, so publishing only freezes it.
 */
export async function createWorkflow(db: Db, p: { actorUserId: number; input: WorkflowInput }) {
  await requireAdmin(db, p.actorUserId, 'Defining workflows');
  const def = toDefinition(p.input);
  await assertValidWorkflow(db, def);
  return db.transaction(async (tx) => {
    const [wf] = await tx
      .insert(workflows)
      .values({ ...def, status: 'draft', createdBy: p.actorUserId })
      .returning();
    await recordAudit(tx, { actorUserId: p.actorUserId, action: 'workflow.created', entityType: 'workflow', entityId: wf.id, data: { name: wf.name } });
    return workflowJson(wf, null);
  });
}
