import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Roles as the Auth Service defines them (pushed by role sync); `id` is the Auth Service's id. */
export const roles = pgTable(
  'roles',
  {
    id: integer().primaryKey(),
    name: text().notNull(),
    system: text().notNull().default('tts'),
    isActive: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('roles_name_idx').on(t.name)],
);

/**
 * Membership of a user in a role; only active members are assignable. `isActive` is what role
 * sync (and reconcile) last said; `assignmentPausedAt` is TTS's own, set by an admin to take a
 * member out of round robin for a while (leave, overload). Sync never writes it, so the pause
 * holds through later syncs until an admin lifts it (lib/admin/set-member-assignable.ts).
 */
export const roleUsers = pgTable(
  'role_users',
  {
    id: serial().primaryKey(),
    roleId: integer()
      .notNull()
      .references(() => roles.id),
    userId: integer().notNull(),
    userFullName: text().notNull().default(''),
    isActive: boolean().notNull().default(true),
    assignmentPausedAt: timestamp({ withTimezone: true }),
    assignmentPausedBy: integer(),
    assignmentPauseReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('role_users_role_user_key').on(t.roleId, t.userId),
    index('role_users_user_idx').on(t.userId),
  ],
);

/**
 * What a round-robin turn is for. Each purpose keeps its own position in a role: picking a task's
 * owner (Ticket Coordinator) and assigning a step of that same role must not advance one shared
 * cursor, or the two picks alternate and one person gets every step.
 */
export type TurnPurpose = 'step' | 'owner';

/**
 * Durable round-robin position per role and purpose: the user id that took the last turn.
 * Assignment locks this row, so concurrent routings take turns one after another instead of the
 * same turn; a batch takes all its turns of a role under one lock.
 */
export const roundRobinCursors = pgTable(
  'round_robin_cursors',
  {
    roleId: integer()
      .notNull()
      .references(() => roles.id),
    purpose: text().$type<TurnPurpose>().notNull().default('step'),
    lastUserId: integer(),
    turns: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.purpose] })],
);

/**
 * Memberships that arrived (tts.user_system_role.sync) before their role did. The Auth Service
 * gives no ordering guarantee between the two tasks, so a membership is parked here, applied in
 * the transaction that stores its role, and dead-lettered with a reason when the role never comes
 * (see expirePendingRoleUsers). No foreign key: the role is by definition not there yet.
 */
export const pendingRoleUsers = pgTable(
  'pending_role_users',
  {
    id: serial().primaryKey(),
    roleId: integer().notNull(),
    userId: integer().notNull(),
    userFullName: text(),
    isActive: boolean().notNull().default(true),
    messageId: text(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pending_role_users_role_idx').on(t.roleId, t.id), index('pending_role_users_received_idx').on(t.receivedAt)],
);
