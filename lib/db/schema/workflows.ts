import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { roles } from './roles';

import type { Priority } from '../../tickets/priority';

export type { Priority };
/** SLA in seconds per priority. */
export type SlaSeconds = Record<Priority, number>;
export type EndLogic = 'none' | 'asset' | 'budget' | 'notification';

/** Working-time calendar: targets count only these hours when a workflow has one. */
export interface BusinessCalendar {
  timezone: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  workingDays: number[];
  /** "HH:MM" local time. */
  start: string;
  end: string;
  /** "YYYY-MM-DD" local dates. */
  holidays: string[];
}

/** The editable graph of a workflow; published as an immutable version. */
export interface WorkflowGraph {
  steps: Array<{
    key: string;
    name: string;
    roleId: number;
    escalateToRoleId?: number | null;
    instruction?: string;
    weight: number;
    order: number;
    isStart?: boolean;
    isEnd?: boolean;
  }>;
  transitions: Array<{ key: string; name: string; from: string; to: string | null }>;
}

export const workflows = pgTable(
  'workflows',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    department: text().notNull(),
    category: text().notNull(),
    subCategory: text(),
    status: text().$type<'draft' | 'deployed' | 'paused'>().notNull().default('draft'),
    slaSeconds: jsonb().$type<SlaSeconds>().notNull(),
    endLogic: text().$type<EndLogic>().notNull().default('none'),
    calendar: jsonb().$type<BusinessCalendar | null>(),
    warningShare: real(),
    graph: jsonb().$type<WorkflowGraph>().notNull(),
    currentVersionId: integer(),
    createdBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Two deployed workflows may not claim the same kind of ticket. Case-insensitive, because
    // matchWorkflow matches tickets case-insensitively: "IT" and "it" are the same claim.
    uniqueIndex('workflows_deployed_match_key')
      .on(sql`lower(${t.department})`, sql`lower(${t.category})`, sql`lower(coalesce(${t.subCategory}, ''))`)
      .where(sql`${t.status} = 'deployed'`),
    index('workflows_match_idx').on(t.department, t.category),
  ],
);

/** A frozen copy of a workflow at publish time; tasks run on the version they started on. */
export const workflowVersions = pgTable(
  'workflow_versions',
  {
    id: serial().primaryKey(),
    workflowId: integer()
      .notNull()
      .references(() => workflows.id),
    version: integer().notNull(),
    name: text().notNull(),
    slaSeconds: jsonb().$type<SlaSeconds>().notNull(),
    endLogic: text().$type<EndLogic>().notNull(),
    calendar: jsonb().$type<BusinessCalendar | null>(),
    warningShare: real(),
    graph: jsonb().$type<WorkflowGraph>().notNull(),
    publishedBy: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('workflow_versions_workflow_version_key').on(t.workflowId, t.version)],
);

export const steps = pgTable(
  'steps',
  {
    id: serial().primaryKey(),
    workflowVersionId: integer()
      .notNull()
      .references(() => workflowVersions.id),
    key: text().notNull(),
    name: text().notNull(),
    roleId: integer()
      .notNull()
      .references(() => roles.id),
    escalateToRoleId: integer().references(() => roles.id),
    instruction: text().notNull().default(''),
    weight: real().notNull().default(1),
    order: integer().notNull().default(0),
    isStart: boolean().notNull().default(false),
    isEnd: boolean().notNull().default(false),
  },
  (t) => [uniqueIndex('steps_version_key_key').on(t.workflowVersionId, t.key)],
);

export const transitions = pgTable(
  'transitions',
  {
    id: serial().primaryKey(),
    workflowVersionId: integer()
      .notNull()
      .references(() => workflowVersions.id),
    key: text().notNull(),
    name: text().notNull(),
    fromStepId: integer()
      .notNull()
      .references(() => steps.id),
    // null: the transition finishes the workflow.
    toStepId: integer().references(() => steps.id),
  },
  (t) => [
    uniqueIndex('transitions_version_key_key').on(t.workflowVersionId, t.key),
    index('transitions_from_idx').on(t.fromStepId),
  ],
);
