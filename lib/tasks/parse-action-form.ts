import { invalidInput } from '../errors';
import { type TaskItemAction, taskItemActionSchema } from './schemas';

/**
 * The task page's form: one note box and one button per choice (`transition:<id>`, `finalize`,
 * `escalate`, `hold`, `resume`), turned into the same action body the API takes, validated by the
 * same schema.
 */
export function parseActionForm(form: { choice: string; note: string }): TaskItemAction {
  const [kind, arg] = form.choice.split(':');
  const note = form.note;
  const body =
    kind === 'transition'
      ? { action: 'transition', transition_id: arg, note }
      : kind === 'escalate'
        ? { action: 'escalate', reason: note }
        : { action: kind, note: note.trim() ? note : undefined };
  const parsed = taskItemActionSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}
