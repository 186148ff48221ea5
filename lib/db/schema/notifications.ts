import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
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

/** How a user wants a type by email. */
export const emailModes = ['off', 'immediate', 'unread_after', 'digest'] as const;
export type EmailMode = (typeof emailModes)[number];

/**
 * Notifications, one per recipient per event: `dedupeKey` (`<type>:<event>:<user>`) makes an
 * effect that runs twice notify once. `isInApp` false = the user turned the type off in-app: the
 * row exists for its email and history, but the in-app list and unread count leave it out.
 */
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
    /** Who caused it (never the recipient); null for the system (SLA scan, round robin). */
    actorUserId: integer(),
    isInApp: boolean().notNull().default(true),
    /** The digest email that listed it (digest mode), so no digest lists it twice. */
    digestDeliveryId: integer(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_dedupe_key').on(t.dedupeKey),
    // Pruning reads old read rows by age.
    index('notifications_read_idx').on(t.readAt).where(sql`${t.readAt} is not null`),
  ],
);

/** Per user and type: in-app on/off and the email mode. No row = the type's default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: integer().notNull(),
    type: text().$type<NotificationType>().notNull(),
    isInApp: boolean().notNull().default(true),
    email: text().$type<EmailMode>().notNull().default('immediate'),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.type] })],
);

/** Per user: when the daily digest goes out. No row = DIGEST_DEFAULT_HOUR in UTC. */
export const notificationSettings = pgTable('notification_settings', {
  userId: integer().primaryKey(),
  digestHour: smallint().notNull(),
  timeZone: text().notNull().default('UTC'),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type EmailDeliveryStatus = 'pending' | 'sending' | 'sent' | 'outbox' | 'skipped' | 'cancelled' | 'failed';

/**
 * One email: for one notification (`immediate`, `unread_after`) or a user's daily digest. Created
 * with its send job in the transaction that created the notification. Subject and bodies are
 * rendered once, at the first attempt, and kept: every retry sends the very same request under the
 * same idempotency key (`tts-email-<id>`), so a retry after a lost answer cannot send twice.
 */
export const emailDeliveries = pgTable(
  'email_deliveries',
  {
    id: serial().primaryKey(),
    userId: integer().notNull(),
    kind: text().$type<'notification' | 'digest'>().notNull().default('notification'),
    notificationId: integer().references(() => notifications.id, { onDelete: 'set null' }),
    /** `digest:<user>:<local date>`: one digest per user per day. */
    digestKey: text(),
    /** The notifications a digest lists. */
    notificationIds: jsonb().$type<number[]>().notNull().default([]),
    mode: text().$type<Exclude<EmailMode, 'off'>>().notNull(),
    status: text().$type<EmailDeliveryStatus>().notNull().default('pending'),
    /** Not before this moment (unread_after: the end of the delay). */
    dueAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    toEmail: text(),
    subject: text(),
    html: text(),
    textBody: text(),
    providerId: text(),
    /** Attempts in all; `roundAttempts` since the last admin retry (the retry limit counts these). */
    attempts: integer().notNull().default(0),
    roundAttempts: integer().notNull().default(0),
    lastError: text(),
    /** Why it was skipped (no address) or cancelled (read in time). */
    reason: text(),
    claimedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('email_deliveries_notification_key').on(t.notificationId),
    uniqueIndex('email_deliveries_digest_key').on(t.digestKey),
    index('email_deliveries_status_idx').on(t.status, t.createdAt),
  ],
);

/** A delivery that failed: its error and retry count, until a later attempt succeeds (resolved). */
export const failedNotifications = pgTable(
  'failed_notifications',
  {
    id: serial().primaryKey(),
    deliveryId: integer()
      .notNull()
      .references(() => emailDeliveries.id),
    notificationId: integer().references(() => notifications.id, { onDelete: 'set null' }),
    userId: integer(),
    taskItemId: integer(),
    notificationType: text().notNull(),
    channel: text().notNull().default('email'),
    errorMessage: text().notNull(),
    /** Whether retrying can help: false for permanent errors (invalid address, a 4xx). */
    isRetryable: boolean().notNull().default(true),
    retryCount: integer().notNull().default(0),
    lastRetryAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    isResolved: boolean().notNull().default(false),
    resolvedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('failed_notifications_delivery_key').on(t.deliveryId),
    index('failed_notifications_open_idx').on(t.createdAt).where(sql`not ${t.isResolved}`),
  ],
);
