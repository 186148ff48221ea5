import { invalidInput } from '../errors';
import { type TaskItemAction, taskItemActionSchema } from './schemas';

/**
 * The task page's form: one note box and one button per choice (`transition:<id>`, `finalize`,
 * `escalate`, `hold`, `resume`, `take_over`, `transfer` with `to_user_id`), turned into the same action body the API takes, validated by the
 * same schema.
 */
export function parseActionForm(form: { choice: string; note: string; toUserId?: string }): TaskItemAction {
  const [kind, arg] = form.choice.split(':');
  const note = form.note;
  const body =
    kind === 'transition'
      ? { action: 'transition', transition_id: arg, note }
      : kind === 'escalate'
        ? { action: 'escalate', reason: note }
        : kind === 'transfer'
          ? { action: 'transfer', to_user_id: form.toUserId ?? '', note: note.trim() ? note : undefined }
          : { action: kind, note: note.trim() ? note : undefined };
  const parsed = taskItemActionSchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}
