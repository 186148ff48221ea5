import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inboundMessages, tickets } from '../db/schema';
import { seedDemoData, ticketPayload } from '../testing/fixtures';
import { createTestDb, type TestDb } from '../testing/test-db';
import { intakeTicket } from './intake-ticket';

// The number generator is random; here it repeats itself on purpose to force a collision.
const drawn = vi.hoisted(() => ['TX20260101123456', 'TX20260101123456', 'TX20260101654321']);
vi.mock('./generate-ticket-number', () => ({ generateTicketNumber: () => drawn.shift() ?? 'TX20260101999999' }));

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => t.drop());

describe('intakeTicket', () => {
  it('draws again when a generated number is taken, keeping the message id with its ticket', async () => {
    const first = await intakeTicket(t.db, { payload: ticketPayload(), source: 'amqp', submittedBy: null, messageId: 'celery:one' });
    expect(first.ticket.ticketNumber).toBe('TX20260101123456');

    const second = await intakeTicket(t.db, { payload: ticketPayload({ subject: 'Other' }), source: 'amqp', submittedBy: null, messageId: 'celery:two' });
    expect(second.isNew).toBe(true);
    expect(second.ticket.ticketNumber).toBe('TX20260101654321');
    const [claim] = await t.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, 'celery:two'));
    expect(claim.ticketId).toBe(second.ticket.id);

    // Redelivered: the same ticket, nothing new.
    const again = await intakeTicket(t.db, { payload: ticketPayload({ subject: 'Other' }), source: 'amqp', submittedBy: null, messageId: 'celery:two' });
    expect(again).toMatchObject({ isNew: false, ticket: { id: second.ticket.id } });
    expect((await t.db.select({ n: count() }).from(tickets))[0].n).toBe(2);
  });

  it('keeps the payload as received, with the ticket number added', async () => {
    const body = ticketPayload({ ticket_number: 'TX20260101000777', priority: 'Urgent', subject: '  Padded  ', extra: { nested: [1, 2] } });
    const { ticket } = await intakeTicket(t.db, { payload: body, source: 'http', submittedBy: 501 });
    expect(ticket.priority).toBe('Critical');
    expect(ticket.subject).toBe('Padded');
    expect(ticket.payload).toEqual(body);
  });

  it('a number taken over the other channel by another ticket is a conflict, not a repeat; the same ticket is a repeat', async () => {
    // Someone with a token posts first, under a number HDTS is about to use over the broker.
    await intakeTicket(t.db, { payload: ticketPayload({ ticket_number: 'TX20260101000888', subject: 'Planted' }), source: 'http', submittedBy: 777 });
    const real = intakeTicket(t.db, { payload: ticketPayload({ ticket_number: 'TX20260101000888' }), source: 'amqp', submittedBy: null, messageId: 'celery:real' });
    await expect(real).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already belongs to a different ticket \(received over http\)/) });
    expect(await t.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, 'celery:real'))).toEqual([]);

    // HDTS posting a ticket and also sending it over the broker: one ticket.
    const posted = await intakeTicket(t.db, { payload: ticketPayload({ ticket_number: 'TX20260101000889' }), source: 'http', submittedBy: 501 });
    const sent = await intakeTicket(t.db, { payload: ticketPayload({ ticket_number: 'TX20260101000889', subject: ' laptop RETURN ' }), source: 'amqp', submittedBy: null, messageId: 'celery:same' });
    expect(sent).toMatchObject({ isNew: false, ticket: { id: posted.ticket.id } });
  });
});
