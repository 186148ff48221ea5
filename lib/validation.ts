import { z } from 'zod';

/**
 * Input shapes that belong to no one domain. Each domain's schemas.ts re-exports what its edges
 * use, so routes keep importing from their own domain.
 */

/** `{id}` path parameters: a positive integer of at most 9 digits (an int4 id), else 400. */
export const idParamsSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/, 'id must be a positive integer')
    .transform(Number)
    .refine((n) => n > 0, 'id must be a positive integer'),
});
