import { asc } from 'drizzle-orm';
import { isActiveTtsRole, requireAdmin } from '../auth/roles';
import type { DbOrTx } from '../db/client';
import { roles } from '../db/schema';

/**
 * The roles a workflow step may name (role and escalation role): active roles of system `tts`,
 * the same set validateWorkflow accepts. Admins only.
 */
export async function listRoleChoices(db: DbOrTx, p: { actorUserId: number }): Promise<Array<{ id: number; name: string }>> {
  await requireAdmin(db, p.actorUserId, 'Listing roles');
  return db.select({ id: roles.id, name: roles.name }).from(roles).where(isActiveTtsRole()).orderBy(asc(roles.name), asc(roles.id));
}
