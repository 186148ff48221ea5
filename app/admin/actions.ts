'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { formText } from '@/lib/form-text';
import { discardDeadLetter } from '@/lib/admin/discard-dead-letter';
import { replayDeadLetter } from '@/lib/admin/replay-dead-letter';
import { retryOutboundMessage } from '@/lib/admin/retry-outbound-message';
import { routeTicketsByHand } from '@/lib/admin/route-tickets-by-hand';
import { memberAssignableSchema, routeManySchema } from '@/lib/admin/schemas';
import { setMemberAssignable } from '@/lib/admin/set-member-assignable';
import { getDb } from '@/lib/db/client';
import { AppError, parseWith } from '@/lib/errors';
import { retryAllFailedNotifications, retryFailedNotification } from '@/lib/notifications/email/retry-failed-notifications';
import { INT4_MAX } from '@/lib/validation';
import { inboundTaskRunners } from '@/workers/amqp-bridge/inbound-tasks';
import type { AdminActionState } from '@/components/admin/action-state';

/**
 * The admin console's server actions. Each finds out who is calling, reads its form, calls the
 * same domain function as the API (which refuses anyone but an admin), and returns a sentence for
 * the form to show: what was done, or why it was refused.
 */

async function actorId(): Promise<number> {
  const session = await auth();
  if (!session?.user?.id) redirect('/signin');
  return Number(session.user.id);
}

function idOf(form: FormData, name: string): number {
  const n = Number(form.get(name));
  if (!Number.isSafeInteger(n) || n < 1 || n > INT4_MAX) throw new AppError('INVALID_INPUT', `This form is missing its ${name.replace('_', ' ')}; reload the page`);
  return n;
}

/** Runs `work`; an AppError (refused, conflict, invalid) becomes the form's message, anything else is the page's error. */
async function attempt(work: () => Promise<string>, paths: string[]): Promise<AdminActionState> {
  try {
    const message = await work();
    for (const p of paths) revalidatePath(p);
    return { ok: true, message, at: Date.now() };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    for (const p of paths) revalidatePath(p);
    const message = err.issues?.length ? err.issues.map((i) => i.message).join('; ') : err.message;
    return { ok: false, message: sentence(message), at: Date.now() };
  }
}

const sentence = (s: string) => {
  const t = s.trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
};

export async function setMemberAssignableAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const actorUserId = await actorId();
  return attempt(async () => {
    const input = parseWith(memberAssignableSchema, {
      role_id: form.get('role_id'),
      user_id: form.get('user_id'),
      is_assignable: form.get('is_assignable'),
      reason: form.get('reason') ?? undefined,
    });
    const name = (formText(form, 'member_name') || `User ${input.user_id}`);
    const result = await setMemberAssignable(getDb(), { actorUserId, roleId: input.role_id, userId: input.user_id, isAssignable: input.is_assignable, reason: input.reason });
    if (!result.isChanged) return input.is_assignable ? `${name} already takes turns in this role.` : `${name} was already paused in this role.`;
    return input.is_assignable ? `${name} takes turns in this role again.` : `${name} no longer gets new work in this role.`;
  }, ['/admin/roles']);
}

export async function routeTicketsAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const actorUserId = await actorId();
  return attempt(async () => {
    // A row's own button routes that ticket alone; the form's button routes every ticked one.
    const only = form.get('only');
    const picked = typeof only === 'string' && only ? [only] : form.getAll('ticket_number').map(String);
    const input = parseWith(routeManySchema, { workflow_id: form.get('workflow_id') || undefined, ticket_numbers: picked });
    const results = await routeTicketsByHand(getDb(), { actorUserId, ticketNumbers: input.ticket_numbers, workflowId: input.workflow_id });
    const routed = results.filter((r) => r.outcome === 'routed');
    const refused = results.filter((r) => r.outcome === 'refused');
    const parts: string[] = [];
    if (routed.length) parts.push(`Routed ${routed.map((r) => r.ticketNumber).join(', ')}.`);
    if (refused.length) parts.push(`Not routed: ${refused.map((r) => `${r.ticketNumber} (${r.reason})`).join('; ')}.`);
    if (routed.length === 0) throw new AppError('CONFLICT', parts.join(' '));
    return parts.join(' ');
  }, ['/admin/unrouted']);
}

export async function replayDeadLetterAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const actorUserId = await actorId();
  return attempt(async () => {
    const id = idOf(form, 'dead_letter_id');
    const result = await replayDeadLetter(getDb(), { actorUserId, deadLetterId: id, runners: inboundTaskRunners });
    if (result.outcome === 'applied') return `Replayed: the message was applied.`;
    if (result.outcome === 'already_applied') return `Replayed: its effect was already in TTS, so nothing changed.`;
    return `Replayed, but it failed again: ${result.reason ?? 'no reason given'}. It is not replayed again; discard it once handled.`;
  }, ['/admin/integration']);
}

/** The dead letters' one form: each Replay / Discard button sends `dead_letter` = `replay:<id>` or `discard:<id>`. */
export async function deadLetterAction(state: AdminActionState, form: FormData): Promise<AdminActionState> {
  const [op, id] = formText(form, 'dead_letter').split(':');
  const one = new FormData();
  one.set('dead_letter_id', id ?? '');
  return op === 'discard' ? discardDeadLetterAction(state, one) : replayDeadLetterAction(state, one);
}

export async function discardDeadLetterAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const actorUserId = await actorId();
  return attempt(async () => {
    await discardDeadLetter(getDb(), { actorUserId, deadLetterId: idOf(form, 'dead_letter_id') });
    return 'Discarded.';
  }, ['/admin/integration']);
}

export async function retryOutboundAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const actorUserId = await actorId();
  return attempt(async () => {
    const jobId = formText(form, 'job_id');
    const result = await retryOutboundMessage(getDb(), { actorUserId, jobId });
    return result.previousState === 'failed' ? 'Given one more try, now.' : 'Made due now.';
  }, ['/admin/integration']);
}

export async function retryFailedNotificationAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const actorUserId = await actorId();
  return attempt(async () => {
    await retryFailedNotification(getDb(), { actorUserId, id: idOf(form, 'failed_notification_id') });
    return 'Queued again: it is being sent now.';
  }, ['/admin/notifications']);
}

export async function retryAllFailedNotificationsAction(_: AdminActionState): Promise<AdminActionState> {
  const actorUserId = await actorId();
  return attempt(async () => {
    const result = await retryAllFailedNotifications(getDb(), { actorUserId });
    if (result.retried === 0) throw new AppError('CONFLICT', 'Nothing to retry: every open failure is already queued again');
    return `Queued ${result.retried} ${result.retried === 1 ? 'delivery' : 'deliveries'} again.`;
  }, ['/admin/notifications']);
}
