import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { isAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { tickets } from '../db/schema';
import { AppError } from '../errors';
import { ticketJson } from './ticket-json';

import type { ListTicketsQuery } from './schemas';

/** How long a ticket may wait for its ingestion job before admins are shown it as not routed. */
export const PENDING_GRACE_MS = 5 * 60 * 1000;

/**
 * Tickets, newest first, a page at a time. Admins see all (`routed=false`: the ones that wait to be
 * routed by hand); anyone else sees only the tickets they submitted.
 */
export async function listTickets(db: DbOrTx, userId: number, q: ListTicketsQuery, now = new Date()) {
  const admin = await isAdmin(db, userId);
  if (q.routed === 'false' && !admin) throw new AppError('FORBIDDEN', 'Only admins may list unrouted tickets');
  const where: SQL[] = [];
  if (!admin) where.push(eq(tickets.submittedBy, userId));
  if (q.routed === 'false') {
    // Unrouted, or still pending after PENDING_GRACE: its ingestion job failed for good or no
    // worker is running. Either way it needs an admin, so it must not stay invisible.
    where.push(
      sql`${tickets.routingStatus} <> 'routed' and (${tickets.routingStatus} = 'unrouted' or ${tickets.createdAt} < ${new Date(now.getTime() - PENDING_GRACE_MS).toISOString()}::timestamptz)`,
    );
  }
  if (q.routed === 'true') where.push(eq(tickets.routingStatus, 'routed'));
  if (q.cursor) where.push(lt(tickets.id, q.cursor));
  const rows = await db
    .select()
    .from(tickets)
    .where(and(...where))
    .orderBy(desc(tickets.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(ticketJson),
    next_cursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}
