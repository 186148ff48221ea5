import type { EmailMode, NotificationType } from '../db/schema';

/** What each type is, for people choosing their preferences. */
export const NOTIFICATION_TYPE_LABELS: Record<NotificationType, string> = {
  task_assignment: 'A task is assigned to me',
  task_transfer_in: 'A task is transferred to me',
  task_transfer_out: 'A task of mine is transferred to someone else',
  task_escalation: 'A task is escalated to me',
  task_completed: 'A ticket I coordinate or worked on is completed',
  sla_warning: 'A task is close to its SLA deadline',
  sla_breach: 'A task passed its SLA deadline',
  comment_added: 'Someone comments on a ticket I work on',
};

/**
 * Email defaults, against noise: what needs action now comes at once (new work, a breach), what
 * is only worth reading if the in-app one went unseen waits (comments, completions), and what
 * can wait for the morning goes in the digest (warnings, a task leaving me).
 */
export const DEFAULT_EMAIL_MODE: Record<NotificationType, EmailMode> = {
  task_assignment: 'immediate',
  task_transfer_in: 'immediate',
  task_transfer_out: 'digest',
  task_escalation: 'immediate',
  task_completed: 'unread_after',
  sla_warning: 'digest',
  sla_breach: 'immediate',
  comment_added: 'unread_after',
};

/** Types that always show in-app: new work and missed deadlines must not be silenced. */
export const IN_APP_REQUIRED_TYPES: readonly NotificationType[] = ['sla_breach', 'task_assignment'];

export interface TypePreference {
  isInApp: boolean;
  email: EmailMode;
}

export function defaultPreference(type: NotificationType): TypePreference {
  return { isInApp: true, email: DEFAULT_EMAIL_MODE[type] };
}
