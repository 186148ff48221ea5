import { eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { executePrepared } from '../db/execute-prepared';
import { insertRows, insertRowsQuery, rowsFromDb } from '../db/insert-rows';
import type { Db, Tx } from '../db/client';
import { inboundMessages, tickets } from '../db/schema';
import { AppError, invalidInput } from '../errors';
import { type AuditParams, recordAuditQuery, recordAudits } from '../audit/record-audit';
import { claimInboundMessages, linkInboundMessages, releaseInboundMessages } from '../integration/claim-inbound-message';
import { canReadTicket } from './can-read-ticket';
import { generateTicketNumber } from './generate-ticket-number';
import { normalizeTicket, ticketInputSchema } from './schemas';
import { wakeRouting, wakeRoutingQuery } from './wake-routing';

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

export type Ticket = typeof tickets.$inferSelect;

export type IntakeOutcome = { ok: true; ticket: Ticket; isNew: boolean } | { ok: false; error: AppError };

/**
 * What the insert reads back: every column but the two intake has just sent (the payload and the
 * description), which are taken from the rows sent instead of being serialised by the database and
 * parsed again here, for each ticket of a group commit.
 */
const RETURNED_COLUMNS = (Object.keys(getTableColumns(tickets)) as Array<keyof Ticket>).filter((k) => k !== 'payload' && k !== 'description');

/** How often a generated ticket number may collide before intake gives up (practically never once). */
const NUMBER_ATTEMPTS = 8;

/** Whether a repeat of a ticket number carries another ticket: subject, department or category differ. */
function isDifferentTicket(stored: { subject: string; department: string; category: string }, incoming: { subject: string; department: string; category: string }): boolean {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return !same(stored.subject, incoming.subject) || !same(stored.department, incoming.department) || !same(stored.category, incoming.category);
}

type Fields = ReturnType<typeof normalizeTicket>;
interface Entry {
  index: number;
  p: IntakeTicketParams;
  fields: Fields;
  ticketNumber: string;
  /** Another entry of this batch already carries this message id / ticket number. */
  sameMessageAs?: Entry;
  outcome?: IntakeOutcome;
}

/**
 * Stores help-desk tickets, any number in one transaction (a group commit of the broker's
 * deliveries, or one HTTP request), each once, and wakes routing once. Per ticket, as if alone:
 * - validated first; an invalid one is refused with its reason and takes no part in the rest;
 * - idempotent on the message id (Celery task id, Idempotency-Key), claimed in the same
 *   transaction as the ticket, so a claimed id always has its ticket, and on the ticket number: a
 *   repeat returns the stored ticket (`isNew: false`) and changes nothing;
 * - the same number over the other channel with other content is a CONFLICT, not a repeat (a
 *   ticket planted over HTTP under a number HDTS is about to use must not swallow the real one);
 *   an HTTP repeat answers only to someone allowed to read the ticket (else CONFLICT);
 * - a refused ticket's message id is given back in the same transaction, so its neighbours commit
 *   and it can be dead-lettered or retried as itself.
 * The payload is stored as received (plus the ticket number), the checked fields lifted into
 * columns. A database error fails the whole call (nothing stored): the caller retries or splits.
 * Outcomes come back in input order.
 */
export async function intakeTickets(db: Db, inputs: IntakeTicketParams[]): Promise<IntakeOutcome[]> {
  const outcomes = new Array<IntakeOutcome>(inputs.length);
  const valid: Array<{ index: number; p: IntakeTicketParams; fields: Fields }> = [];
  inputs.forEach((p, index) => {
    const parsed = ticketInputSchema.safeParse(p.payload);
    if (parsed.success) valid.push({ index, p, fields: normalizeTicket(parsed.data) });
    else outcomes[index] = { ok: false, error: invalidInput(parsed.error) };
  });
  if (valid.length === 0) return outcomes;

  if (valid.length === 1 && !valid[0].p.messageId) {
    const ticket = await storeOneNew(db, valid[0].p, valid[0].fields);
    if (ticket) {
      outcomes[valid[0].index] = { ok: true, ticket, isNew: true };
      return outcomes;
    }
  }
  const stored = await db.transaction((tx) => storeAll(tx, valid));
  for (const e of stored) outcomes[e.index] = e.outcome!;
  return outcomes;
}

/**
 * The common HTTP case, one ticket without an Idempotency-Key, as one statement (its own
 * transaction): the ticket, its audit event and the routing wake-up commit together in one round
 * trip instead of four, which is most of an intake's time on a busy machine. What storeAll does
 * for the same ticket, when the number is free; null when it is not (a repeat, a conflict, a drawn
 * number that collided), and nothing is stored then but a wake-up with nothing new to route: the
 * caller takes storeAll's path, which tells those apart.
 */
async function storeOneNew(db: Db, p: IntakeTicketParams, fields: Fields): Promise<Ticket | null> {
  const ticketNumber = fields.ticketNumber ?? generateTicketNumber();
  const sent = {
    ...fields,
    ticketNumber,
    payload: { ...(p.payload as Record<string, unknown>), ticket_number: ticketNumber },
    submittedBy: p.submittedBy,
    source: p.source,
  };
  const audit = recordAuditQuery(
    { actorUserId: p.submittedBy, action: 'ticket.received', entityType: 'ticket', entityId: ticketNumber, data: { source: p.source, messageId: null } },
    sql`exists (select 1 from t)`,
  );
  const query = sql`with t as (${insertRowsQuery(tickets, [sent], { onConflictDoNothing: sql`(ticket_number)`, returning: RETURNED_COLUMNS })}),
    a as (${audit}),
    w as (${await wakeRoutingQuery()})
    select * from t`;
  const [row] = rowsFromDb(tickets, await executePrepared(db, query), RETURNED_COLUMNS);
  return row ? { ...row, payload: sent.payload, description: sent.description } : null;
}

async function storeAll(tx: Tx, valid: Array<{ index: number; p: IntakeTicketParams; fields: Fields }>): Promise<Entry[]> {
  const entries: Entry[] = valid.map((v) => ({ ...v, ticketNumber: v.fields.ticketNumber ?? generateTicketNumber() }));

  // 1. Message ids: the first entry of the batch with an id claims it; a later one with the same
  //    id is a repeat of that entry; an id claimed before is a repeat of its stored ticket.
  const byMessage = new Map<string, Entry>();
  for (const e of entries) {
    if (!e.p.messageId) continue;
    const first = byMessage.get(e.p.messageId);
    if (first) e.sameMessageAs = first;
    else byMessage.set(e.p.messageId, e);
  }
  const claimants = [...byMessage.values()];
  const claimed = await claimInboundMessages(
    tx,
    claimants.map((e) => ({ messageId: e.p.messageId!, source: e.p.source, taskName: e.p.taskName })),
  );
  const seenBefore = claimants.filter((e) => !claimed.has(e.p.messageId!));
  if (seenBefore.length) {
    const rows = await tx
      .select({ messageId: inboundMessages.messageId, ticket: tickets })
      .from(inboundMessages)
      .leftJoin(tickets, eq(tickets.id, inboundMessages.ticketId))
      .where(inArray(inboundMessages.messageId, seenBefore.map((e) => e.p.messageId!)));
    const ticketOf = new Map(rows.map((r) => [r.messageId, r.ticket]));
    for (const e of seenBefore) {
      const ticket = ticketOf.get(e.p.messageId!);
      // A claim without a ticket cannot commit (see below); kept as a guard, never a silent ack.
      e.outcome = ticket
        ? await repeatOutcome(tx, e, ticket, { checkContent: false })
        : { ok: false, error: new AppError('CONFLICT', `Message id ${e.p.messageId} was used without a ticket`) };
    }
  }

  // 2. Tickets: one multi-row insert for the entries still open; within the batch the first entry
  //    of a ticket number stores it and later ones repeat it.
  const open = entries.filter((e) => !e.sameMessageAs && !e.outcome);
  const firstOfNumber = new Map<string, Entry>();
  const repeatsInBatch: Entry[] = [];
  for (const e of open) {
    if (firstOfNumber.has(e.ticketNumber)) repeatsInBatch.push(e);
    else firstOfNumber.set(e.ticketNumber, e);
  }
  let toInsert = [...firstOfNumber.values()];
  const created = new Map<string, Ticket>();
  for (let attempt = 1; toInsert.length; attempt++) {
    const sent = toInsert.map((e) => ({
      ...e.fields,
      ticketNumber: e.ticketNumber,
      payload: { ...(e.p.payload as Record<string, unknown>), ticket_number: e.ticketNumber },
      submittedBy: e.p.submittedBy,
      source: e.p.source,
    }));
    const rows = await insertRows(tx, tickets, sent, { onConflictDoNothing: sql`(ticket_number)`, returning: RETURNED_COLUMNS });
    const sentOf = new Map(sent.map((r) => [r.ticketNumber, r]));
    for (const r of rows) {
      const { payload, description } = sentOf.get(r.ticketNumber)!;
      created.set(r.ticketNumber, { ...r, payload, description });
    }
    // A generated number that was taken is drawn again; a given one that exists is a repeat.
    toInsert = toInsert.filter((e) => !created.has(e.ticketNumber) && e.fields.ticketNumber === null);
    if (toInsert.length && attempt >= NUMBER_ATTEMPTS) {
      for (const e of toInsert) e.outcome = { ok: false, error: new AppError('UNAVAILABLE', 'Could not draw a free ticket number; try again') };
      break;
    }
    for (const e of toInsert) {
      firstOfNumber.delete(e.ticketNumber);
      e.ticketNumber = generateTicketNumber();
      firstOfNumber.set(e.ticketNumber, e);
    }
  }
  const existing = [...firstOfNumber.values()].filter((e) => !e.outcome && !created.has(e.ticketNumber));
  const storedBefore = existing.length
    ? new Map((await tx.select().from(tickets).where(inArray(tickets.ticketNumber, existing.map((e) => e.ticketNumber)))).map((t) => [t.ticketNumber, t]))
    : new Map<string, Ticket>();
  for (const e of firstOfNumber.values()) {
    if (e.outcome) continue;
    const mine = created.get(e.ticketNumber);
    e.outcome = mine ? { ok: true, ticket: mine, isNew: true } : await repeatOutcome(tx, e, storedBefore.get(e.ticketNumber)!, { checkContent: true });
  }
  for (const e of repeatsInBatch) {
    const first = firstOfNumber.get(e.ticketNumber)!;
    e.outcome = first.outcome!.ok ? await repeatOutcome(tx, e, first.outcome!.ticket, { checkContent: true }) : first.outcome;
  }
  for (const e of entries) if (e.sameMessageAs) e.outcome = sameMessageOutcome(e.sameMessageAs.outcome!);

  // 3. Claims: refused entries give theirs back; the others point at their ticket.
  const mineClaimed = claimants.filter((e) => claimed.has(e.p.messageId!));
  await releaseInboundMessages(tx, mineClaimed.filter((e) => !e.outcome!.ok).map((e) => e.p.messageId!));
  await linkInboundMessages(
    tx,
    mineClaimed.flatMap((e) => (e.outcome!.ok ? [{ messageId: e.p.messageId!, ticketId: e.outcome!.ticket.id }] : [])),
  );

  // 4. What the new tickets cause: an audit event each, and one routing wake-up for all of them.
  const news = entries.filter((e) => e.outcome!.ok && e.outcome!.isNew);
  if (news.length) {
    const audits = news.map(
      (e): AuditParams => ({
        actorUserId: e.p.submittedBy,
        action: 'ticket.received',
        entityType: 'ticket',
        entityId: e.ticketNumber,
        data: { source: e.p.source, messageId: e.p.messageId ?? null },
      }),
    );
    // Sent together: postgres.js pipelines them on the transaction's connection (one round trip).
    // The wake-up last: concurrent intakes queue on its one row until this commits.
    await Promise.all([recordAudits(tx, audits), wakeRouting(tx)]);
  }
  return entries;
}

/** A ticket that exists already, reached again by `e` (same message id, or same ticket number). */
async function repeatOutcome(tx: Tx, e: Entry, ticket: Ticket, o: { checkContent: boolean }): Promise<IntakeOutcome> {
  if (o.checkContent && ticket.source !== e.p.source && isDifferentTicket(ticket, e.fields)) {
    return {
      ok: false,
      error: new AppError('CONFLICT', `ticket_number ${ticket.ticketNumber} already belongs to a different ticket (received over ${ticket.source})`),
    };
  }
  // A repeat over HTTP answers with the stored ticket only to someone allowed to read it.
  if (e.p.submittedBy !== null && !(await canReadTicket(tx, ticket, e.p.submittedBy))) {
    return { ok: false, error: new AppError('CONFLICT', `ticket_number ${ticket.ticketNumber} already exists`) };
  }
  return { ok: true, ticket, isNew: false };
}

/** A second delivery of a message in the same batch: a repeat of whatever the first became. */
function sameMessageOutcome(first: IntakeOutcome): IntakeOutcome {
  return first.ok ? { ok: true, ticket: first.ticket, isNew: false } : first;
}
