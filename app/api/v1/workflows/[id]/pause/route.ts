import { getDb } from '@/lib/db/client';
import { parseWith, route } from '@/lib/http';
import { pauseWorkflow } from '@/lib/workflows/pause-workflow';
import { idParamsSchema } from '@/lib/workflows/schemas';

/** Stops the workflow taking new tickets; running tasks carry on. */
export const POST = route<{ id: string }>(async ({ params, actor }) => {
  const { id } = parseWith(idParamsSchema, params);
  return Response.json(await pauseWorkflow(getDb(), { workflowId: id, actorUserId: actor.userId }));
});
