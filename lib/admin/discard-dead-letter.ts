import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit';
import { requireAdmin } from '../auth/roles';
import type { Db } from '../db/client';
import { deadLetters } from '../db/schema';
import { AppError, notFound } from '../errors';

/**
 * An admin decides a dead letter needs nothing more: it leaves the open list, kept (with who and
 * when, audited) for the record. Discarding twice is refused (409), like replaying twice.
 */
export async function discardDeadLetter(db: Db, p: { actorUserId: number; deadLetterId: number }) {
  await requireAdmin(db, p.actorUserId, 'Discarding dead letters');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(deadLetters)
      .set({ discardedAt: sql`now()`, discardedBy: p.actorUserId })
      .where(and(eq(deadLetters.id, p.deadLetterId), isNull(deadLetters.discardedAt)))
      .returning();
    if (!row) {
      const [existing] = await tx.select({ id: deadLetters.id }).from(deadLetters).where(eq(deadLetters.id, p.deadLetterId));
      if (!existing) throw notFound('Dead letter');
      throw new AppError('CONFLICT', `Dead letter ${p.deadLetterId} was already discarded`);
    }
    await recordAudit(tx, {
      actorUserId: p.actorUserId,
      action: 'dead_letter.discarded',
      entityType: 'dead_letter',
      entityId: row.id,
      data: { queue: row.queue, task_name: row.taskName, message_id: row.messageId },
    });
    return row;
  });
}
