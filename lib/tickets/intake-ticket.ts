import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { inboundMessages, tickets } from '../db/schema';
import { AppError, invalidInput } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { wakeRouting } from './wake-routing';
import { generateTicketNumber } from './generate-ticket-number';
import { normalizeTicket, ticketInputSchema } from './schemas';
import { canReadTicket } from './can-read-ticket';

export interface IntakeTicketParams {
  /** The untrusted payload, validated here so HTTP and the broker share one rule. */
  payload: unknown;
  source: 'http' | 'amqp';
  /** Auth Service user id of the submitter (HTTP); null for broker intake. */
  submittedBy: number | null;
  /** An Idempotency-Key or Celery task id: the same one again is a no-op returning the ticket. */
  messageId?: string;
  taskName?: string;
}

export interface IntakeTicketResult {
  ticket: typeof tickets.$inferSelect;
  isNew: boolean;
}

/** Whether a repeat of a ticket number carries another ticket: subject, department or category differ. */
function isDifferentTicket(stored: { subject: string; department: string; category: string }, incoming: { subject: string; department: string; category: string }): boolean {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return !same(stored.subject, incoming.subject) || !same(stored.department, incoming.department) || !same(stored.category, incoming.category);
}

/** A generated ticket number was taken: the transaction rolls back (message id claim included). */
class NumberTakenError extends Error {}

/**
 * Stores a help-desk ticket once and queues its ingestion in the same transaction, so a crash can
 * neither lose the ingestion nor leave a half-stored ticket. Idempotent on the ticket number and on
 * the message id: a repeat returns the stored ticket (`isNew: false`) and changes nothing. The
 * message id is claimed in the same transaction as the ticket, so a claimed id always has its
 * ticket. The payload is stored as received (plus the ticket number), the checked fields lifted
 * into columns.
 */
export async function intakeTicket(db: Db, p: IntakeTicketParams): Promise<IntakeTicketResult> {
  const parsed = ticketInputSchema.safeParse(p.payload);
  if (!parsed.success) throw invalidInput(parsed.error);
  const fields = normalizeTicket(parsed.data);
  const raw = p.payload as Record<string, unknown>;

  for (let attempt = 1; ; attempt++) {
    const ticketNumber = fields.ticketNumber ?? generateTicketNumber();
    try {
      return await db.transaction(async (tx) => {
        const result = await storeOnce(tx, ticketNumber);
        // A repeat over HTTP answers with the stored ticket only to someone allowed to read it.
        // Refused inside the transaction, so the caller's Idempotency-Key is not claimed either.
        if (!result.isNew && p.submittedBy !== null && !(await canReadTicket(tx, result.ticket, p.submittedBy))) {
          throw new AppError('CONFLICT', `ticket_number ${result.ticket.ticketNumber} already exists`);
        }
        return result;
      });
    } catch (err) {
      if (!(err instanceof NumberTakenError)) throw err;
      if (attempt >= 8) throw new AppError('UNAVAILABLE', 'Could not draw a free ticket number; try again');
    }
  }

  async function storeOnce(tx: Tx, ticketNumber: string): Promise<IntakeTicketResult> {
    if (p.messageId) {
      const [claimed] = await tx
        .insert(inboundMessages)
        .values({ messageId: p.messageId, source: p.source, taskName: p.taskName ?? null })
        .onConflictDoNothing()
        .returning({ messageId: inboundMessages.messageId });
      if (!claimed) {
        const [ticket] = await tx
          .select({ ticket: tickets })
          .from(inboundMessages)
          .innerJoin(tickets, eq(tickets.id, inboundMessages.ticketId))
          .where(eq(inboundMessages.messageId, p.messageId));
        // A claim without a ticket cannot commit (see below); kept as a guard, never a silent ack.
        if (!ticket) throw new AppError('CONFLICT', `Message id ${p.messageId} was used without a ticket`);
        return { ticket: ticket.ticket, isNew: false };
      }
    }

    const [inserted] = await tx
      .insert(tickets)
      .values({
        ...fields,
        ticketNumber,
        payload: { ...raw, ticket_number: ticketNumber },
        submittedBy: p.submittedBy,
        source: p.source,
      })
      .onConflictDoNothing({ target: tickets.ticketNumber })
      .returning();
    if (!inserted && fields.ticketNumber === null) throw new NumberTakenError();
    const ticket = inserted ?? (await tx.select().from(tickets).where(eq(tickets.ticketNumber, ticketNumber)))[0];
    if (!inserted && ticket.source !== p.source && isDifferentTicket(ticket, fields)) {
      // The same number over the other channel with other content is not a repeat: a ticket
      // planted over HTTP under a number HDTS is about to use must not swallow the real one.
      throw new AppError('CONFLICT', `ticket_number ${ticketNumber} already belongs to a different ticket (received over ${ticket.source})`);
    }
    if (p.messageId) {
      await tx.update(inboundMessages).set({ ticketId: ticket.id }).where(eq(inboundMessages.messageId, p.messageId));
    }
    if (!inserted) return { ticket, isNew: false };

    await recordAudit(tx, {
      actorUserId: p.submittedBy,
      action: 'ticket.received',
      entityType: 'ticket',
      entityId: ticket.ticketNumber,
      data: { source: p.source, messageId: p.messageId ?? null },
    });
    await wakeRouting(tx);
    return { ticket, isNew: true };
  }
}
