import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { isOpenItemSql, taskItems } from '../db/schema';
import { recordAudit } from '../audit/record-audit';
import { createNotifications } from '../notifications/create-notifications';
import { escalateTaskItem } from '../tasks/escalate-task-item';
import { addItemHistory } from '../tasks/item-history';
import { loadItemContext, type LockedItem } from '../tasks/lock-open-item';
import { logger } from '../log';

const log = logger('sla');

export interface ScanSlaResult {
  warned: number;
  breached: number;
  escalated: number;
  failed: number;
}

/**
 * The due-item query: ids of open items not on hold whose warning or target moment has passed and
 * that have not had that effect yet, most overdue first. Each arm is an ordered, limited read of
 * one partial index (task_items_sla_warn_idx by warn_at, task_items_sla_breach_idx by target_at),
 * so the cost is the number of due rows, not the number of open or past items; bench/sla-scan.ts
 * checks the plan at 100k open items. (A plain `where warn... or breach...` with LIMIT lets the
 * planner pick a sequential scan, because it cannot see that closed items are never due.)
 * It takes no locks: each id is claimed, and checked again, by its own transaction (claimDueItem).
 */
export function dueItemsQuery(now: Date, limit: number, skipIds: number[] = []) {
  // postgres.js binds raw-template parameters as text: the instant goes as ISO text, cast.
  const at = sql`${now.toISOString()}::timestamptz`;
  const open = sql`${isOpenItemSql(taskItems.status)} and ${taskItems.onHoldSince} is null`;
  const skip = skipIds.length ? sql`and ${taskItems.id} <> all(${`{${skipIds.join(',')}}`}::int[])` : sql``;
  return sql`
    select id from (
      (select ${taskItems.id} as id, ${taskItems.warnAt} as due_at from ${taskItems}
        where ${open} and ${taskItems.warnedAt} is null and ${taskItems.warnAt} <= ${at} ${skip}
        order by ${taskItems.warnAt} limit ${limit})
      union all
      (select ${taskItems.id} as id, ${taskItems.targetAt} as due_at from ${taskItems}
        where ${open} and ${taskItems.breachedAt} is null and ${taskItems.targetAt} <= ${at} ${skip}
        order by ${taskItems.targetAt} limit ${limit})) due
    group by id
    order by min(due_at), id`;
}

/**
 * One SLA pass at `now` (injected, so tests move the clock instead of waiting): sends each due
 * warning and breach. A breach marks the item `breached` (still open: its assignee can work it),
 * and escalates it when its step has an `escalate_to` role; the escalated item then closes as
 * `escalated` and its successor carries on.
 *
 * Lock scope: a batch of due ids is read without locks, then each item is its own short
 * transaction (claimDueItem + its effect). So the scan holds one item, its task and, for an
 * escalation, the escalation role's round-robin cursor for one effect at a time: ingestion (which
 * takes the same cursors) and agents wait for at most one item's effect, never for a whole batch.
 *
 * Exactly once per effect, with any number of scanners and across restarts:
 * - an item is claimed with FOR UPDATE SKIP LOCKED, so two scanners never work on the same item
 *   (the one that finds it locked leaves it to the holder), and the claim re-checks that the item
 *   is still open, not on hold and due, on the row as last committed;
 * - each effect is a conditional update (`warned_at is null`, `breached_at is null`) committed in
 *   the same transaction as its notifications, history and escalation, so an effect that
 *   committed is never due again and one that did not left no trace;
 * - notifications carry dedupe keys (`sla_warning:<item>:<user>`) as a last guard.
 * An item that fails is logged and skipped for this pass instead of blocking the rest.
 */
export async function scanSla(db: Db, options: { now?: Date; batchSize?: number } = {}): Promise<ScanSlaResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 200;
  const result: ScanSlaResult = { warned: 0, breached: 0, escalated: 0, failed: 0 };
  // Items this pass will not look at again: failed, held by another scanner or an agent, or no
  // longer due when claimed. Every id read ends up either done (no longer due) or here, so the
  // pass ends.
  const skipIds: number[] = [];
  for (;;) {
    const due = Array.from((await db.execute(dueItemsQuery(now, batchSize, skipIds))) as Iterable<{ id: number }>);
    if (due.length === 0) return result;
    for (const { id } of due) {
      try {
        const effect = await db.transaction(async (tx) => {
          const item = await claimDueItem(tx, id, now);
          return item ? applySlaEffect(tx, item, now) : null;
        });
        if (effect === 'warned') result.warned++;
        if (effect === 'breached' || effect === 'escalated') result.breached++;
        if (effect === 'escalated') result.escalated++;
        if (effect === null) skipIds.push(id);
      } catch (err) {
        log.error({ err, task_item_id: id }, 'SLA pass failed on an item; it is skipped this pass');
        skipIds.push(id);
        result.failed++;
      }
    }
  }
}

/**
 * Locks one item if nobody holds it (SKIP LOCKED: another scanner working on it, or an agent
 * acting on it, keeps it) and it is still open, not on hold and due at `now`; null otherwise.
 * Item first, then (in applySlaEffect) its task: the order agents take in lockOpenItem.
 */
async function claimDueItem(tx: Tx, itemId: number, now: Date) {
  const [item] = await tx
    .select()
    .from(taskItems)
    .where(
      and(
        eq(taskItems.id, itemId),
        isOpenItemSql(taskItems.status),
        isNull(taskItems.onHoldSince),
        or(and(isNull(taskItems.warnedAt), lte(taskItems.warnAt, now)), and(isNull(taskItems.breachedAt), lte(taskItems.targetAt, now))),
      ),
    )
    .for('update', { skipLocked: true });
  return item ?? null;
}

type Effect = 'warned' | 'breached' | 'escalated' | null;

/** The one effect due on a claimed item, in the item's own transaction: a breach, else a warning. */
async function applySlaEffect(tx: Tx, item: typeof taskItems.$inferSelect, now: Date): Promise<Effect> {
  const ctx = await loadItemContext(tx, item, { lockTask: true });

  if (item.breachedAt === null && item.targetAt <= now) {
    // A breach makes a pending warning moot: it is marked done without being sent.
    const [marked] = await tx
      .update(taskItems)
      .set({ status: 'breached', breachedAt: now, warnedAt: sql`coalesce(${taskItems.warnedAt}, ${now.toISOString()}::timestamptz)` })
      .where(and(eq(taskItems.id, item.id), isNull(taskItems.breachedAt)))
      .returning();
    if (!marked) return null;
    await addItemHistory(tx, {
      taskItemId: item.id,
      status: marked.status,
      action: 'sla_breach',
      actorUserId: null,
      details: { target_at: item.targetAt.toISOString() },
      at: now,
    });
    await notifyBoth(tx, ctx, 'sla_breach', now);
    const escalated = await escalateTaskItem(tx, { ...ctx, item: marked }, {
      reason: `SLA breached: the target was ${item.targetAt.toISOString()}`,
      actorUserId: null,
      now,
      cause: 'sla_breach',
    });
    await recordAudit(tx, {
      actorUserId: null,
      action: 'task_item.sla_breach',
      entityType: 'task_item',
      entityId: item.id,
      data: { target_at: item.targetAt.toISOString(), escalated_to_item_id: escalated?.nextItem?.id ?? null },
      at: now,
    });
    return escalated ? 'escalated' : 'breached';
  }

  if (item.warnedAt === null && item.warnAt <= now) {
    const [marked] = await tx
      .update(taskItems)
      .set({ warnedAt: now })
      .where(and(eq(taskItems.id, item.id), isNull(taskItems.warnedAt)))
      .returning({ id: taskItems.id });
    if (!marked) return null;
    await addItemHistory(tx, {
      taskItemId: item.id,
      status: item.status,
      action: 'sla_warning',
      actorUserId: null,
      details: { warn_at: item.warnAt.toISOString(), target_at: item.targetAt.toISOString() },
      at: now,
    });
    await notifyBoth(tx, ctx, 'sla_warning', now);
    await recordAudit(tx, {
      actorUserId: null,
      action: 'task_item.sla_warning',
      entityType: 'task_item',
      entityId: item.id,
      data: { target_at: item.targetAt.toISOString() },
      at: now,
    });
    return 'warned';
  }
  return null;
}

/** The assignee and the task's coordinator (once when they are the same person: one event). */
async function notifyBoth(tx: Tx, ctx: LockedItem, type: 'sla_warning' | 'sla_breach', now: Date) {
  const { item, task, ticket, step, version } = ctx;
  const recipients = [item.userId, ...(task.ownerUserId !== null ? [task.ownerUserId] : [])];
  await createNotifications(
    tx,
    recipients.map((userId) => ({
      type,
      userId,
      event: `item:${item.id}`,
      actorUserId: null,
      taskItemId: item.id,
      context: {
        ticketNumber: ticket.ticketNumber,
        ticketSubject: ticket.subject,
        priority: ticket.priority,
        workflowName: version.name,
        stepName: step.name,
        targetAt: item.targetAt,
        assigneeUserId: item.userId,
        taskId: task.id,
      },
      at: now,
    })),
  );
}
