import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { workflowVersions, workflows } from '../db/schema';
import { requireStaff } from '../auth/roles';
import { workflowJson } from './workflow-json';

export type WorkflowStatus = (typeof workflows.$inferSelect)['status'];

/** A page of workflows by name, optionally of one status, each with its current version. TTS staff only (403). */
export async function listWorkflows(db: DbOrTx, p: { actorUserId: number; status?: WorkflowStatus; limit: number; offset: number }) {
  await requireStaff(db, p.actorUserId, 'Reading workflows');
  const rows = await db
    .select({ wf: workflows, current: workflowVersions })
    .from(workflows)
    .leftJoin(workflowVersions, eq(workflowVersions.id, workflows.currentVersionId))
    .where(p.status ? eq(workflows.status, p.status) : undefined)
    .orderBy(asc(workflows.name), asc(workflows.id))
    .limit(p.limit)
    .offset(p.offset);
  return { workflows: rows.map((r) => workflowJson(r.wf, r.current)), limit: p.limit, offset: p.offset };
}
