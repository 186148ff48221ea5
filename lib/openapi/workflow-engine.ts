import { errorResponses, ticketSchema, ticketSummarySchema } from './shared';

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const idPath = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: `The ${what} id` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

const slaJson = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: ['on_track', 'at_risk', 'breached', 'on_hold'] },
    seconds_left: { type: 'integer', description: 'Negative when overdue; frozen while on hold' },
    warn_at: dateTime,
    target_at: dateTime,
    warned_at: nullableDateTime,
    breached_at: nullableDateTime,
  },
};

const taskItem = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    task_id: { type: 'integer' },
    step_id: { type: 'integer' },
    role_id: { type: 'integer' },
    user_id: { type: 'integer', description: 'The assignee' },
    status: { type: 'string', enum: ['new', 'in_progress', 'resolved', 'reassigned', 'escalated', 'breached'] },
    origin: { type: 'string', enum: ['system', 'transferred', 'escalated'] },
    previous_item_id: { type: ['integer', 'null'], description: 'The item this one was transferred or escalated from' },
    assigned_at: dateTime,
    opened_at: nullableDateTime,
    acted_at: nullableDateTime,
    is_on_hold: { type: 'boolean' },
    on_hold_since: nullableDateTime,
    held_seconds: { type: 'integer', description: 'SLA time credited for holds so far' },
    sla: slaJson,
  },
};

const taskJson = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    status: { type: 'string', enum: ['pending', 'in_progress', 'on_hold', 'completed', 'cancelled'] },
    workflow_id: { type: 'integer' },
    workflow_version_id: { type: 'integer', description: 'The version the task started on and stays on' },
    current_step_id: { type: ['integer', 'null'] },
    owner_user_id: { type: ['integer', 'null'], description: 'The Ticket Coordinator' },
    target_resolution: dateTime,
    started_at: dateTime,
    resolved_at: nullableDateTime,
    is_current_step_escalated: { type: 'boolean', description: 'A step is escalated at most once per visit' },
  },
};


const stepJson = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    key: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'integer', description: 'The role that does the step (an Auth Service role id)' },
    escalate_to: { type: ['integer', 'null'], description: 'The role an escalation goes to; null: the step cannot be escalated' },
    instruction: { type: 'string' },
    weight: { type: 'number' },
    order: { type: 'integer' },
    is_start: { type: 'boolean' },
    is_end: { type: 'boolean' },
  },
};

const listedItem = {
  allOf: [
    taskItem,
    {
      type: 'object',
      properties: {
        sla_state: { type: 'string', enum: ['on_track', 'at_risk', 'breached', 'on_hold'] },
        target_at: dateTime,
        step_name: { type: 'string' },
        workflow_name: { type: 'string' },
        step: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, instruction: { type: 'string' } } },
        task: { type: 'object', properties: { id: { type: 'integer' }, status: { type: 'string' }, target_resolution: dateTime } },
        ticket: ticketSummarySchema,
      },
    },
  ],
};

const itemDetail = {
  type: 'object',
  properties: {
    item: { allOf: [taskItem, { type: 'object', properties: { assignee_name: { type: ['string', 'null'] } } }] },
    task: taskJson,
    workflow: {
      type: 'object',
      properties: { id: { type: 'integer' }, name: { type: 'string' }, version_id: { type: 'integer' }, version: { type: 'integer' }, end_logic: { type: 'string' } },
    },
    ticket: ticketSchema,
    step: stepJson,
    instruction: { type: 'string', description: "The step's instruction to the assignee" },
    history: {
      type: 'array',
      description: 'Every change of every item of the task, oldest first',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          task_item_id: { type: 'integer' },
          step_id: { type: 'integer' },
          assignee_user_id: { type: 'integer' },
          assignee_name: { type: ['string', 'null'], description: 'From TTS\'s own users and synced memberships' },
          status: { type: 'string', description: "The item's status after the change" },
          action: {
            type: 'string',
            examples: ['assigned', 'opened', 'transition', 'finalized', 'escalated', 'transferred', 'taken_over', 'hold', 'resume', 'sla_warning', 'sla_breach'],
          },
          actor_user_id: { type: ['integer', 'null'], description: 'null: the system (SLA scan)' },
          actor_name: { type: ['string', 'null'] },
          note: { type: ['string', 'null'] },
          details: { type: 'object' },
          created_at: dateTime,
        },
      },
    },
    available_actions: {
      type: 'array',
      description: "For the assignee of an open item: the current step's outgoing transitions, or one finalize entry where it has none",
      items: {
        oneOf: [
          {
            type: 'object',
            properties: {
              action: { const: 'transition' },
              transition_id: { type: 'integer' },
              name: { type: 'string' },
              to_step_id: { type: ['integer', 'null'], description: 'null: the transition completes the task' },
            },
          },
          { type: 'object', properties: { action: { const: 'finalize' }, name: { const: 'Finalize' } } },
        ],
      },
    },
    other_actions: { type: 'array', items: { type: 'string', enum: ['hold', 'resume', 'escalate', 'transfer', 'take_over'] } },
  },
};

const note = { type: 'string', minLength: 1, description: 'Required and not blank' };
const optionalNote = { type: ['string', 'null'] };
const actionBody = {
  oneOf: [
    { type: 'object', required: ['action', 'transition_id', 'note'], properties: { action: { const: 'transition' }, transition_id: { type: 'integer' }, note } },
    { type: 'object', required: ['action', 'note'], properties: { action: { const: 'finalize' }, note } },
    { type: 'object', required: ['action', 'reason'], properties: { action: { const: 'escalate' }, reason: note } },
    { type: 'object', required: ['action', 'to_user_id'], properties: { action: { const: 'transfer' }, to_user_id: { type: 'integer' }, note: optionalNote } },
    { type: 'object', required: ['action'], properties: { action: { const: 'take_over' }, note: optionalNote } },
    { type: 'object', required: ['action'], properties: { action: { const: 'hold' }, note: optionalNote } },
    { type: 'object', required: ['action'], properties: { action: { const: 'resume' }, note: optionalNote } },
  ],
  discriminator: { propertyName: 'action' },
};

const actionResult = {
  type: 'object',
  properties: {
    action: { type: 'string' },
    item: taskItem,
    next_item: { oneOf: [taskItem, { type: 'null' }], description: 'The item the task moved on to (transition, escalate, transfer, take_over)' },
    task: taskJson,
  },
};

const stepInput = {
  type: 'object',
  required: ['key', 'name', 'role'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Transitions refer to steps by key' },
    name: { type: 'string' },
    role: { type: 'integer', description: 'The role that does the step (an Auth Service role id)' },
    escalate_to: { type: ['integer', 'null'], description: 'The role escalations go to (by hand or on SLA breach); null or absent: none' },
    instruction: { type: 'string', default: '' },
    weight: { type: 'number', exclusiveMinimum: 0, default: 1, description: "The step's share of the SLA: weight / sum of weights" },
    order: { type: 'integer', minimum: 0, default: 0 },
    is_start: { type: 'boolean', default: false },
    is_end: { type: 'boolean', default: false },
  },
};
const transitionInput = {
  type: 'object',
  required: ['key', 'name', 'from', 'to'],
  additionalProperties: false,
  properties: {
    key: { type: 'string' },
    name: { type: 'string', examples: ['Submit', 'Approve', 'Reject', 'Complete'] },
    from: { type: 'string', description: 'Step key' },
    to: { type: ['string', 'null'], description: 'Step key; null finishes the workflow (only from an end step)' },
  },
};
const seconds = { type: 'integer', minimum: 1 };
const workflowInput = {
  type: 'object',
  required: ['name', 'department', 'category', 'sla_seconds', 'steps', 'transitions'],
  description:
    'Rules checked on create, update and publish (each issue names the step or transition): exactly one start step; every step reachable from it; ' +
    'an end step reachable from every step; no dead ends (a step without outgoing transitions must be an end step; an end step with outgoing ' +
    'transitions needs one without a target); roles exist, are active and belong to TTS (system `tts`); SLA Critical < High < Medium < Low.',
  properties: {
    name: { type: 'string' },
    description: { type: 'string', default: '' },
    department: { type: 'string' },
    category: { type: 'string' },
    sub_category: { type: ['string', 'null'], description: 'A workflow naming the ticket sub_category beats one naming none' },
    sla_seconds: {
      type: 'object',
      required: ['Critical', 'High', 'Medium', 'Low'],
      properties: { Critical: seconds, High: seconds, Medium: seconds, Low: seconds },
    },
    end_logic: { type: 'string', enum: ['none', 'asset', 'budget', 'notification'], default: 'none' },
    calendar: {
      type: ['object', 'null'],
      description: 'Business hours: SLA targets count only this working time',
      required: ['timezone', 'working_days', 'start', 'end'],
      properties: {
        timezone: { type: 'string', examples: ['Europe/Berlin'] },
        working_days: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 7 }, description: 'ISO weekdays, 1 = Monday' },
        start: { type: 'string', examples: ['09:00'] },
        end: { type: 'string', examples: ['17:00'] },
        holidays: { type: 'array', items: { type: 'string', format: 'date' }, default: [] },
      },
    },
    warning_share: { type: ['number', 'null'], exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Share of the SLA time after which the warning goes out (default SLA_WARNING_SHARE, 0.8)' },
    steps: { type: 'array', items: stepInput, minItems: 1 },
    transitions: { type: 'array', items: transitionInput },
  },
};
const versionJson = {
  type: 'object',
  properties: { id: { type: 'integer' }, version: { type: 'integer' }, published_by: { type: ['integer', 'null'] }, published_at: dateTime },
};
const workflowJson = {
  allOf: [
    workflowInput,
    {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        status: { type: 'string', enum: ['draft', 'deployed', 'paused'] },
        current_version: { oneOf: [versionJson, { type: 'null' }] },
        has_unpublished_changes: { type: 'boolean' },
        versions: { type: 'array', items: versionJson, description: 'GET /workflows/{id} only' },
        created_by: { type: ['integer', 'null'] },
        created_at: dateTime,
        updated_at: dateTime,
      },
    },
  ],
};

/** Task items (agent actions) and workflow definitions. */
export const workflowEnginePaths: Record<string, unknown> = {
  '/api/v1/task-items': {
    get: {
      tags: ['task items'],
      summary: "Open task items (new, in_progress, breached) with their SLA state, most urgent first: the caller's (mine=true, the default) or everyone's (admins)",
      parameters: [
        { name: 'mine', in: 'query', schema: { type: 'string', enum: ['true', 'false', '1', '0'], default: 'true' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': {
          description: 'A page of open items',
          content: json({ type: 'object', properties: { items: { type: 'array', items: listedItem }, limit: { type: 'integer' }, offset: { type: 'integer' } } }),
        },
        ...errorResponses(400, 401, 403),
      },
    },
  },
  '/api/v1/task-items/{id}': {
    get: {
      tags: ['task items'],
      summary: 'A task item with its task, ticket, step, instruction, history and available actions',
      description:
        'Visible to the assignee, the task\'s coordinator and admins. When the assignee first opens an item, work starts: a `new` item becomes `in_progress` ' +
        '(a `breached` one stays `breached`) and the ticket "In Progress" (synced to HDTS).',
      parameters: [idPath('task item')],
      responses: { '200': { description: 'The item', content: json(itemDetail) }, ...errorResponses(400, 401, 404) },
    },
  },
  '/api/v1/task-items/{id}/actions': {
    post: {
      tags: ['task items'],
      summary: 'Act on a task item',
      description:
        'Only the assignee may act, while the item is open: `new`, `in_progress` or `breached` (a breached item that was not escalated stays with its assignee; ' +
        'anyone else, a closed item, or a missing one: 404). ' +
        '`transfer` and `take_over` need Admin or Super Admin (403). A transition needs a note and must leave the current step; ' +
        '`finalize` only where the current step has no outgoing transition; `escalate` once per step, to its escalate_to role; ' +
        'a held item must be resumed before other agent actions. Completing the task resolves the ticket and queues the status sync and end logic (AMS/BMS/notification).',
      parameters: [idPath('task item')],
      requestBody: { required: true, content: json(actionBody) },
      responses: {
        '200': { description: 'Done', content: json(actionResult) },
        '400': { description: 'Invalid input (an empty note, an unknown transition); `issues` names each bad field', content: json({ $ref: '#/components/schemas/Error' }) },
        '403': { description: 'transfer/take_over without Admin or Super Admin', content: json({ $ref: '#/components/schemas/Error' }) },
        '409': {
          description: 'Not possible now: a transition that does not leave the current step, finalize mid-workflow, a second escalation, no escalate_to role, on hold / not on hold',
          content: json({ $ref: '#/components/schemas/Error' }),
        },
        ...errorResponses(401, 404, 413, 415),
      },
    },
  },
  '/api/v1/workflows': {
    get: {
      tags: ['workflows'],
      summary: 'List workflows by name (TTS staff)',
      description: 'For admins and active members of an active TTS role; anyone else (an HDTS employee\'s token, say) gets 403.',
      parameters: [
        { name: 'status', in: 'query', schema: { type: 'string', enum: ['draft', 'deployed', 'paused'] } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
      ],
      responses: {
        '200': {
          description: 'A page of workflows',
          content: json({ type: 'object', properties: { workflows: { type: 'array', items: workflowJson }, limit: { type: 'integer' }, offset: { type: 'integer' } } }),
        },
        ...errorResponses(400, 401, 403),
      },
    },
    post: {
      tags: ['workflows'],
      summary: 'Define a workflow (admins); it is a draft until published',
      requestBody: { required: true, content: json(workflowInput) },
      responses: { '201': { description: 'Created as draft', content: json(workflowJson) }, ...errorResponses(400, 401, 403, 413, 415) },
    },
  },
  '/api/v1/workflows/{id}': {
    get: {
      tags: ['workflows'],
      summary: 'A workflow with its definition and published versions (TTS staff)',
      description: 'For admins and active members of an active TTS role; for anyone else it does not exist (404).',
      parameters: [idPath('workflow')],
      responses: { '200': { description: 'The workflow', content: json(workflowJson) }, ...errorResponses(400, 401, 404) },
    },
    put: {
      tags: ['workflows'],
      summary: 'Replace the definition (admins); nothing changes for tickets until it is published',
      description: 'A deployed workflow cannot change its department/category/sub_category (409): pause it first.',
      parameters: [idPath('workflow')],
      requestBody: { required: true, content: json(workflowInput) },
      responses: { '200': { description: 'Saved', content: json(workflowJson) }, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
    },
  },
  '/api/v1/workflows/{id}/publish': {
    post: {
      tags: ['workflows'],
      summary: 'Freeze the definition as a new version and deploy it (admins)',
      description:
        'Running tasks stay on the version they started on; new tickets get this one. Unchanged since the current version: no new version (200), ' +
        'a paused workflow is deployed again. 409 when another deployed workflow claims the same department/category/sub_category.',
      parameters: [idPath('workflow')],
      responses: {
        '201': { description: 'A new version', content: json({ type: 'object', properties: { workflow: workflowJson, version: versionJson, is_new_version: { const: true } } }) },
        '200': { description: 'Unchanged: the current version', content: json({ type: 'object', properties: { workflow: workflowJson, version: versionJson, is_new_version: { const: false } } }) },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    },
  },
  '/api/v1/workflows/{id}/pause': {
    post: {
      tags: ['workflows'],
      summary: 'Stop a deployed workflow taking new tickets (admins); running tasks carry on',
      parameters: [idPath('workflow')],
      responses: { '200': { description: 'Paused', content: json(workflowJson) }, ...errorResponses(400, 401, 403, 404, 409) },
    },
  },
};
