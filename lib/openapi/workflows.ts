import { publishResultJsonSchema, workflowJsonSchema, workflowPageJsonSchema } from '../workflows/workflow-json';
import { idParamsSchema, listWorkflowsQuerySchema, workflowInputSchema } from '../workflows/schemas';
import { authErrors, bodyErrors, defineOperation } from './registry';

const rules =
  'Rules checked on create, update and publish (each issue names the step or transition): exactly one start step; every step reachable from it; ' +
  'an end step reachable from every step; no dead ends (a step without outgoing transitions must be an end step; an end step with outgoing ' +
  'transitions needs one without a target); roles exist, are active and belong to TTS (system `tts`); SLA Critical < High < Medium < Low.';

/** Workflow definitions (admins write, TTS staff read). */
export const workflowOperations = [
  defineOperation({
    method: 'get',
    path: '/api/v1/workflows',
    tags: ['workflows'],
    summary: 'List workflows by name (TTS staff)',
    description: "For admins and active members of an active TTS role; anyone else (an HDTS employee's token, say) gets 403.",
    query: listWorkflowsQuerySchema,
    responses: { 200: { description: 'A page of workflows', schema: workflowPageJsonSchema } },
    errors: authErrors(403),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/workflows',
    tags: ['workflows'],
    summary: 'Define a workflow (admins); it is a draft until published',
    description: rules,
    body: workflowInputSchema,
    responses: { 201: { description: 'Created as draft', schema: workflowJsonSchema } },
    errors: bodyErrors(403),
  }),
  defineOperation({
    method: 'get',
    path: '/api/v1/workflows/{id}',
    tags: ['workflows'],
    summary: 'A workflow with its definition and published versions (TTS staff)',
    description: 'For admins and active members of an active TTS role; for anyone else it does not exist (404).',
    params: idParamsSchema,
    responses: { 200: { description: 'The workflow', schema: workflowJsonSchema } },
    errors: authErrors(404),
  }),
  defineOperation({
    method: 'put',
    path: '/api/v1/workflows/{id}',
    tags: ['workflows'],
    summary: 'Replace the definition (admins); nothing changes for tickets until it is published',
    description: `A deployed workflow cannot change its department/category/sub_category (409): pause it first. ${rules}`,
    params: idParamsSchema,
    body: workflowInputSchema,
    responses: { 200: { description: 'Saved', schema: workflowJsonSchema } },
    errors: bodyErrors(403, 404, 409),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/workflows/{id}/publish',
    tags: ['workflows'],
    summary: 'Freeze the definition as a new version and deploy it (admins)',
    description:
      'Running tasks stay on the version they started on; new tickets get this one. Unchanged since the current version: no new version (200), ' +
      'a paused workflow is deployed again. 409 when another deployed workflow claims the same department/category/sub_category.',
    params: idParamsSchema,
    responses: {
      201: { description: 'A new version (`is_new_version` true)', schema: publishResultJsonSchema },
      200: { description: 'Unchanged: the current version (`is_new_version` false)', schema: publishResultJsonSchema },
    },
    errors: authErrors(403, 404, 409),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/workflows/{id}/pause',
    tags: ['workflows'],
    summary: 'Stop a deployed workflow taking new tickets (admins); running tasks carry on',
    params: idParamsSchema,
    responses: { 200: { description: 'Paused', schema: workflowJsonSchema } },
    errors: authErrors(403, 404, 409),
  }),
];
