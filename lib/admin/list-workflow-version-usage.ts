import { asc, eq, sql } from 'drizzle-orm';
import { requireAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { tasks, workflowVersions } from '../db/schema';

/**
 * Every published version of a workflow with how many tasks run on it (pending, in progress, on
 * hold) and how many finished on it: tasks stay on the version they started on, so an old version
 * is still "live" while it has running tasks.
 */
export async function listWorkflowVersionUsage(db: DbOrTx, p: { actorUserId: number; workflowId: number }) {
  await requireAdmin(db, p.actorUserId, 'Reading workflow versions');
  return db
    .select({
      id: workflowVersions.id,
      version: workflowVersions.version,
      name: workflowVersions.name,
      publishedBy: workflowVersions.publishedBy,
      publishedAt: workflowVersions.createdAt,
      runningTasks: sql<number>`count(${tasks.id}) filter (where ${tasks.status} in ('pending', 'in_progress', 'on_hold'))::int`,
      finishedTasks: sql<number>`count(${tasks.id}) filter (where ${tasks.status} in ('completed', 'cancelled'))::int`,
    })
    .from(workflowVersions)
    .leftJoin(tasks, eq(tasks.workflowVersionId, workflowVersions.id))
    .where(eq(workflowVersions.workflowId, p.workflowId))
    .groupBy(workflowVersions.id)
    .orderBy(asc(workflowVersions.version));
}
