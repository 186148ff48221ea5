import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { workflowVersions, workflows } from '../db/schema';
import { isStaff } from '../auth/roles';
import { notFound } from '../errors';
import { workflowJson } from './workflow-json';

/**
 * One workflow with its definition, current version and every published version. TTS staff only
 * (isStaff): for anyone else it does not exist (404, as for a missing id).
 */
export async function getWorkflow(db: DbOrTx, p: { workflowId: number; actorUserId: number }) {
  if (!(await isStaff(db, p.actorUserId))) throw notFound('Workflow');
  const [wf] = await db.select().from(workflows).where(eq(workflows.id, p.workflowId));
  if (!wf) throw notFound('Workflow');
  const versions = await db
    .select()
    .from(workflowVersions)
    .where(eq(workflowVersions.workflowId, wf.id))
    .orderBy(desc(workflowVersions.version));
  const current = versions.find((v) => v.id === wf.currentVersionId) ?? null;
  return workflowJson(wf, current, versions);
}
