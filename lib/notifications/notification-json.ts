import type { z } from 'zod';
import type { notifications } from '../db/schema';
import type { notificationJsonSchema } from './schemas';

type Row = typeof notifications.$inferSelect;

/** A notification as the API shows it to its recipient. */
export function notificationJson(n: Row): z.infer<typeof notificationJsonSchema> {
  return {
    id: n.id,
    type: n.type,
    subject: n.subject,
    message: n.message,
    ticket_number: n.ticketNumber,
    task_item_id: n.taskItemId,
    metadata: n.metadata,
    created_at: n.createdAt.toISOString(),
    read_at: n.readAt ? n.readAt.toISOString() : null,
  };
}
