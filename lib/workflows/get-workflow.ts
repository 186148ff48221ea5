import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { workflowVersions, workflows } from '../db/schema';
import { notFound } from '../errors';
import { workflowJson } from './workflow-json';

/** One workflow with its definition, current version and every published version. */
export async function getWorkflow(db: DbOrTx, workflowId: number) {
  const [wf] = await db.select().from(workflows).where(eq(workflows.id, workflowId));
  if (!wf) throw notFound('Workflow');
  const versions = await db
    .select()
    .from(workflowVersions)
    .where(eq(workflowVersions.workflowId, wf.id))
    .orderBy(desc(workflowVersions.version));
  const current = versions.find((v) => v.id === wf.currentVersionId) ?? null;
  return workflowJson(wf, current, versions);
}
