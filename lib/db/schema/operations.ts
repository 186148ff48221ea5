import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per running worker process, refreshed every few seconds: lets the web app's health check
 * say whether workers run and whether their RabbitMQ bridge is connected, which it cannot see
 * from its own process.
 */
export const workerHeartbeats = pgTable(
  'worker_heartbeats',
  {
    workerId: text().primaryKey(),
    host: text().notNull(),
    pid: integer().notNull(),
    bridge: text().$type<'connected' | 'disconnected' | 'disabled'>().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    seenAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('worker_heartbeats_seen_idx').on(t.seenAt)],
);
