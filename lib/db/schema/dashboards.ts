import { date, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import type { Priority } from './workflows';

/**
 * Daily totals of task items per workflow, step (by key, across versions) and priority, for UTC
 * days that are over: each event counts on its own day (resolved on the day it was resolved, a
 * breach on the day it happened). Written once per day by rollUpDashboardDays
 * (lib/dashboards/roll-up-dashboard-days.ts); the days since then are read live from task_items.
 */
export const dashboardItemDays = pgTable(
  'dashboard_item_days',
  {
    day: date({ mode: 'string' }).notNull(),
    workflowId: integer().notNull(),
    stepKey: text().notNull(),
    priority: text().$type<Priority>().notNull(),
    resolved: integer().notNull().default(0),
    resolvedInSla: integer().notNull().default(0),
    breached: integer().notNull().default(0),
    warned: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.workflowId, t.stepKey, t.priority] })],
);

/**
 * How long resolved items took, per day resolved, workflow and step, counted in DURATION_BUCKETS
 * (lib/dashboards/duration-buckets.ts). The exact median per step is found from these: the
 * bucket that holds the middle item, then the item itself read off the duration index within
 * that bucket only (lib/dashboards/get-dashboard.ts, queryStepMedians).
 */
export const dashboardDurationDays = pgTable(
  'dashboard_duration_days',
  {
    day: date({ mode: 'string' }).notNull(),
    workflowId: integer().notNull(),
    stepKey: text().notNull(),
    bucket: smallint().notNull(),
    items: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.workflowId, t.stepKey, t.bucket] })],
);

/** The same for tasks (one per ticket): started, resolved, and resolved within the task's target. */
export const dashboardTaskDays = pgTable(
  'dashboard_task_days',
  {
    day: date({ mode: 'string' }).notNull(),
    workflowId: integer().notNull(),
    priority: text().$type<Priority>().notNull(),
    started: integer().notNull().default(0),
    resolved: integer().notNull().default(0),
    resolvedInSla: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.workflowId, t.priority] })],
);

/** One row: the first UTC day not yet rolled up (the days before it are in the tables above). */
export const dashboardRollupState = pgTable('dashboard_rollup_state', {
  id: smallint().primaryKey().default(1),
  rolledUntil: date({ mode: 'string' }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
