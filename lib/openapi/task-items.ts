import {
  taskItemActionResultJsonSchema,
  taskItemDetailJsonSchema,
  taskItemPageJsonSchema,
} from '../tasks/task-item-json';
import { idParamsSchema, listTaskItemsQuerySchema, taskItemActionSchema } from '../tasks/schemas';
import { authErrors, bodyErrors, defineOperation } from './registry';

/** Task items: what agents work on. */
export const taskItemOperations = [
  defineOperation({
    method: 'get',
    path: '/api/v1/task-items',
    tags: ['task items'],
    summary:
      "Open task items (new, in_progress, breached) with their SLA state, most urgent first: the caller's (mine=true, the default) or everyone's (admins)",
    query: listTaskItemsQuerySchema,
    responses: { 200: { description: 'A page of open items', schema: taskItemPageJsonSchema } },
    errors: authErrors(403),
  }),
  defineOperation({
    method: 'get',
    path: '/api/v1/task-items/{id}',
    tags: ['task items'],
    summary: 'A task item with its task, ticket, step, instruction, history and available actions',
    description:
      "Visible to the assignee, the task's coordinator and admins. Read-only: viewing an item (or prefetching its link) changes nothing; " +
      'work starts with the `open` action (`POST /api/v1/task-items/{id}/actions`).',
    params: idParamsSchema,
    responses: { 200: { description: 'The item', schema: taskItemDetailJsonSchema } },
    errors: authErrors(404),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/task-items/{id}/actions',
    tags: ['task items'],
    summary: 'Act on a task item',
    description:
      '`open`: the assignee starts work; a `new` item becomes `in_progress` (a `breached` one stays `breached`), `opened_at` is set, the task is under way ' +
      'and the ticket "In Progress" (synced to HDTS). Idempotent: an item already opened is answered as it is. The task page sends it when the assignee views the item. ' +
      'Only the assignee may act, while the item is open: `new`, `in_progress` or `breached` (a breached item that was not escalated stays with its assignee; ' +
      'anyone else, a closed item, or a missing one: 404). ' +
      '`transfer` and `take_over` need Admin or Super Admin, or the ticket\'s coordinator (403 otherwise, whether or not the item exists). A transition needs a note and must leave the current step; ' +
      '`finalize` only where the current step has no outgoing transition; `escalate` once per step, to its escalate_to role; ' +
      'a held item must be resumed before other agent actions. Completing the task resolves the ticket and queues the status sync and end logic (AMS/BMS/notification).',
    params: idParamsSchema,
    body: taskItemActionSchema,
    responses: { 200: { description: 'Done', schema: taskItemActionResultJsonSchema } },
    errors: {
      ...bodyErrors(404),
      400: 'Invalid input (an empty note, an unknown transition); `issues` names each bad field',
      403: "transfer/take_over by someone not an admin nor the ticket's coordinator",
      409: 'Not possible now: a transition that does not leave the current step, finalize mid-workflow, a second escalation, no escalate_to role, on hold / not on hold',
    },
  }),
];
