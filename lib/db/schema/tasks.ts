import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tickets } from './tickets';
import { type Priority, steps, workflowVersions, workflows } from './workflows';

export type TaskStatus = 'pending' | 'in_progress' | 'on_hold' | 'completed' | 'cancelled';
export type TaskItemStatus = 'new' | 'in_progress' | 'resolved' | 'reassigned' | 'escalated' | 'breached';
export type TaskItemOrigin = 'system' | 'transferred' | 'escalated';

/**
 * The statuses in which an item is its assignee's to work on. `breached` is one of them: a breach
 * that no escalation took away leaves the item with its assignee, late but still workable. This
 * list is the one definition of "open": acting, opening, the inbox, available actions, the SLA
 * scan and the partial indexes below all use it.
 */
export const OPEN_ITEM_STATUSES = ['new', 'in_progress', 'breached'] as const satisfies readonly TaskItemStatus[];
export type OpenItemStatus = (typeof OPEN_ITEM_STATUSES)[number];

export function isOpenItemStatus(status: TaskItemStatus): status is OpenItemStatus {
  return (OPEN_ITEM_STATUSES as readonly TaskItemStatus[]).includes(status);
}

/**
 * `<status> in ('new', 'in_progress', 'breached')`, the statuses written as literals. The partial
 * indexes below are defined with it, and a query can use one of them only when PostgreSQL can
 * prove the query's condition implies the index's: literals it can compare, bind parameters (which
 * drizzle's inArray sends) not in a generic plan. So every query meant to be served by one of
 * those indexes filters with this fragment too.
 */
export function isOpenItemSql(status: AnyPgColumn | SQL): SQL {
  return sql`${status} in (${sql.raw(OPEN_ITEM_STATUSES.map((s) => `'${s}'`).join(', '))})`;
}

/** One ticket going through one workflow version. One task per ticket keeps ingestion idempotent. */
export const tasks = pgTable(
  'tasks',
  {
    id: serial().primaryKey(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id),
    workflowId: integer()
      .notNull()
      .references(() => workflows.id),
    workflowVersionId: integer()
      .notNull()
      .references(() => workflowVersions.id),
    currentStepId: integer().references(() => steps.id),
    status: text().$type<TaskStatus>().notNull().default('pending'),
    // The Ticket Coordinator who owns the ticket.
    ownerUserId: integer(),
    targetResolution: timestamp({ withTimezone: true }).notNull(),
    // Set when the current step was escalated (by an agent or by an SLA breach); cleared when the
    // task moves to another step. "Escalate once per step" is a conditional update on it being null.
    currentStepEscalatedAt: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tasks_ticket_key').on(t.ticketId),
    index('tasks_owner_idx').on(t.ownerUserId),
    // Dashboards: tasks by day started and day resolved; admins: tasks per workflow version.
    index('tasks_started_at_idx').on(t.startedAt),
    index('tasks_resolved_at_idx').on(t.resolvedAt).where(sql`${t.resolvedAt} is not null`),
    index('tasks_version_idx').on(t.workflowVersionId, t.status),
  ],
);

/** One person's assignment on one step of a task. */
export const taskItems = pgTable(
  'task_items',
  {
    id: serial().primaryKey(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    stepId: integer()
      .notNull()
      .references(() => steps.id),
    roleId: integer().notNull(),
    userId: integer().notNull(),
    origin: text().$type<TaskItemOrigin>().notNull().default('system'),
    status: text().$type<TaskItemStatus>().notNull().default('new'),
    previousItemId: integer(),
    assignedAt: timestamp({ withTimezone: true }).notNull(),
    openedAt: timestamp({ withTimezone: true }),
    actedAt: timestamp({ withTimezone: true }),
    // SLA: target and warning moments, pushed later by time spent on hold.
    targetAt: timestamp({ withTimezone: true }).notNull(),
    warnAt: timestamp({ withTimezone: true }).notNull(),
    onHoldSince: timestamp({ withTimezone: true }),
    heldSeconds: integer().notNull().default(0),
    warnedAt: timestamp({ withTimezone: true }),
    breachedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Copies for the dashboards, so their queries read task_items alone: filled on insert by the
    // trigger task_items_fill_facts (migration dashboard_item_facts) from the step, task and ticket, whatever code
    // path inserts the item. They never change afterwards (a ticket keeps its priority, an item
    // its step).
    workflowId: integer(),
    stepKey: text(),
    priority: text().$type<Priority>(),
    /** Working seconds on the item: from assignment until it was acted on, less time on hold. */
    workSeconds: integer().generatedAlwaysAs(
      (): SQL => sql`(extract(epoch from (${taskItems.actedAt} - ${taskItems.assignedAt})))::int - ${taskItems.heldSeconds}`,
    ),
  },
  (t) => [
    // The agent inbox: a user's open items, most urgent (earliest target) first, in index order.
    index('task_items_inbox_idx')
      .on(t.userId, t.targetAt, t.id)
      .where(isOpenItemSql(t.status)),
    index('task_items_task_idx').on(t.taskId),
    // A task has at most one open item: two racing actions can never both hand the task on.
    uniqueIndex('task_items_one_open_per_task')
      .on(t.taskId)
      .where(isOpenItemSql(t.status)),
    // The SLA scan: open items not on hold, by the next moment something is due.
    index('task_items_sla_warn_idx')
      .on(t.warnAt)
      .where(sql`${isOpenItemSql(t.status)} and ${t.onHoldSince} is null and ${t.warnedAt} is null`),
    index('task_items_sla_breach_idx')
      .on(t.targetAt)
      .where(sql`${isOpenItemSql(t.status)} and ${t.onHoldSince} is null and ${t.breachedAt} is null`),
    // Dashboards (lib/dashboards): resolved items by when they were resolved, and the exact median
    // per step read in duration order (see list-step-medians.ts); breaches and warnings by day.
    index('task_items_resolved_at_idx').on(t.actedAt).where(sql`${t.status} = 'resolved'`),
    index('task_items_step_duration_idx')
      .on(t.workflowId, t.stepKey, t.workSeconds, t.actedAt)
      .where(sql`${t.status} = 'resolved'`),
    index('task_items_breached_at_idx').on(t.breachedAt).where(sql`${t.breachedAt} is not null`),
    index('task_items_warned_at_idx').on(t.warnedAt).where(sql`${t.warnedAt} is not null`),
  ],
);

/** Every change of a task item: who, what, when, and the note. */
export const taskItemHistory = pgTable(
  'task_item_history',
  {
    id: serial().primaryKey(),
    taskItemId: integer()
      .notNull()
      .references(() => taskItems.id),
    status: text().$type<TaskItemStatus>().notNull(),
    action: text().notNull(),
    actorUserId: integer(),
    note: text(),
    // What the action was about: the transition taken, the user transferred to, the time held.
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_item_history_item_idx').on(t.taskItemId, t.createdAt)],
);
