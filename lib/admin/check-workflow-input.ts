import { requireAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { type ErrorIssue, zodIssues } from '../errors';
import { toDefinition, workflowInputSchema } from '../workflows/schemas';
import { validateWorkflow } from '../workflows/validate-workflow';

/**
 * Everything wrong with a workflow definition as the editor has it, without saving it: the shape
 * (zod) and, once the shape is right, the graph rules and roles (validateWorkflow). Each issue's
 * path names the field in the request body (`steps.2.role`, `transitions.0.to`, `sla_seconds.High`),
 * which is where the editor shows it. The same rules createWorkflow, updateWorkflow and publish
 * apply, so a definition this passes saves.
 */
export async function checkWorkflowInput(db: DbOrTx, p: { actorUserId: number; input: unknown }): Promise<{ issues: ErrorIssue[] }> {
  await requireAdmin(db, p.actorUserId, 'Checking workflows');
  const parsed = workflowInputSchema.safeParse(p.input);
  if (!parsed.success) return { issues: zodIssues(parsed.error) };
  return { issues: await validateWorkflow(db, toDefinition(parsed.data)) };
}
