import { routeTickets } from '@/lib/tickets/route-tickets';
import { wakeRouting } from '@/lib/tickets/wake-routing';
import { defineJob } from '../job-module';

/** How long one wake-up routes before it hands on to the next (keeps each job far inside its expiry). */
const SLICE_MS = 5_000;

/**
 * The routing worker: on a wake-up, routes pending tickets in sets (routeTickets) until none are
 * left, or for SLICE_MS, then queues the next wake-up and returns. Two pollers per process: while
 * one routes, a wake-up queued meanwhile starts the second, and SKIP LOCKED keeps them (and other
 * worker processes) on different tickets.
 */
export const ticketRouteJob = defineJob({
  key: 'routeTickets',
  workers: 2,
  async handle(db) {
    const until = Date.now() + SLICE_MS;
    for (;;) {
      const { claimed } = await routeTickets(db);
      if (claimed === 0) return;
      if (Date.now() >= until) return wakeRouting(db);
    }
  },
});
