import type { Db } from '@/lib/db/client';
import { type DecodedCeleryTask, PoisonMessageError } from '@/lib/amqp/decode-celery-message';
import { INBOUND_TASKS } from '@/lib/amqp/topology';
import { parseWith } from '@/lib/errors';
import { roleSyncSchema, userSystemRoleSyncSchema } from '@/lib/roles/schemas';
import { syncRole } from '@/lib/roles/sync-role';
import { syncRoleUser } from '@/lib/roles/sync-role-user';
import { intakeTicket } from '@/lib/tickets/intake-ticket';

/**
 * Runs one decoded task: validates it, calls one domain function that commits the effect together
 * with the task id, and says whether the id had been seen already. Throws AppError INVALID_INPUT
 * or PoisonMessageError for a message that can never succeed; anything else counts as transient.
 */
export type InboundTaskHandler = (db: Db, task: DecodedCeleryTask) => Promise<{ isDuplicate: boolean }>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const celeryMessageId = (task: DecodedCeleryTask) => `celery:${task.id}`;

/**
 * The ticket inside a receive_ticket message, in each shape producers use: kwargs
 * `{payload: ticket}` (the old Ticket Service), `{payload: {ticket: ticket}}` (the workflow API
 * reads `payload.get('ticket', payload)`), or the ticket as first positional argument.
 */
export function unwrapTicket(task: DecodedCeleryTask): Record<string, unknown> {
  let candidate: unknown = task.kwargs.payload ?? task.kwargs.ticket ?? task.args[0];
  if (candidate === undefined && Object.keys(task.kwargs).length > 0) candidate = task.kwargs;
  if (isRecord(candidate) && isRecord(candidate.ticket)) candidate = candidate.ticket;
  if (!isRecord(candidate)) {
    throw new PoisonMessageError(
      'receive_ticket carries no ticket object: expected kwargs {payload: ticket}, {payload: {ticket: ticket}} or the ticket as first positional argument',
      task,
    );
  }
  return candidate;
}

/** The `payload` argument of the role sync tasks (`sync_role(payload)`), by keyword or position. */
function syncPayload(task: DecodedCeleryTask): unknown {
  const payload = task.kwargs.payload ?? task.args[0];
  if (payload === undefined) throw new PoisonMessageError(`${task.task} has no payload argument`, task);
  return payload;
}

export const inboundTasks: Record<string, InboundTaskHandler> = {
  async [INBOUND_TASKS.receiveTicket](db, task) {
    // A repeated task id or ticket number comes back as isNew: false; any AppError that can never
    // succeed (invalid ticket) is dead-lettered with its reason by the consumer.
    const result = await intakeTicket(db, {
      payload: unwrapTicket(task),
      source: 'amqp',
      submittedBy: null,
      messageId: celeryMessageId(task),
      taskName: task.task,
    });
    return { isDuplicate: !result.isNew };
  },

  async [INBOUND_TASKS.syncRole](db, task) {
    const p = parseWith(roleSyncSchema, syncPayload(task));
    const result = await syncRole(db, {
      id: p.role.id,
      name: p.role.name,
      system: p.role.system,
      isActive: p.action !== 'deactivate' && p.role.is_active !== false,
      messageId: celeryMessageId(task),
      taskName: task.task,
    });
    return { isDuplicate: result.isDuplicate };
  },

  async [INBOUND_TASKS.syncUserSystemRole](db, task) {
    const raw = syncPayload(task);
    const p = parseWith(userSystemRoleSyncSchema, raw);
    const m = p.user_system_role;
    const result = await syncRoleUser(db, {
      roleId: m.role_id,
      userId: m.user_id,
      userFullName: m.user_full_name ?? undefined,
      isActive: p.action !== 'deactivate' && m.is_active !== false,
      messageId: celeryMessageId(task),
      taskName: task.task,
      payload: raw as Record<string, unknown>,
    });
    return { isDuplicate: result.outcome === 'duplicate' };
  },
};
