import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { workflowVersions, workflows } from '../db/schema';
import { requireAdmin } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { AppError, notFound } from '../errors';
import { workflowJson } from './workflow-json';

/**
 * Stops a deployed workflow from taking new tickets (they wait as unrouted, or go to another
 * workflow that claims them). Tasks already running carry on. Publishing deploys it again.
 * Pausing a paused workflow is a no-op; a draft cannot be paused.
 */
export async function pauseWorkflow(db: Db, p: { workflowId: number; actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Pausing workflows');
  return db.transaction(async (tx) => {
    const [wf] = await tx.select().from(workflows).where(eq(workflows.id, p.workflowId)).for('update');
    if (!wf) throw notFound('Workflow');
    if (wf.status === 'draft') throw new AppError('CONFLICT', 'A draft workflow is not deployed, so it cannot be paused');
    let row = wf;
    if (wf.status === 'deployed') {
      [row] = await tx.update(workflows).set({ status: 'paused', updatedAt: sql`now()` }).where(eq(workflows.id, wf.id)).returning();
      await recordAudit(tx, { actorUserId: p.actorUserId, action: 'workflow.paused', entityType: 'workflow', entityId: wf.id });
    }
    const [current] = row.currentVersionId
      ? await tx.select().from(workflowVersions).where(eq(workflowVersions.id, row.currentVersionId))
      : [];
    return workflowJson(row, current ?? null);
  });
}
