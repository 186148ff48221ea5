import { z } from 'zod';
import { INT4_MAX } from '../validation';

const optionalInt = z.coerce.number().int().positive().max(INT4_MAX).optional();
const isoOrDate = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date (YYYY-MM-DD) or an ISO 8601 time')
  .transform((v) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v));

/** The admin audit log's filters, as the page's URL (and the CSV export) carries them. */
export const auditQuerySchema = z
  .object({
    actor: optionalInt.meta({ description: 'Auth Service user id of the actor' }),
    entity_type: z.string().trim().min(1).max(100).optional(),
    entity_id: z.string().trim().min(1).max(300).optional(),
    action: z.string().trim().min(1).max(200).optional(),
    from: isoOrDate.optional(),
    /** Exclusive; a bare date means the end of that day. */
    to: z
      .string()
      .trim()
      .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date (YYYY-MM-DD) or an ISO 8601 time')
      .transform((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000) : new Date(v)))
      .optional(),
    before: optionalInt.meta({ description: 'Cursor: events with a smaller id' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'to must be after from' });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const memberAssignableSchema = z.object({
  role_id: z.coerce.number().int().positive().max(INT4_MAX),
  user_id: z.coerce.number().int().positive().max(INT4_MAX),
  is_assignable: z.enum(['true', 'false']).transform((v) => v === 'true'),
  reason: z.string().trim().max(500).optional(),
});

export const routeManySchema = z.object({
  workflow_id: z.coerce.number({ error: 'choose a workflow' }).int().positive('choose a workflow').max(INT4_MAX),
  ticket_numbers: z.array(z.string().trim().min(1).max(64)).min(1, 'choose at least one ticket').max(500),
});
