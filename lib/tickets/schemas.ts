import { z } from 'zod';
import { cursorParam, idNumber, pageLimit, storable } from '../validation';

import { PRIORITIES } from './priority';

export { PRIORITIES, type Priority } from './priority';

export const TICKET_STATUSES = [
  'New',
  'Open',
  'In Progress',
  'On Hold',
  'Pending',
  'Resolved',
  'Rejected',
  'Withdrawn',
  'Closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

const priority = z
  .string({ error: 'priority must be one of Low, Medium, High, Critical' })
  .trim()
  .transform((v, ctx) => {
    const lower = v.toLowerCase();
    // HDTS says "Urgent" where TTS says "Critical".
    const found = lower === 'urgent' ? 'Critical' : PRIORITIES.find((p) => p.toLowerCase() === lower);
    if (!found) {
      ctx.addIssue({ code: 'custom', message: 'priority must be one of Low, Medium, High, Critical (or Urgent)' });
      return z.NEVER;
    }
    return found;
  });

const ticketNumber = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"'));

const optionalText = (max: number) => z.string().max(max).nullish();

/**
 * A ticket as HDTS (Django, snake_case) sends it, over HTTP (`POST /send/`, `POST /api/v1/tickets`)
 * or as the payload of `tickets.tasks.receive_ticket`. Unknown fields (asset, budget data, ...)
 * are kept in the stored payload.
 */
export const ticketInputSchema = storable(
  z
  .object({
    // Django serializers write unset fields as null: null is treated as absent throughout.
    ticket_number: ticketNumber.nullish(),
    ticket_id: ticketNumber.nullish(),
    subject: z.string({ error: 'subject is required and must be a string' }).trim().min(1, 'subject must not be empty').max(500),
    description: optionalText(50_000),
    department: z.string({ error: 'department is required and must be a string' }).trim().min(1, 'department must not be empty').max(200),
    category: z.string({ error: 'category is required and must be a string' }).trim().min(1, 'category must not be empty').max(200),
    sub_category: optionalText(200),
    subcategory: optionalText(200),
    priority: priority.nullish(),
    status: z.enum(TICKET_STATUSES).nullish(),
    employee: z
      .object({ id: z.union([z.number(), z.string()]).nullish(), name: z.string().nullish(), email: z.string().nullish() })
      .loose()
      .nullish(),
    source_service: z.string().max(100).nullish(),
  })
  .loose(),
);

export type TicketInput = z.infer<typeof ticketInputSchema>;

/** The columns TTS lifts out of an accepted payload. */
export function normalizeTicket(input: TicketInput) {
  const subCategory = (input.sub_category ?? input.subcategory ?? '').trim() || null;
  return {
    ticketNumber: input.ticket_number ?? input.ticket_id ?? null,
    subject: input.subject,
    description: input.description ?? '',
    department: input.department,
    category: input.category,
    subCategory,
    priority: input.priority ?? 'Medium',
    status: input.status ?? 'New',
  };
}

/** `{ticket_number}` path parameter: the form ticket numbers take (else 400 naming it). */
export const ticketNumberParamsSchema = z.object({
  ticket_number: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ticket_number must be 1-64 letters, digits, "-" or "_"'),
});

/** Headers of an intake request. */
export const intakeHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key must be 1-200 visible ASCII characters')
    .optional()
    .meta({ description: 'The same key again (from the same caller) returns the stored ticket and creates nothing' }),
});

export const listTicketsQuerySchema = z.object({
  routed: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: '`false`: tickets that wait for an admin (admins only): unrouted, or pending for over 5 minutes' }),
  limit: pageLimit(),
  /** The id of the last ticket of the previous page. */
  cursor: cursorParam().meta({ description: '`next_cursor` of the previous page' }),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuerySchema>;

/** Body of `POST /api/v1/tickets/{ticket_number}/route`. */
export const routeByHandSchema = z.object({ workflow_id: idNumber('workflow_id') });
