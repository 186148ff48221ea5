import { asc, eq, sql } from 'drizzle-orm';
import { requireAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { tasks, workflowVersions, workflows } from '../db/schema';
import { frozenPart } from '../workflows/workflow-json';

/** Every workflow for the admins' list: status, current version, what it claims, open tasks. */
export async function listWorkflowsOverview(db: DbOrTx, p: { actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Listing workflows');
  const open = db
    .select({ workflowId: tasks.workflowId, count: sql<number>`count(*)::int`.as('open_count') })
    .from(tasks)
    .where(sql`${tasks.status} in ('pending', 'in_progress', 'on_hold')`)
    .groupBy(tasks.workflowId)
    .as('open');
  const rows = await db
    .select({ wf: workflows, current: workflowVersions, openTasks: open.count })
    .from(workflows)
    .leftJoin(workflowVersions, eq(workflowVersions.id, workflows.currentVersionId))
    .leftJoin(open, eq(open.workflowId, workflows.id))
    .orderBy(asc(workflows.name), asc(workflows.id));
  return rows.map(({ wf, current, openTasks }) => ({
    id: wf.id,
    name: wf.name,
    status: wf.status,
    department: wf.department,
    category: wf.category,
    subCategory: wf.subCategory,
    version: current?.version ?? null,
    hasUnpublishedChanges: current ? frozenPart(wf) !== frozenPart(current) : true,
    openTasks: openTasks ?? 0,
    updatedAt: wf.updatedAt,
  }));
}
