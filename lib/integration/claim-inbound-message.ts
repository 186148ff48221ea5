import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import { inboundMessages } from '../db/schema';
import { executePrepared } from '../db/execute-prepared';
import { insertRows } from '../db/insert-rows';

export interface InboundClaim {
  messageId: string;
  source: string;
  taskName?: string | null;
}

/**
 * Records that a broker message was taken, inside the transaction that applies its effect. False
 * when the id was already recorded: the caller then changes nothing, which is what makes a
 * redelivery (or a producer re-sending the same task id) a no-op. Two deliveries racing each
 * other meet at the primary key: the second waits for the first to commit, then sees the row.
 */
export async function claimInboundMessage(tx: Tx, p: InboundClaim): Promise<boolean> {
  return (await claimInboundMessages(tx, [p])).has(p.messageId);
}

/** claimInboundMessage for many messages in one statement; returns the ids claimed now. */
export async function claimInboundMessages(tx: Tx, claims: InboundClaim[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const rows = await insertRows(
    tx,
    inboundMessages,
    claims.map((c) => ({ messageId: c.messageId, source: c.source, taskName: c.taskName ?? null })),
    { onConflictDoNothing: sql``, returning: ['messageId'] },
  );
  return new Set(rows.map((r) => r.messageId));
}

/** Ties claimed messages to the tickets they created or repeated, in one statement. */
export async function linkInboundMessages(tx: Tx, links: Array<{ messageId: string; ticketId: number }>): Promise<void> {
  if (links.length === 0) return;
  await executePrepared(
    tx,
    sql`
    update ${inboundMessages} set ticket_id = v.ticket_id
    from jsonb_to_recordset(${JSON.stringify(links.map((l) => ({ message_id: l.messageId, ticket_id: l.ticketId })))}::jsonb) as v(message_id text, ticket_id int)
    where ${inboundMessages.messageId} = v.message_id`,
  );
}

/** Gives claims of this transaction back (their message was refused): a later delivery is not a repeat. */
export async function releaseInboundMessages(tx: Tx, messageIds: string[]): Promise<void> {
  if (messageIds.length) await tx.delete(inboundMessages).where(inArray(inboundMessages.messageId, messageIds));
}

/** Which of these message ids have been applied (claimed by a committed transaction). */
export async function listClaimedMessageIds(db: DbOrTx, messageIds: string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await db.select({ id: inboundMessages.messageId }).from(inboundMessages).where(inArray(inboundMessages.messageId, messageIds));
  return new Set(rows.map((r) => r.id));
}
