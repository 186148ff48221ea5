import { and, eq, isNull, sql } from 'drizzle-orm';
import { type DecodedCeleryTask, PoisonMessageError, decodeCeleryMessage } from '../amqp/decode-celery-message';
import { recordAudit } from '../audit/record-audit';
import { requireAdmin } from '../auth/roles';
import type { Db } from '../db/client';
import { deadLetters } from '../db/schema';
import { AppError, notFound } from '../errors';

/**
 * What the broker bridge runs for each inbound Celery task (workers/amqp-bridge/inbound-tasks.ts):
 * the edge that replays passes the same map, so a replay goes through exactly the rules a live
 * delivery does.
 */
export type InboundTaskRunner = (db: Db, task: DecodedCeleryTask) => Promise<{ isDuplicate: boolean }>;

export type ReplayOutcome = 'applied' | 'already_applied' | 'failed';

/**
 * Runs a dead-lettered inbound message again, once, as the bridge would have (typically after the
 * cause is fixed: the role a membership waited for has arrived, a workflow now exists, a bug is
 * fixed). The replay is claimed first in its own transaction (conditional on no earlier replay or
 * discard), so two admins clicking at once run it once and the second is refused (409); the claim
 * and who made it are audited. The task keeps its Celery id, so if its effect was applied after all
 * (the producer re-sent it) the replay is a no-op. A membership parked until its role expired had
 * its id taken when it was parked, so it runs under an id of its own (`dead-letter:<id>`).
 *
 * A replay that fails for good is recorded with its reason and stays used; one that fails because
 * the database was away gives its claim back, so it can be tried again.
 */
export async function replayDeadLetter(
  db: Db,
  p: { actorUserId: number; deadLetterId: number; runners: Record<string, InboundTaskRunner> },
) {
  await requireAdmin(db, p.actorUserId, 'Replaying dead letters');
  const letter = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(deadLetters)
      .set({ replayedAt: sql`now()`, replayedBy: p.actorUserId, replayOutcome: null })
      .where(and(eq(deadLetters.id, p.deadLetterId), isNull(deadLetters.replayedAt), isNull(deadLetters.discardedAt)))
      .returning();
    if (!claimed) {
      const [row] = await tx.select().from(deadLetters).where(eq(deadLetters.id, p.deadLetterId));
      if (!row) throw notFound('Dead letter');
      if (row.discardedAt) throw new AppError('CONFLICT', `Dead letter ${row.id} was discarded; it cannot be replayed`);
      throw new AppError(
        'CONFLICT',
        `Dead letter ${row.id} was already replayed at ${row.replayedAt!.toISOString()} by user ${row.replayedBy}${row.replayOutcome ? ` (${row.replayOutcome})` : ''}; a message is replayed once`,
      );
    }
    await recordAudit(tx, {
      actorUserId: p.actorUserId,
      action: 'dead_letter.replayed',
      entityType: 'dead_letter',
      entityId: claimed.id,
      data: { queue: claimed.queue, task_name: claimed.taskName, message_id: claimed.messageId },
    });
    return claimed;
  });

  let outcome: ReplayOutcome;
  let detail: string | null = null;
  try {
    const task = taskOf(letter);
    const runner = Object.hasOwn(p.runners, task.task) ? p.runners[task.task] : undefined;
    if (!runner) throw new PoisonMessageError(`unknown task "${task.task}"`);
    const result = await runner(db, task);
    outcome = result.isDuplicate ? 'already_applied' : 'applied';
  } catch (err) {
    const reason = permanentReason(err);
    if (reason === null) {
      // Not the message's fault (database away, deadlock): the claim is given back.
      await db.update(deadLetters).set({ replayedAt: null, replayedBy: null }).where(eq(deadLetters.id, letter.id));
      throw new AppError('UNAVAILABLE', `Replay of dead letter ${letter.id} could not run; try again: ${(err as Error).message}`);
    }
    outcome = 'failed';
    detail = reason;
  }
  const text = detail ? `${outcome}: ${detail}`.slice(0, 4000) : outcome;
  const [row] = await db.update(deadLetters).set({ replayOutcome: text }).where(eq(deadLetters.id, letter.id)).returning();
  return { deadLetter: row, outcome, reason: detail };
}

/** The stored message as a decoded task, ready to run. */
function taskOf(letter: typeof deadLetters.$inferSelect): DecodedCeleryTask {
  if (letter.headers === null) {
    // A membership parked for its role (lib/roles/expire-pending-role-users.ts): the body is the
    // task's payload argument, not a whole Celery message.
    let payload: unknown;
    try {
      payload = JSON.parse(letter.body);
    } catch {
      throw new PoisonMessageError('the stored body is not JSON');
    }
    return { protocol: 2, task: letter.taskName ?? '', id: `dead-letter:${letter.id}`, args: [], kwargs: { payload }, expires: null };
  }
  const content = letter.body.startsWith('base64:')
    ? Buffer.from(letter.body.slice('base64:'.length).split('\n')[0], 'base64')
    : Buffer.from(letter.body, 'utf8');
  const task = decodeCeleryMessage({ content, properties: { headers: letter.headers, contentType: undefined, contentEncoding: undefined, correlationId: undefined } });
  // An admin's replay is a decision to run it now: Celery's `expires` was about the original send.
  return { ...task, expires: null };
}

function permanentReason(err: unknown): string | null {
  if (err instanceof PoisonMessageError) return err.reason;
  if (err instanceof AppError && err.isPermanent) {
    const issues = err.issues?.length ? ` [${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}]` : '';
    return `${err.code}: ${err.message}${issues}`;
  }
  return null;
}
