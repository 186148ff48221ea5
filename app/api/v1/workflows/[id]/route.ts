import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';
import { getWorkflow } from '@/lib/workflows/get-workflow';
import { idParamsSchema, workflowInputSchema } from '@/lib/workflows/schemas';
import { updateWorkflow } from '@/lib/workflows/update-workflow';

/** TTS staff read a definition (404 for anyone else, as for a missing one). */
export const GET = route<{ id: string }>(async ({ params, actor }) => {
  const { id } = parseWith(idParamsSchema, params);
  return Response.json(await getWorkflow(getDb(), { workflowId: id, actorUserId: actor.userId }));
});

/** Replaces the definition; running tasks and new tickets use the current version until the next publish. */
export const PUT = route<{ id: string }>(async ({ req, params, actor }) => {
  const { id } = parseWith(idParamsSchema, params);
  const input = parseWith(workflowInputSchema, await readJsonBody(req));
  return Response.json(await updateWorkflow(getDb(), { workflowId: id, actorUserId: actor.userId, input }));
});
