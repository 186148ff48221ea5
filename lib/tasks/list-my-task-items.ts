import type { DbOrTx } from '../db/client';
import { listTaskItems } from './list-task-items';

export type { SlaState } from '../sla/sla-state';

/**
 * The caller's open task items (new, in progress or breached), most urgent first, with the ticket, step and
 * SLA state: the agent's inbox. The same list as `GET /api/v1/task-items?mine=true`.
 */
export async function listMyTaskItems(db: DbOrTx, userId: number, now = new Date()) {
  const { items } = await listTaskItems(db, { actorUserId: userId, mine: true, limit: 200, offset: 0, now });
  return items;
}
