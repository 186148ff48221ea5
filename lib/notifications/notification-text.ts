import type { NotificationType } from '../db/schema';

/**
 * What a notification is about, as the producer knows it. Everything optional but the ticket: each
 * type uses what it needs. People are ids; their names are looked up once per batch.
 */
export interface NotificationContext {
  ticketNumber: string;
  ticketSubject: string;
  priority?: string | null;
  workflowName?: string | null;
  stepName?: string | null;
  /** The role the item is held in (escalation: the escalate_to role). */
  roleName?: string | null;
  /** The item's deadline. */
  targetAt?: Date | null;
  /** The actor's note, or an escalation's reason. */
  note?: string | null;
  /** transfer / take over (task_transfer_in, task_transfer_out). */
  reassignKind?: 'transfer' | 'take_over' | null;
  toUserId?: number | null;
  fromUserId?: number | null;
  /** Who holds the item (SLA notifications sent to the coordinator name them). */
  assigneeUserId?: number | null;
  /** The escalation was caused by a missed SLA, not by a person. */
  isSlaEscalation?: boolean;
  taskId?: number | null;
  /** comment_added. */
  commentId?: number | null;
  commentExcerpt?: string | null;
  /** comment_added for someone the comment @mentions. */
  isMention?: boolean;
}

export interface ComposeInput {
  type: NotificationType;
  recipientUserId: number;
  context: NotificationContext;
  /** Names by user id (actor, transfer parties, assignee). */
  names: Map<number, string>;
  actorUserId: number | null;
  link: string | null;
}

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Tue 1 Dec 2026, 14:05 UTC": unambiguous for readers in any zone (emails cannot know theirs). */
export function formatDeadline(at: Date): string {
  return `${UTC_FORMAT.format(at).replace(/,/g, '').replace(/(\d{4}) /, '$1, ')} UTC`;
}

function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * Subject and message of a notification: what happened, to which ticket (number and subject),
 * where in the workflow (workflow, step), by whom, the deadline, and where to act. Plain text;
 * the email templates escape it.
 */
export function composeNotification(p: ComposeInput): { subject: string; message: string } {
  const c = p.context;
  const name = (id: number | null | undefined, fallback: string) => (id == null ? fallback : (p.names.get(id) ?? `user ${id}`));
  const actor = p.actorUserId === null ? null : name(p.actorUserId, '');
  const ticket = `ticket ${c.ticketNumber} "${clip(c.ticketSubject, 80)}"`;
  const subj = clip(c.ticketSubject, 80);
  const where = [c.stepName ? `step "${c.stepName}"` : null, c.workflowName ? `of workflow "${c.workflowName}"` : null]
    .filter(Boolean)
    .join(' ');
  const due = c.targetAt ? ` Due ${formatDeadline(c.targetAt)}.` : '';
  const note = c.note ? ` Note: "${clip(c.note, 300)}".` : '';
  const open = p.link ? ` Open it: ${p.link}` : '';
  const priority = c.priority ? ` (${c.priority})` : '';

  switch (p.type) {
    case 'task_assignment':
      return {
        subject: `[${c.ticketNumber}] New task: ${subj}`,
        message: `${actor ? `${actor} moved ${ticket} on to you` : `You were assigned ${ticket}`}${priority}: ${where || 'a step'}${c.roleName ? ` as ${c.roleName}` : ''}.${due}${note}${open}`,
      };
    case 'task_transfer_in':
      return {
        subject: `[${c.ticketNumber}] Transferred to you: ${subj}`,
        message: `${actor ?? 'An admin'} ${c.reassignKind === 'take_over' ? 'gave you' : 'transferred to you'} ${ticket}${c.fromUserId ? ` from ${name(c.fromUserId, '')}` : ''}${priority}: ${where || 'its current step'}.${due}${note}${open}`,
      };
    case 'task_transfer_out':
      return {
        subject: `[${c.ticketNumber}] No longer yours: ${subj}`,
        message: `${actor ?? 'An admin'} ${c.reassignKind === 'take_over' ? 'took over' : 'transferred'} ${ticket}${c.reassignKind === 'take_over' ? '' : ` to ${name(c.toUserId, 'someone else')}`} (${where || 'its current step'}). You need not act on it any more.${note}${open}`,
      };
    case 'task_escalation':
      return {
        subject: `[${c.ticketNumber}] Escalated to you: ${subj}`,
        message: `${c.isSlaEscalation ? `${ticket} missed its SLA and was escalated to you` : `${actor ?? 'Someone'} escalated ${ticket} to you`}${c.roleName ? ` (${c.roleName})` : ''}${priority}: ${where || 'its current step'}.${due}${c.note ? ` Reason: "${clip(c.note, 300)}".` : ''}${open}`,
      };
    case 'task_completed':
      return {
        subject: `[${c.ticketNumber}] Completed: ${subj}`,
        message: `${ticket} finished${c.workflowName ? ` workflow "${c.workflowName}"` : ' its workflow'}${actor ? `: ${actor} completed ${c.stepName ? `step "${c.stepName}"` : 'the last step'}` : ''}. It is resolved.${note}${open}`,
      };
    case 'sla_warning':
    case 'sla_breach': {
      const holder = c.assigneeUserId === p.recipientUserId ? 'you hold it' : `held by ${name(c.assigneeUserId, 'nobody')}`;
      const deadline = c.targetAt ? formatDeadline(c.targetAt) : 'its deadline';
      return p.type === 'sla_warning'
        ? {
            subject: `[${c.ticketNumber}] SLA at risk: ${subj}`,
            message: `${ticket}${priority} is due ${deadline} at ${where || 'its current step'} (${holder}).${open}`,
          }
        : {
            subject: `[${c.ticketNumber}] SLA breached: ${subj}`,
            message: `${ticket}${priority} passed its deadline ${deadline} at ${where || 'its current step'} (${holder}).${open}`,
          };
    }
    case 'comment_added':
      if (c.isMention) {
        return {
          subject: `[${c.ticketNumber}] ${actor ?? 'Someone'} mentioned you: ${subj}`,
          message: `${actor ?? 'Someone'} mentioned you in a comment on ${ticket}${c.commentExcerpt ? `: "${clip(c.commentExcerpt, 300)}"` : '.'}${open}`,
        };
      }
      return {
        subject: `[${c.ticketNumber}] New comment: ${subj}`,
        message: `${actor ?? 'Someone'} commented on ${ticket}${c.commentExcerpt ? `: "${clip(c.commentExcerpt, 300)}"` : '.'}${open}`,
      };
  }
}
