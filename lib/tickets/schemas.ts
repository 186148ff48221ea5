import { z } from 'zod';

export const PRIORITIES = ['Low', 'Medium', 'High', 'Critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

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
export const ticketInputSchema = z
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
  .loose();

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
    priority: (input.priority ?? 'Medium') as Priority,
    status: input.status ?? 'New',
  };
}
