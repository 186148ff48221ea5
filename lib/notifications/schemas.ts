import { z } from 'zod';
import { emailModes, notificationTypes } from '../db/schema';
import { cursorParam, idLike, idNumber, pageLimit } from '../validation';

/** `?unread=true|false|1|0`: a flag from a query string (absent: false). */
const queryFlag = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .optional()
    .transform((v) => v === 'true' || v === '1');

export const listNotificationsQuerySchema = z.object({
  unread: queryFlag('unread'),
  limit: pageLimit(100, 20),
  cursor: cursorParam(),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuerySchema>;

/** `POST /api/v1/notifications/read`: some of mine by id, or all of mine. */
export const markReadBodySchema = z.union(
  [
    z.strictObject({ ids: z.array(idNumber('ids[]'), { error: 'ids must be an array of notification ids' }).min(1, 'ids must not be empty').max(500) }),
    z.strictObject({ all: z.literal(true, { error: 'all must be true' }) }),
  ],
  { error: 'Send {"ids": [...]} or {"all": true}' },
);
export type MarkReadBody = z.infer<typeof markReadBodySchema>;

export const notificationTypeSchema = z.enum(notificationTypes, { error: `type must be one of ${notificationTypes.join(', ')}` });
export const emailModeSchema = z.enum(emailModes, { error: `email must be one of ${emailModes.join(', ')}` });

/** An IANA time zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * `PUT /api/v1/notifications/preferences`: what changes (types left out keep theirs; a field left
 * out keeps its value). `in_app: false` is refused for the types that always show in-app.
 */
export const updatePreferencesBodySchema = z
  .strictObject({
    preferences: z
      .array(
        z.strictObject({
          type: notificationTypeSchema,
          in_app: z.boolean({ error: 'in_app must be true or false' }).optional(),
          email: emailModeSchema.optional(),
        }),
      )
      .max(notificationTypes.length * 2)
      .optional(),
    digest_hour: z
      .number({ error: 'digest_hour must be an hour, 0 to 23' })
      .int('digest_hour must be an hour, 0 to 23')
      .min(0, 'digest_hour must be an hour, 0 to 23')
      .max(23, 'digest_hour must be an hour, 0 to 23')
      .optional()
      .meta({ description: "The hour (in `time_zone`) the daily digest goes out" }),
    time_zone: z
      .string()
      .max(64)
      .refine(isKnownTimeZone, 'time_zone must be an IANA time zone such as Europe/Berlin or UTC')
      .optional()
      .meta({ examples: ['Europe/Berlin', 'UTC'] }),
  })
  .refine((b) => b.preferences !== undefined || b.digest_hour !== undefined || b.time_zone !== undefined, {
    message: 'Send preferences, digest_hour or time_zone',
  });
export type UpdatePreferencesBody = z.infer<typeof updatePreferencesBodySchema>;

export const notificationIdParamsSchema = z.object({ id: idLike('id') });

export const listOutboxQuerySchema = z.object({
  limit: pageLimit(100, 20),
  cursor: cursorParam(),
});
export type ListOutboxQuery = z.infer<typeof listOutboxQuerySchema>;

export const listFailedNotificationsQuerySchema = z.object({
  state: z.enum(['open', 'resolved', 'all'], { error: 'state must be open, resolved or all' }).default('open'),
  limit: pageLimit(100, 50),
  cursor: cursorParam(),
});
export type ListFailedNotificationsQuery = z.infer<typeof listFailedNotificationsQuerySchema>;

// ---- Response shapes (OpenAPI, lib/openapi/notifications.ts) ----

export const notificationJsonSchema = z.object({
  id: z.int(),
  type: z.enum(notificationTypes),
  subject: z.string().meta({ examples: ['[TX20261201000001] New task: Laptop return'] }),
  message: z.string().meta({ description: 'What happened, where (workflow, step), by whom, the deadline, and the task link' }),
  ticket_number: z.string().nullable(),
  task_item_id: z.int().nullable().meta({ description: 'The task page is APP_URL/tasks/{task_item_id}' }),
  metadata: z.record(z.string(), z.unknown()).meta({
    description: 'ticket_subject, priority, workflow_name, step_name, role_name, target_at, actor_name, link, ... (what the type knows)',
  }),
  created_at: z.iso.datetime(),
  read_at: z.iso.datetime().nullable(),
});

export const notificationPageJsonSchema = z.object({
  notifications: z.array(notificationJsonSchema).meta({ description: 'Newest first' }),
  unread_count: z.int().meta({ description: 'All my unread in-app notifications, not only this page' }),
  next_cursor: z.int().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
});

export const markReadResultJsonSchema = z.object({
  updated: z.int().meta({ description: 'How many of mine became read (ids that are not mine, or already read, count nothing)' }),
  unread_count: z.int(),
});

export const markUnreadResultJsonSchema = z.object({ notification: notificationJsonSchema, unread_count: z.int() });

export const preferencesJsonSchema = z.object({
  preferences: z.array(
    z.object({
      type: z.enum(notificationTypes),
      label: z.string(),
      in_app: z.boolean(),
      email: z.enum(emailModes).meta({
        description:
          '`off`; `immediate`; `unread_after`: only if the in-app one is still unread after NOTIFY_EMAIL_DELAY_SECONDS; `digest`: listed in the daily digest',
      }),
      in_app_required: z.boolean().meta({ description: 'This type always shows in-app (in_app cannot be false)' }),
      is_default: z.boolean().meta({ description: 'Nothing was chosen: these are the defaults for the type' }),
    }),
  ),
  digest_hour: z.int().meta({ description: 'Hour of the day (in time_zone) the digest goes out' }),
  time_zone: z.string(),
  email_delay_seconds: z.int().meta({ description: 'NOTIFY_EMAIL_DELAY_SECONDS, the wait of `unread_after`' }),
});

export const outboxPageJsonSchema = z.object({
  items: z.array(
    z.object({
      id: z.int().meta({ description: 'Delivery id' }),
      kind: z.enum(['notification', 'digest']),
      user_id: z.int(),
      notification_id: z.int().nullable(),
      notification_ids: z.array(z.int()).meta({ description: 'The notifications a digest lists' }),
      to: z.string().nullable(),
      from: z.string(),
      subject: z.string().nullable(),
      text: z.string().nullable(),
      html: z.string().nullable(),
      created_at: z.iso.datetime(),
    }),
  ),
  next_cursor: z.int().nullable(),
});

export const failedNotificationJsonSchema = z.object({
  id: z.int(),
  delivery_id: z.int(),
  delivery_status: z.string().meta({ examples: ['failed', 'pending', 'sent'] }),
  notification_id: z.int().nullable(),
  user_id: z.int().nullable(),
  task_item_id: z.int().nullable(),
  notification_type: z.string(),
  channel: z.string(),
  to: z.string().nullable(),
  subject: z.string().nullable(),
  error_message: z.string(),
  is_retryable: z.boolean().meta({ description: 'False for a permanent error (invalid address, a 4xx): retrying needs a fix first' }),
  retry_count: z.int().meta({ description: 'Attempts that failed' }),
  last_retry_at: z.iso.datetime(),
  is_resolved: z.boolean(),
  resolved_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
});

export const failedNotificationPageJsonSchema = z.object({
  counts: z.object({ open: z.int(), resolved: z.int() }),
  items: z.array(failedNotificationJsonSchema),
  next_cursor: z.int().nullable(),
});

export const retryResultJsonSchema = z.object({
  retried: z.int().meta({ description: 'Deliveries queued again' }),
  delivery_ids: z.array(z.int()),
});
