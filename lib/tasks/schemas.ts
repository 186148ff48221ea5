import { z } from 'zod';
import { idLike, pageLimit, pageOffset } from '../validation';

// Each check names its own message: without one, zod 4 falls back to the schema's `error` (a
// 10,001-character note was refused as "note is required").
const NOTE_MAX = 10_000;
const note = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(NOTE_MAX, `${what} must be at most 10,000 characters`);
const optionalNote = z.string({ error: 'note must be text' }).trim().max(NOTE_MAX, 'note must be at most 10,000 characters').nullish();

/**
 * The body of `POST /api/v1/task-items/{id}/actions`: one action per request, told apart by
 * `action`. Notes are required where the domain asks for a reason (a transition, finalising,
 * escalating) and optional elsewhere. `open` is the assignee starting work on it (the task page
 * sends it when the assignee views the item; idempotent).
 */
export const taskItemActionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('open') }),
    z.object({ action: z.literal('transition'), transition_id: idLike('transition_id'), note: note('note') }),
    z.object({ action: z.literal('finalize'), note: note('note') }),
    z.object({ action: z.literal('escalate'), reason: note('reason') }),
    z.object({ action: z.literal('transfer'), to_user_id: idLike('to_user_id'), note: optionalNote }),
    z.object({ action: z.literal('take_over'), note: optionalNote }),
    z.object({ action: z.literal('hold'), note: optionalNote }),
    z.object({ action: z.literal('resume'), note: optionalNote }),
  ],
  { error: 'action must be one of open, transition, finalize, escalate, transfer, take_over, hold, resume' },
);
export type TaskItemAction = z.infer<typeof taskItemActionSchema>;
export type TaskItemActionName = TaskItemAction['action'];

export const listTaskItemsQuerySchema = z.object({
  mine: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === undefined || v === 'true' || v === '1'),
  limit: pageLimit(),
  offset: pageOffset(),
});
export type ListTaskItemsQuery = z.infer<typeof listTaskItemsQuerySchema>;

/** `{id}` of /api/v1/task-items/{id}: the shared positive-integer id (lib/validation.ts). */
export { idParamsSchema } from '../validation';
