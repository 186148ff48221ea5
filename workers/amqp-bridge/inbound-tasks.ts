import type { Db } from '@/lib/db/client';
import { type DecodedCeleryTask, PoisonMessageError } from '@/lib/amqp/decode-celery-message';
import { INBOUND_TASKS } from '@/lib/amqp/topology';
import { parseWith } from '@/lib/errors';
import { roleSyncSchema, userSystemRoleSyncSchema } from '@/lib/roles/schemas';
import { syncRole } from '@/lib/roles/sync-role';
import { syncRoleUser } from '@/lib/roles/sync-role-user';
import { intakeTickets } from '@/lib/tickets/intake-tickets';
import type { InboundTaskRunner } from '@/lib/admin/replay-dead-letter';

/** What became of one task: committed (or seen before), or the error that stopped it. */
export type InboundOutcome = { isDuplicate: boolean } | { error: unknown };

/**
 * Runs decoded tasks of one name, the deliveries gathered for a group commit: validates each,
 * calls one domain function that commits the effects together with the task ids, and says per task
 * whether its id had been seen already, or why it failed (AppError INVALID_INPUT or
 * PoisonMessageError: it can never succeed; anything else counts as transient). Outcomes in input
 * order. Throwing fails them all (a database error): the consumer retries, or splits the group.
 */
export type InboundTaskHandler = (db: Db, tasks: DecodedCeleryTask[]) => Promise<InboundOutcome[]>;

/** A handler for tasks applied one at a time, each in its own transaction, in order. */
function oneByOne(run: (db: Db, task: DecodedCeleryTask) => Promise<{ isDuplicate: boolean }>): InboundTaskHandler {
  return async (db, tasks) => {
    const outcomes: InboundOutcome[] = [];
    for (const task of tasks) outcomes.push(await run(db, task).catch((error: unknown) => ({ error })));
    return outcomes;
  };
}

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
  /**
   * A group commit: every ticket of the batch in one transaction (intakeTickets). A repeated task
   * id or ticket number comes back as a duplicate; a ticket that can never be stored (invalid,
   * conflicting) comes back as its error, to be dead-lettered alone, while its neighbours commit.
   */
  async [INBOUND_TASKS.receiveTicket](db, tasks) {
    const outcomes = new Array<InboundOutcome>(tasks.length);
    const inputs: Array<{ index: number; payload: Record<string, unknown>; task: DecodedCeleryTask }> = [];
    tasks.forEach((task, index) => {
      try {
        inputs.push({ index, payload: unwrapTicket(task), task });
      } catch (error) {
        outcomes[index] = { error };
      }
    });
    const stored = await intakeTickets(
      db,
      inputs.map((i) => ({ payload: i.payload, source: 'amqp', submittedBy: null, messageId: celeryMessageId(i.task), taskName: i.task.task })),
    );
    stored.forEach((r, k) => (outcomes[inputs[k].index] = r.ok ? { isDuplicate: !r.isNew } : { error: r.error }));
    return outcomes;
  },

  [INBOUND_TASKS.syncRole]: oneByOne(async (db, task) => {
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
  }),

  [INBOUND_TASKS.syncUserSystemRole]: oneByOne(async (db, task) => {
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
  }),
};

/**
 * The same handlers one task at a time, as an admin's replay of a dead letter runs them
 * (lib/admin/replay-dead-letter.ts): a replay goes through exactly the rules a live delivery does,
 * and the error a live delivery would have been dead-lettered with is thrown.
 */
export const inboundTaskRunners: Record<string, InboundTaskRunner> = Object.fromEntries(
  Object.entries(inboundTasks).map(([name, handle]): [string, InboundTaskRunner] => [
    name,
    async (db, task) => {
      const [outcome] = await handle(db, [task]);
      if (!outcome) throw new Error(`${name} gave no outcome for its task`);
      if ('error' in outcome) throw outcome.error;
      return outcome;
    },
  ]),
);
