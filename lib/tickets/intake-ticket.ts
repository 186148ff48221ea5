import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { inboundMessages, tickets } from '../db/schema';
import { AppError, invalidInput } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { enqueue } from '../jobs/send';
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

/**
 * Stores a help-desk ticket once and queues its ingestion in the same transaction, so a crash can
 * neither lose the ingestion nor leave a half-stored ticket. Idempotent on the ticket number and on
 * the message id: a repeat returns the stored ticket (`isNew: false`) and changes nothing.
 */
export async function intakeTicket(db: Db, p: IntakeTicketParams): Promise<IntakeTicketResult> {
  const parsed = ticketInputSchema.safeParse(p.payload);
  if (!parsed.success) throw invalidInput(parsed.error);
  const input = parsed.data;
  const fields = normalizeTicket(input);
  const hasOwnNumber = fields.ticketNumber !== null;

  for (let attempt = 0; ; attempt++) {
    const ticketNumber = fields.ticketNumber ?? generateTicketNumber();
    const result = await db.transaction(async (tx) => {
      if (p.messageId) {
        const [claimed] = await tx
          .insert(inboundMessages)
          .values({ messageId: p.messageId, source: p.source, taskName: p.taskName ?? null })
          .onConflictDoNothing()
          .returning({ messageId: inboundMessages.messageId });
        if (!claimed) {
          const [seen] = await tx.select().from(inboundMessages).where(eq(inboundMessages.messageId, p.messageId));
          const [ticket] = seen?.ticketId
            ? await tx.select().from(tickets).where(eq(tickets.id, seen.ticketId))
            : [];
          if (!ticket) throw new AppError('CONFLICT', 'This message id was already used');
          return { ticket, isNew: false };
        }
      }

      const [inserted] = await tx
        .insert(tickets)
        .values({
          ...fields,
          ticketNumber,
          payload: { ...input, ticket_number: ticketNumber },
          submittedBy: p.submittedBy,
          source: p.source,
        })
        .onConflictDoNothing({ target: tickets.ticketNumber })
        .returning();

      const ticket = inserted ?? (await tx.select().from(tickets).where(eq(tickets.ticketNumber, ticketNumber)))[0];
      if (!inserted && !hasOwnNumber) return null; // a generated number collided: draw another
      if (p.messageId) {
        await tx.update(inboundMessages).set({ ticketId: ticket.id }).where(eq(inboundMessages.messageId, p.messageId));
      }
      if (!inserted) return { ticket, isNew: false };

      await enqueue(tx, 'ingestTicket', { ticket_id: ticket.id });
      await recordAudit(tx, {
        actorUserId: p.submittedBy,
        action: 'ticket.received',
        entityType: 'ticket',
        entityId: ticket.ticketNumber,
        data: { source: p.source, messageId: p.messageId ?? null },
      });
      return { ticket, isNew: true };
    });
    if (result) {
      // A repeat over HTTP answers with the stored ticket only to someone allowed to read it.
      if (!result.isNew && p.submittedBy !== null && !(await canReadTicket(db, result.ticket, p.submittedBy))) {
        throw new AppError('CONFLICT', `ticket_number ${result.ticket.ticketNumber} already exists`);
      }
      return result;
    }
    if (attempt > 5) throw new AppError('INTERNAL', 'Could not draw a free ticket number');
  }
}
