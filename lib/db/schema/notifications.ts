import { sql } from 'drizzle-orm';
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

export const notificationTypes = [
  'task_assignment',
  'task_transfer_in',
  'task_transfer_out',
  'task_escalation',
  'task_completed',
  'sla_warning',
  'sla_breach',
  'comment_added',
] as const;
export type NotificationType = (typeof notificationTypes)[number];

/** In-app notifications; `dedupeKey` makes an effect that may run twice notify once. */
export const notifications = pgTable(
  'notifications',
  {
    id: serial().primaryKey(),
    userId: integer().notNull(),
    type: text().$type<NotificationType>().notNull(),
    subject: text().notNull(),
    message: text().notNull(),
    taskItemId: integer(),
    ticketNumber: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_dedupe_key').on(t.dedupeKey),
  ],
);

/** Per user and type: whether to email (in-app is always on). No row = the default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: integer().notNull(),
    type: text().$type<NotificationType>().notNull(),
    isEmailEnabled: boolean().notNull().default(true),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.type] })],
);

/** One email per notification; the unique key keeps a retried job from sending twice. */
export const emailDeliveries = pgTable(
  'email_deliveries',
  {
    id: serial().primaryKey(),
    notificationId: integer()
      .notNull()
      .references(() => notifications.id),
    toEmail: text().notNull(),
    subject: text().notNull(),
    status: text().$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    providerId: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('email_deliveries_notification_key').on(t.notificationId)],
);

/** A delivery that failed: its error and retry count, until resolved or retried by an admin. */
export const failedNotifications = pgTable(
  'failed_notifications',
  {
    id: serial().primaryKey(),
    notificationId: integer()
      .notNull()
      .references(() => notifications.id),
    taskItemId: integer(),
    notificationType: text().notNull(),
    channel: text().notNull().default('email'),
    errorMessage: text().notNull(),
    retryCount: integer().notNull().default(0),
    lastRetryAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    isResolved: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('failed_notifications_notification_channel_key').on(t.notificationId, t.channel),
    index('failed_notifications_open_idx').on(t.createdAt).where(sql`not ${t.isResolved}`),
  ],
);
