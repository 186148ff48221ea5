import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { publishWorkflow } from '@/lib/workflows/publish-workflow';
import { idParamsSchema } from '@/lib/workflows/schemas';

/** Freezes the definition as a new version (when it changed) and deploys the workflow. */
export const POST = route<{ id: string }>(async ({ params, actor }) => {
  const { id } = parseWith(idParamsSchema, params);
  const result = await publishWorkflow(getDb(), { workflowId: id, actorUserId: actor.userId });
  return Response.json(result, { status: result.is_new_version ? 201 : 200 });
});
