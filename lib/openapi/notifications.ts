import {
  markReadBodySchema,
  markReadResultJsonSchema,
  markUnreadResultJsonSchema,
  notificationIdParamsSchema,
  notificationPageJsonSchema,
  listNotificationsQuerySchema,
  preferencesJsonSchema,
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
