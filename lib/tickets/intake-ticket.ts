import type { Db } from '../db/client';
import type { tickets } from '../db/schema';
import { type IntakeTicketParams, intakeTickets } from './intake-tickets';

export type { IntakeTicketParams } from './intake-tickets';

export interface IntakeTicketResult {
  ticket: typeof tickets.$inferSelect;
  isNew: boolean;
}

/**
 * Stores one help-desk ticket (HTTP intake: one ticket per request) with the rules of
 * intakeTickets, and throws its refusal (INVALID_INPUT, CONFLICT, ...) as an AppError. Its
 * routing wake-up is shared with every other intake of the moment.
 */
export async function intakeTicket(db: Db, p: IntakeTicketParams): Promise<IntakeTicketResult> {
  const [outcome] = await intakeTickets(db, [p]);
  if (!outcome.ok) throw outcome.error;
  return { ticket: outcome.ticket, isNew: outcome.isNew };
}
