import { getDb } from '@/lib/db/client';
import { parseWith, readJsonBody, route } from '@/lib/http';
import { createWorkflow } from '@/lib/workflows/create-workflow';
import { listWorkflows } from '@/lib/workflows/list-workflows';
import { listWorkflowsQuerySchema, workflowInputSchema } from '@/lib/workflows/schemas';

/** TTS staff read the definitions (403 for anyone else). */
export const GET = route(async ({ req, actor }) => {
  const query = parseWith(listWorkflowsQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listWorkflows(getDb(), { actorUserId: actor.userId, ...query }));
});

/** Admins define a workflow; it is a draft until published. */
export const POST = route(async ({ req, actor }) => {
  const input = parseWith(workflowInputSchema, await readJsonBody(req));
  return Response.json(await createWorkflow(getDb(), { actorUserId: actor.userId, input }), { status: 201 });
});
