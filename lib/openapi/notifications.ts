import {
  failedNotificationPageJsonSchema,
  listFailedNotificationsQuerySchema,
  listOutboxQuerySchema,
  markReadBodySchema,
  markReadResultJsonSchema,
  markUnreadResultJsonSchema,
  notificationIdParamsSchema,
  notificationPageJsonSchema,
  listNotificationsQuerySchema,
  outboxPageJsonSchema,
  preferencesJsonSchema,
  retryResultJsonSchema,
  updatePreferencesBodySchema,
} from '../notifications/schemas';
import { authErrors, bodyErrors, defineOperation } from './registry';

/** In-app notifications and preferences: every caller sees and changes only their own. */
export const notificationOperations = [
  defineOperation({
    method: 'get',
    path: '/api/v1/notifications',
    tags: ['notifications'],
    summary: "The caller's in-app notifications, newest first, with the unread count",
    description: 'Types the caller turned off in-app are left out. Paged by `cursor` (the previous page\'s `next_cursor`).',
    query: listNotificationsQuerySchema,
    responses: { 200: { description: 'A page of notifications', schema: notificationPageJsonSchema } },
    errors: authErrors(),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/notifications/read',
    tags: ['notifications'],
    summary: 'Mark some (`ids`) or all (`all: true`) of my notifications read',
    description: 'Ids that are not the caller\'s change nothing. A notification read in time stops its `unread_after` email.',
    body: markReadBodySchema,
    responses: { 200: { description: 'How many became read, and the unread count', schema: markReadResultJsonSchema } },
    errors: bodyErrors(),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/notifications/{id}/unread',
    tags: ['notifications'],
    summary: 'Mark one of my notifications unread again',
    description: "Another user's notification does not exist for the caller (404).",
    params: notificationIdParamsSchema,
    responses: { 200: { description: 'The notification and the unread count', schema: markUnreadResultJsonSchema } },
    errors: authErrors(403, 404),
  }),
  defineOperation({
    method: 'get',
    path: '/api/v1/notifications/preferences',
    tags: ['notifications'],
    summary: 'My notification preferences: per type in-app and email, and the daily digest hour',
    responses: { 200: { description: 'Every type, chosen or default', schema: preferencesJsonSchema } },
    errors: authErrors(),
  }),
  defineOperation({
    method: 'put',
    path: '/api/v1/notifications/preferences',
    tags: ['notifications'],
    summary: 'Change my notification preferences (only what the body names)',
    description:
      'Email per type: `off`, `immediate`, `unread_after` (only if the in-app one is still unread after NOTIFY_EMAIL_DELAY_SECONDS) or `digest` ' +
      '(one email a day at `digest_hour` in `time_zone`, listing what is unread). `sla_breach` and `task_assignment` cannot be turned off in-app (400).',
    body: updatePreferencesBodySchema,
    responses: { 200: { description: 'The preferences now', schema: preferencesJsonSchema } },
    errors: bodyErrors(),
  }),
];

/** The email side for admins: the local outbox and the failed-notification desk. */
export const notificationAdminOperations = [
  defineOperation({
    method: 'get',
    path: '/api/v1/admin/outbox',
    tags: ['notifications'],
    summary: 'Emails kept in the local outbox because RESEND_API_KEY is not set, newest first (admins)',
    description: 'Each with its address, subject and both bodies: what would have been sent.',
    query: listOutboxQuerySchema,
    responses: { 200: { description: 'A page of outbox emails', schema: outboxPageJsonSchema } },
    errors: authErrors(403),
  }),
  defineOperation({
    method: 'get',
    path: '/api/v1/admin/failed-notifications',
    tags: ['notifications'],
    summary: 'Failed notification deliveries with error and retry count, newest first (admins)',
    description: '`state=open` (default) lists those no later attempt delivered; `resolved` those delivered since; `all` both.',
    query: listFailedNotificationsQuerySchema,
    responses: { 200: { description: 'Counts and a page of failed notifications', schema: failedNotificationPageJsonSchema } },
    errors: authErrors(403),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/admin/failed-notifications/{id}/retry',
    tags: ['notifications'],
    summary: 'Queue one failed delivery again, with a fresh round of retries (admins)',
    description:
      'The same email under the same idempotency key, so it is delivered once however often this is called; a permanent failure has its address looked up again. ' +
      '409 when it was delivered since, or is already queued again.',
    params: notificationIdParamsSchema,
    responses: { 202: { description: 'Queued', schema: retryResultJsonSchema } },
    errors: authErrors(403, 404, 409),
  }),
  defineOperation({
    method: 'post',
    path: '/api/v1/admin/failed-notifications/retry',
    tags: ['notifications'],
    summary: 'Queue every open failed delivery again (admins)',
    responses: { 202: { description: 'Queued (those already queued again are left as they are)', schema: retryResultJsonSchema } },
    errors: authErrors(403),
  }),
];
