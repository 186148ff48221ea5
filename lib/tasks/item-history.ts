import type { DbOrTx } from '../db/client';
import { type TaskItemStatus, taskItemHistory } from '../db/schema';
import { publishTaskItemChanged } from '../realtime/publish';

export interface ItemHistoryEntry {
  taskItemId: number;
  /** The item's status after the change. */
  status: TaskItemStatus;
  action: string;
  actorUserId: number | null;
  note?: string | null;
  details?: Record<string, unknown>;
  at: Date;
}

/**
 * Appends one line to an item's history; call it in the transaction of the change it records.
 * Every change of an item passes here, so this is also where `task-item:changed` is announced to
 * the open pages of its holder and coordinator (on commit).
 */
export async function addItemHistory(db: DbOrTx, e: ItemHistoryEntry): Promise<void> {
  await db.insert(taskItemHistory).values({
    taskItemId: e.taskItemId,
    status: e.status,
    action: e.action,
    actorUserId: e.actorUserId,
    note: e.note ?? null,
    details: e.details ?? {},
    createdAt: e.at,
  });
  await publishTaskItemChanged(db, e.taskItemId, e.status);
}
