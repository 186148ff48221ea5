import { z } from 'zod';
import { PRIORITIES } from './schemas';
import type { tickets } from '../db/schema';

type TicketRow = typeof tickets.$inferSelect;

/** The columns ticketSummaryJson reads (lists select only these). */
export type TicketSummaryRow = Pick<TicketRow, 'id' | 'ticketNumber' | 'subject' | 'department' | 'category' | 'subCategory' | 'priority' | 'status'>;

/** A ticket in brief, as lists of task items show it (snake_case, as HDTS speaks). */
export function ticketSummaryJson(t: TicketSummaryRow) {
  return {
    id: t.id,
    ticket_number: t.ticketNumber,
    subject: t.subject,
    department: t.department,
    category: t.category,
    sub_category: t.subCategory,
    priority: t.priority,
    status: t.status,
  };
}

/** The whole ticket: the summary plus its description, routing state, origin and payload. */
export function ticketJson(t: TicketRow) {
  return {
    ...ticketSummaryJson(t),
    description: t.description,
    routing_status: t.routingStatus,
    routing_note: t.routingNote,
    source: t.source,
    submitted_by: t.submittedBy,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
    payload: t.payload,
  };
}

// Response shapes (OpenAPI, lib/openapi/tickets.ts): what the functions above and getTicket return.
const dateTime = () => z.iso.datetime();

export const ticketSummaryJsonSchema = z.object({
  id: z.int(),
  ticket_number: z.string(),
  subject: z.string(),
  department: z.string(),
  category: z.string(),
  sub_category: z.string().nullable(),
  priority: z.enum(PRIORITIES),
  status: z.string(),
});

export const ticketJsonSchema = ticketSummaryJsonSchema.extend({
  description: z.string(),
  routing_status: z.enum(['pending', 'routed', 'unrouted']),
  routing_note: z.string().nullable().meta({ description: 'Why an unrouted ticket could not be routed' }),
  source: z.enum(['http', 'amqp']),
  submitted_by: z.int().nullable(),
  created_at: dateTime(),
  updated_at: dateTime(),
  payload: z.record(z.string(), z.unknown()).meta({ description: 'The payload as received' }),
});

/** getTicket: the ticket with its task and task items. */
export const ticketDetailJsonSchema = ticketJsonSchema.extend({
  task: z
    .object({
      id: z.int(),
      status: z.enum(['pending', 'in_progress', 'on_hold', 'completed', 'cancelled']),
      current_step: z.object({ id: z.int(), name: z.string().nullable() }).nullable(),
      owner_user_id: z.int().nullable().meta({ description: 'The Ticket Coordinator' }),
      target_resolution: dateTime(),
      started_at: dateTime(),
      resolved_at: dateTime().nullable(),
      workflow: z.object({ id: z.int(), name: z.string(), version: z.int() }),
    })
    .nullable(),
  task_items: z.array(
    z.object({
      id: z.int(),
      user_id: z.int(),
      step: z.object({ id: z.int(), name: z.string() }),
      status: z.enum(['new', 'in_progress', 'resolved', 'reassigned', 'escalated', 'breached']),
      origin: z.enum(['system', 'transferred', 'escalated']),
      assigned_at: dateTime(),
      target_at: dateTime(),
    }),
  ),
});

export const ticketPageJsonSchema = z.object({
  items: z.array(ticketJsonSchema),
  next_cursor: z.int().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
});
