import type { tickets } from '../db/schema';

type TicketRow = typeof tickets.$inferSelect;

/** A ticket in brief, as lists of task items show it (snake_case, as HDTS speaks). */
export function ticketSummaryJson(t: TicketRow) {
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
