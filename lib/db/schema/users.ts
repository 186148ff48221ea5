import { boolean, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * People who can sign in to the UI. `id` is the Auth Service user id, the same number that role
 * sync puts in role_users.user_id and that service tokens carry as `user_id`.
 */
export const users = pgTable(
  'users',
  {
    id: integer().primaryKey(),
    email: text().notNull(),
    fullName: text().notNull(),
    passwordHash: text(),
    isActive: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);
