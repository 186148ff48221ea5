import { type CommentJson } from '@/lib/comments/comment-json';
import { listCommentsByIds } from '@/lib/comments/list-comments';
import type { Db } from '@/lib/db/client';
import { describeError } from '@/lib/db/driver-error';
import { listInAppNotificationsByIds } from '@/lib/notifications/list-notifications-by-ids';
import { REALTIME_CHANNEL, type RealtimeEvent, realtimeEventSchema } from '@/lib/realtime/events';

export type CommentOp = 'created' | 'updated' | 'deleted';

/** The `task-item:changed` event: a hint that pages showing this item (or its ticket) refetch. */
export interface TaskItemChanged {
  task_item_id: number;
  status: string;
  ticket_number?: string;
}

/** Where the fan-out delivers: this sidecar's own sockets. */
export interface FanOutTargets {
  hasTicketListeners(ticketNumber: string): boolean;
  hasUserListeners(userId: number): boolean;
  emitComment(op: CommentOp, comment: CommentJson): void;
  emitToUser(userId: number, event: string, payload: unknown): void;
  /** `task-item:changed` once to every socket in any of these users' rooms or the ticket's room. */
  emitTaskItemChanged(userIds: number[], ticketNumber: string | null, payload: TaskItemChanged): void;
  /** The LISTEN connection was lost and is back: what was announced meanwhile is unknown. */
  resync(): void;
}

export interface FanOut {
  isListening(): boolean;
  close(): Promise<void>;
}

/**
 * The one LISTEN connection of this sidecar, and the delivery of what it hears to local sockets.
 * Announcements carry ids only; the rows are read here, once per batch (everything heard while
 * the previous batch was being delivered), and only for rooms that have someone in them on this
 * sidecar. postgres.js re-LISTENs by itself after a lost connection; the clients are then told to
 * catch up (`resync`), since announcements made while it was away are gone.
 */
export async function startFanOut(db: Db, targets: FanOutTargets, log: (m: string) => void): Promise<FanOut> {
  let pending: RealtimeEvent[] = [];
  let flushing: Promise<void> | null = null;
  let isListening = false;
  let listens = 0;

  const flush = async () => {
    while (pending.length) {
      const batch = pending;
      pending = [];
      try {
        await deliver(batch);
      } catch (err) {
        log(`delivery failed (clients catch up on their next fetch): ${describeError(err)}`);
      }
    }
    flushing = null;
  };

  const deliver = async (batch: RealtimeEvent[]) => {
    const commentOps = batch.flatMap((e) => (e.k === 'comment' && targets.hasTicketListeners(e.ticket) ? [{ op: e.op, id: e.id }] : []));
    const notificationIds = batch.flatMap((e) => (e.k === 'notification' && targets.hasUserListeners(e.user) ? [e.id] : []));
    for (const e of batch) {
      if (e.k !== 'task_item') continue;
      const users = e.users.filter((u) => targets.hasUserListeners(u));
      const ticket = e.ticket && targets.hasTicketListeners(e.ticket) ? e.ticket : null;
      if (users.length || ticket) {
        targets.emitTaskItemChanged(users, ticket, { task_item_id: e.id, status: e.status, ...(e.ticket ? { ticket_number: e.ticket } : {}) });
      }
    }
    const [comments, rows] = await Promise.all([
      commentOps.length ? listCommentsByIds(db, [...new Set(commentOps.map((c) => c.id))]) : [],
      listInAppNotificationsByIds(db, notificationIds),
    ]);
    const byId = new Map(comments.map((c) => [c.id, c]));
    for (const { op, id } of commentOps) {
      const comment = byId.get(id);
      if (comment) targets.emitComment(op, comment);
    }
    for (const { userId, notification } of rows) targets.emitToUser(userId, 'notification:new', { notification });
  };

  const onNotify = (payload: string) => {
    let event: RealtimeEvent;
    try {
      const parsed = realtimeEventSchema.safeParse(JSON.parse(payload));
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.path.join('.')).join(', '));
      event = parsed.data;
    } catch (err) {
      log(`ignored an announcement that is not one: ${(err as Error).message}`);
      return;
    }
    pending.push(event);
    flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
  };

  const listening = await db.$client.listen(REALTIME_CHANNEL, onNotify, () => {
    isListening = true;
    if (listens++ > 0) {
      log('LISTEN is back after a lost connection: clients catch up');
      targets.resync();
    }
  });
  return {
    isListening: () => isListening,
    close: async () => {
      isListening = false;
      await listening.unlisten().catch(() => {});
      await flushing;
    },
  };
}
