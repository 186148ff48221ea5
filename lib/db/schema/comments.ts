import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tickets } from './tickets';

/**
 * A message on a ticket, live to everyone viewing it; may reply to another comment on the same
 * ticket. Deleting is soft (`deletedAt`, body cleared), so replies keep their parent and the thread
 * keeps its shape.
 */
export const comments = pgTable(
  'comments',
  {
    id: serial().primaryKey(),
    ticketId: integer()
      .notNull()
      .references(() => tickets.id),
    authorUserId: integer().notNull(),
    body: text().notNull(),
    parentId: integer().references((): AnyPgColumn => comments.id),
    // Lets a client resend a comment after a dropped connection without posting it twice: unique
    // per author (null = no dedupe).
    clientId: text(),
    /** Users @mentioned in the body (participants of the ticket only), in order of appearance. */
    mentionedUserIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp({ withTimezone: true }),
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: integer(),
  },
  (t) => [
    index('comments_ticket_idx').on(t.ticketId, t.createdAt),
    uniqueIndex('comments_author_client_key').on(t.authorUserId, t.clientId),
    // The per-user rate limit counts an author's recent comments.
    index('comments_author_created_idx').on(t.authorUserId, t.createdAt),
    index('comments_parent_idx').on(t.parentId),
  ],
);
