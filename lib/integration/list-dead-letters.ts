import { and, desc, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { deadLetters } from '../db/schema';
import { requireAdmin } from '../auth/roles';
import type { ListDeadLettersQuery } from './schemas';

/**
 * Inbound broker messages TTS gave up on, newest first, each with why: unreadable, unknown task,
 * invalid payload, a membership whose role never came. Admins only. Paged by id (`cursor` is the
 * previous page's `next_cursor`), which stays stable while new dead letters arrive. `state`: open
 * (not discarded; replayed ones included, with their outcome), discarded, or all.
 */
export async function listDeadLetters(db: DbOrTx, p: ListDeadLettersQuery & { actorUserId: number }) {
  await requireAdmin(db, p.actorUserId, 'Listing dead letters');
  const rows = await db
    .select()
    .from(deadLetters)
    .where(
      and(
        p.queue ? eq(deadLetters.queue, p.queue) : undefined,
        p.cursor ? lt(deadLetters.id, p.cursor) : undefined,
        p.state === 'open' ? isNull(deadLetters.discardedAt) : p.state === 'discarded' ? isNotNull(deadLetters.discardedAt) : undefined,
      ),
    )
    .orderBy(desc(deadLetters.id))
    .limit(p.limit + 1);
  const page = rows.slice(0, p.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      queue: r.queue,
      task_name: r.taskName,
      message_id: r.messageId,
      reason: r.reason,
      headers: r.headers,
      body: r.body,
      created_at: r.createdAt.toISOString(),
      replayed_at: r.replayedAt?.toISOString() ?? null,
      replayed_by: r.replayedBy,
      replay_outcome: r.replayOutcome,
      discarded_at: r.discardedAt?.toISOString() ?? null,
      discarded_by: r.discardedBy,
    })),
    next_cursor: rows.length > p.limit ? page[page.length - 1].id : null,
  };
}
