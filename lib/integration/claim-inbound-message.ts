import type { Tx } from '../db/client';
import { inboundMessages } from '../db/schema';

/**
 * Records that a broker message was taken, inside the transaction that applies its effect. False
 * when the id was already recorded: the caller then changes nothing, which is what makes a
 * redelivery (or a producer re-sending the same task id) a no-op. Two deliveries racing each
 * other meet at the primary key: the second waits for the first to commit, then sees the row.
 */
export async function claimInboundMessage(tx: Tx, p: { messageId: string; source: string; taskName?: string }): Promise<boolean> {
  const [claimed] = await tx
    .insert(inboundMessages)
    .values({ messageId: p.messageId, source: p.source, taskName: p.taskName ?? null })
    .onConflictDoNothing()
    .returning({ messageId: inboundMessages.messageId });
  return claimed !== undefined;
}
