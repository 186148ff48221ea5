import { z } from 'zod';

export const listDeadLettersQuerySchema = z.object({
  queue: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().positive().optional(),
});
export type ListDeadLettersQuery = z.infer<typeof listDeadLettersQuerySchema>;

export const listOutboundQuerySchema = z.object({
  state: z.enum(['waiting', 'failed', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListOutboundQuery = z.infer<typeof listOutboundQuerySchema>;
