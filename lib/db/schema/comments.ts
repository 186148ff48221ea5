import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tickets } from './tickets';

/** A message on a ticket, live to everyone viewing it; may reply to another comment. */
export const comments = pgTable(
  'comments',
  {
    id: serial().primaryKey(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id),
    authorUserId: integer().notNull(),
    body: text().notNull(),
    parentId: integer(),
    // Lets a client resend a comment after a dropped connection without posting it twice.
    clientId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('comments_ticket_idx').on(t.ticketId, t.createdAt),
    uniqueIndex('comments_author_client_key').on(t.authorUserId, t.clientId),
  ],
);
