import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { workflows } from './workflows';
import type { Priority } from '../../tickets/priority';

export type RoutingStatus = 'pending' | 'routed' | 'unrouted';

/**
 * The snapshot of a ticket HDTS sent: the payload is kept whole, the fields TTS routes on are
 * lifted into columns.
 */
export const tickets = pgTable(
  'tickets',
  {
    id: serial().primaryKey(),
    ticketNumber: text().notNull(),
    subject: text().notNull(),
    description: text().notNull().default(''),
    department: text().notNull(),
    category: text().notNull(),
    subCategory: text(),
    priority: text().$type<Priority>().notNull(),
    status: text().notNull().default('New'),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    // Auth Service user id of the identity that submitted it (null for broker intake).
    submittedBy: integer(),
    source: text().$type<'http' | 'amqp'>().notNull(),
    routingStatus: text().$type<RoutingStatus>().notNull().default('pending'),
    routingNote: text(),
    workflowId: integer().references(() => workflows.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tickets_ticket_number_key').on(t.ticketNumber),
    // The admins' "not routed" list: unrouted tickets, and pending ones whose ingestion is overdue.
    index('tickets_not_routed_idx').on(t.createdAt).where(sql`${t.routingStatus} <> 'routed'`),
    index('tickets_submitted_by_idx').on(t.submittedBy),
    // The routing queue: pending tickets in arrival order, claimed in sets (routeTickets).
    index('tickets_routing_pending_idx').on(t.id).where(sql`${t.routingStatus} = 'pending'`),
  ],
);

/**
 * Every inbound message already taken: an HTTP Idempotency-Key or a Celery task id. The unique key
 * makes a redelivered or re-sent message a no-op.
 */
export const inboundMessages = pgTable('inbound_messages', {
  messageId: text().primaryKey(),
  source: text().notNull(),
  taskName: text(),
  ticketId: integer().references(() => tickets.id),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Inbound broker messages that can never succeed, kept with their reason for admins. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: serial().primaryKey(),
    queue: text().notNull(),
    taskName: text(),
    messageId: text(),
    reason: text().notNull(),
    headers: jsonb().$type<Record<string, unknown>>(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // An admin's replay (once: a second one is refused) and its outcome, or discard.
    replayedAt: timestamp({ withTimezone: true }),
    replayedBy: integer(),
    replayOutcome: text(),
    discardedAt: timestamp({ withTimezone: true }),
    discardedBy: integer(),
  },
  (t) => [
    index('dead_letters_created_idx').on(t.createdAt),
    // A poison message redelivered before its ack reached the broker is recorded once.
    uniqueIndex('dead_letters_queue_message_key').on(t.queue, t.messageId),
  ],
);
