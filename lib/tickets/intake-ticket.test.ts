import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, inboundMessages, tickets } from '../db/schema';
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

  it('stores a new HTTP ticket with its audit event and routing wake-up, once, and a repeat stores nothing', async () => {
    const body = ticketPayload({ ticket_number: 'TX20260101000901' });
    const first = await intakeTicket(t.db, { payload: body, source: 'http', submittedBy: 501 });
    expect(first).toMatchObject({ isNew: true, ticket: { ticketNumber: 'TX20260101000901', source: 'http', submittedBy: 501, routingStatus: 'pending' } });
    expect(first.ticket.payload).toEqual(body);
    const [stored] = await t.db.select().from(tickets).where(eq(tickets.ticketNumber, 'TX20260101000901'));
    expect(stored).toEqual(first.ticket);
    const audits = () => t.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, 'ticket'), eq(auditEvents.entityId, 'TX20260101000901')));
    expect(await audits()).toMatchObject([{ action: 'ticket.received', actorUserId: 501, data: { source: 'http', messageId: null } }]);
    const wakeUps = await t.db.execute(sql`select 1 from pgboss.job where name = 'ticket-route' and state = 'created'`);
    expect(Array.from(wakeUps)).toHaveLength(1);

    const again = await intakeTicket(t.db, { payload: body, source: 'http', submittedBy: 501 });
    expect(again).toMatchObject({ isNew: false, ticket: { id: first.ticket.id } });
    expect(await audits()).toHaveLength(1);
  });

  it('draws again when a generated number is taken, for an HTTP ticket too', async () => {
    drawn.push('TX20260102111111', 'TX20260102111111', 'TX20260102222222');
    const first = await intakeTicket(t.db, { payload: ticketPayload(), source: 'http', submittedBy: 501 });
    const second = await intakeTicket(t.db, { payload: ticketPayload({ subject: 'Another one' }), source: 'http', submittedBy: 501 });
    expect(first).toMatchObject({ isNew: true, ticket: { ticketNumber: 'TX20260102111111' } });
    expect(second).toMatchObject({ isNew: true, ticket: { ticketNumber: 'TX20260102222222', subject: 'Another one' } });
    const received = await t.db
      .select({ entityId: auditEvents.entityId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'ticket.received'), inArray(auditEvents.entityId, ['TX20260102111111', 'TX20260102222222'])));
    expect(received.map((r) => r.entityId).sort()).toEqual(['TX20260102111111', 'TX20260102222222']);
  });
});
