import { routeTicket } from '@/lib/tickets/route-ticket';
import { defineJob } from '../job-module';

/**
 * Routes a newly received ticket. Idempotent: routeTicket locks the ticket and does nothing when it
 * is already routed, and tasks.ticket_id is unique.
 */
export const ticketIngestJob = defineJob({
  key: 'ingestTicket',
  workers: 4,
  async handle(db, payload) {
    await routeTicket(db, payload.ticket_id);
  },
});
