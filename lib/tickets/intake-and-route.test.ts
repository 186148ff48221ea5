import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskItems, tasks, tickets } from '../db/schema';
import { createTestDb, type TestDb } from '../testing/test-db';
import { seedDemoData, ticketPayload } from '../testing/fixtures';
import { intakeTicket } from './intake-ticket';
import { routeTicket } from './route-ticket';
import { sql } from 'drizzle-orm';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => t.drop());

describe('intake + routing', () => {
  it('stores a ticket pending, wakes routing in the same transaction, and routes it', async () => {
    const { ticket, isNew } = await intakeTicket(t.db, { payload: ticketPayload(), source: 'http', submittedBy: 501 });
    expect(isNew).toBe(true);
    expect(ticket.ticketNumber).toMatch(/^TX\d{14}$/);
    expect(ticket.routingStatus).toBe('pending');
    // A second intake shares the one queued wake-up.
    await intakeTicket(t.db, { payload: ticketPayload(), source: 'http', submittedBy: 501 });
    const jobs = await t.db.execute(sql`select state from pgboss.job where name = 'ticket-route'`);
    expect(jobs.map((j) => (j as { state: string }).state)).toEqual(['created']);

    const result = await routeTicket(t.db, ticket.id);
    expect(result.outcome).toBe('routed');
    const [task] = await t.db.select().from(tasks).where(eq(tasks.ticketId, ticket.id));
    expect(task.ownerUserId).toBeTypeOf('number');
    const items = await t.db.select().from(taskItems).where(eq(taskItems.taskId, task.id));
    expect(items).toHaveLength(1);
    expect([101, 102]).toContain(items[0].userId);
    expect(await routeTicket(t.db, ticket.id)).toEqual({ outcome: 'already_done' });
    const [stored] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(stored.status).toBe('Open');
  });
});
