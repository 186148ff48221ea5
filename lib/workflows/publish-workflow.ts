import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { steps, transitions, workflowVersions, workflows } from '../db/schema';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { requireAdmin } from '../auth/roles';
import { isUniqueViolation } from '../db/driver-error';
import { assertValidWorkflow } from './validate-workflow';
import { frozenPart, versionJson, workflowJson } from './workflow-json';

/**
 * Freezes the workflow's current definition as a new immutable version (steps and transitions as
 * rows that tasks point at), makes it the current version and deploys the workflow. Tasks already
 * running stay on the version they started on. Refuses a definition that fails validation (its
 * roles may have gone since it was saved).
 */
export async function publishWorkflowVersion(tx: Tx, workflowId: number, actorUserId: number | null) {
  const [wf] = await tx.select().from(workflows).where(eq(workflows.id, workflowId)).for('update');
  if (!wf) throw notFound('Workflow');
  await assertValidWorkflow(tx, wf);
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
  await deploy(tx, wf.id, version.id);
  await recordAudit(tx, {
    actorUserId,
    action: 'workflow.published',
    entityType: 'workflow',
    entityId: wf.id,
    data: { version: next },
  });
  return version;
}

async function deploy(tx: Tx, workflowId: number, versionId: number) {
  try {
    // A savepoint, so the unique violation below leaves the caller's transaction usable.
    return await tx.transaction(async (sp) => {
      const [row] = await sp
        .update(workflows)
        .set({ currentVersionId: versionId, status: 'deployed', updatedAt: sql`now()` })
        .where(eq(workflows.id, workflowId))
        .returning();
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'workflows_deployed_match_key')) {
      throw new AppError('CONFLICT', 'Another deployed workflow already claims this department/category/sub_category');
    }
    throw err;
  }
}

/**
 * The admin's publish: a new version when the definition changed since the current one, otherwise
 * the current version again (publishing twice makes one version; publishing a paused, unchanged
 * workflow just deploys it again). The workflow row lock serializes concurrent publishes.
 */
export async function publishWorkflow(db: Db, p: { workflowId: number; actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Publishing workflows');
  return db.transaction(async (tx) => {
    const [wf] = await tx.select().from(workflows).where(eq(workflows.id, p.workflowId)).for('update');
    if (!wf) throw notFound('Workflow');
    const [current] = wf.currentVersionId
      ? await tx.select().from(workflowVersions).where(eq(workflowVersions.id, wf.currentVersionId))
      : [];
    if (current && frozenPart(wf) === frozenPart(current)) {
      let row = wf;
      if (wf.status !== 'deployed') {
        await assertValidWorkflow(tx, wf);
        row = await deploy(tx, wf.id, current.id);
        await recordAudit(tx, { actorUserId: p.actorUserId, action: 'workflow.redeployed', entityType: 'workflow', entityId: wf.id, data: { version: current.version } });
      }
      return { workflow: workflowJson(row, current), version: versionJson(current), is_new_version: false };
    }
    const version = await publishWorkflowVersion(tx, wf.id, p.actorUserId);
    const [row] = await tx.select().from(workflows).where(eq(workflows.id, wf.id));
    return { workflow: workflowJson(row, version), version: versionJson(version), is_new_version: true };
  });
}
