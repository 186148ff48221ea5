import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db';
import { seedDemoData, ticketPayload } from '../testing/fixtures';
import { intakeTicket } from './intake-ticket';
import { intakeTickets } from './intake-tickets';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemoData(t.db);
});
afterAll(async () => t.drop());

const rows = async <T>(q: ReturnType<typeof sql>) => Array.from((await t.db.execute(q)) as Iterable<T>);
const amqp = (messageId: string, overrides: Record<string, unknown>) => ({ payload: ticketPayload(overrides), source: 'amqp' as const, submittedBy: null, messageId });

describe('intakeTickets (group commit)', () => {
  it('stores a batch at once: repeats, an invalid and a conflicting ticket each get their own outcome, one wake-up for all', async () => {
    await intakeTicket(t.db, { payload: ticketPayload({ ticket_number: 'TXG0000000000009', subject: 'Planted' }), source: 'http', submittedBy: 777 });
    const outcomes = await intakeTickets(t.db, [
      amqp('celery:g1', { ticket_number: 'TXG0000000000001' }),
      amqp('celery:g2', { ticket_number: 'TXG0000000000002' }),
      amqp('celery:g1', { ticket_number: 'TXG0000000000001' }), // the same task twice
      amqp('celery:g3', { ticket_number: 'TXG0000000000002', subject: 'other' }), // the same number under a new task id
      amqp('celery:g4', { subject: '' }), // invalid
      amqp('celery:g5', { ticket_number: 'TXG0000000000009' }), // another ticket's number, other channel
      amqp('celery:g6', {}), // no number: one is drawn
    ]);
    expect(outcomes.map((o) => (o.ok ? (o.isNew ? 'new' : 'repeat') : o.error.code))).toEqual(['new', 'new', 'repeat', 'repeat', 'INVALID_INPUT', 'CONFLICT', 'new']);
    const [g1, , g1again, g3] = outcomes;
    expect(g1.ok && g1again.ok && g1.ticket.id === g1again.ticket.id).toBe(true);
    expect(g3.ok && g3.ticket.subject).toBe('Laptop return');

    // Claims: the refused ones gave theirs back; the others point at their ticket.
    const claims = await rows<{ message_id: string; ticket_number: string }>(sql`
      select m.message_id, t.ticket_number from inbound_messages m join tickets t on t.id = m.ticket_id
      where m.message_id like 'celery:g%' order by 1`);
    expect(claims.map((c) => c.message_id)).toEqual(['celery:g1', 'celery:g2', 'celery:g3', 'celery:g6']);
    expect(claims.find((c) => c.message_id === 'celery:g3')?.ticket_number).toBe('TXG0000000000002');
    expect(await rows(sql`select 1 from inbound_messages where message_id in ('celery:g4', 'celery:g5')`)).toEqual([]);
    // One audit event per new ticket, one queued wake-up however many tickets came.
    expect(await rows(sql`select count(*)::int as n from audit_events where action = 'ticket.received' and data->>'messageId' like 'celery:g%'`)).toEqual([{ n: 3 }]);
    expect(await rows(sql`select count(*)::int as n from pgboss.job where name = 'ticket-route' and state = 'created'`)).toEqual([{ n: 1 }]);

    // The batch again (a redelivery): nothing new.
    const again = await intakeTickets(t.db, [amqp('celery:g1', { ticket_number: 'TXG0000000000001' }), amqp('celery:g6', {})]);
    expect(again.map((o) => o.ok && o.isNew)).toEqual([false, false]);
    // The planted ticket, g1's and g2's; g6's drawn number is the same ticket again.
    expect(await rows(sql`select count(*)::int as n from tickets where ticket_number like 'TXG%'`)).toEqual([{ n: 3 }]);
    const g6 = outcomes[6];
    expect(again[1].ok && g6.ok && again[1].ticket.id === g6.ticket.id).toBe(true);
  });

  it('an HTTP repeat refused for someone who may not read the ticket does not claim their Idempotency-Key', async () => {
    await intakeTicket(t.db, { payload: ticketPayload({ ticket_number: 'TXG0000000000100' }), source: 'http', submittedBy: 501 });
    const [refused] = await intakeTickets(t.db, [{ payload: ticketPayload({ ticket_number: 'TXG0000000000100' }), source: 'http', submittedBy: 888, messageId: 'http:888:key' }]);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('CONFLICT');
    expect(await rows(sql`select 1 from inbound_messages where message_id = 'http:888:key'`)).toEqual([]);
  });
});
