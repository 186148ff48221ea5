import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { workflows } from '../db/schema';

export type DeployedWorkflow = typeof workflows.$inferSelect;

interface Routable {
  department: string;
  category: string;
  subCategory: string | null;
}

/** Every deployed workflow, read once per routed batch and matched in memory (pickWorkflow). */
export async function listDeployedWorkflows(db: DbOrTx): Promise<DeployedWorkflow[]> {
  return db.select().from(workflows).where(eq(workflows.status, 'deployed')).orderBy(asc(workflows.id));
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The deployed workflow for a ticket: same department and category (case-insensitive); one naming
 * the ticket's sub_category beats one naming none; among equals, the oldest. Pure: `deployed`
 * comes from listDeployedWorkflows.
 */
export function pickWorkflow(deployed: DeployedWorkflow[], t: Routable): DeployedWorkflow | null {
  let generic: DeployedWorkflow | null = null;
  for (const wf of deployed) {
    if (!same(wf.department, t.department) || !same(wf.category, t.category)) continue;
    if (wf.subCategory === null) generic ??= wf;
    else if (t.subCategory !== null && same(wf.subCategory, t.subCategory)) return wf;
  }
  return generic;
}

/** pickWorkflow against the workflows deployed now. */
export async function matchWorkflow(db: DbOrTx, t: Routable): Promise<DeployedWorkflow | null> {
  return pickWorkflow(await listDeployedWorkflows(db), t);
}
